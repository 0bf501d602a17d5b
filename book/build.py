"""Build the course website: ``python book/build.py`` (``make book``).

1. Lay out the sources in a staging folder (``book/_build/source``): the
   pages of ``book/pages/``, every notebook of ``notebooks/`` (lessons,
   glossary, formula sheet...), the student versions in ``exercises/``, and
   two pages made here from the lessons: the course map and the CAPM outline
   mapping. Files are copied only when they changed, so Sphinx rebuilds only
   what changed.
2. Run Sphinx with ``book/conf.py``. MyST-NB executes each lesson once, in a
   cache keyed on the notebook's code and on a fingerprint of the library
   (``src/pmcourse``) and the course data, so a change to either re-executes.
   Simulations take their static form (``PMCOURSE_STATIC_WIDGETS``).
3. Print the time it took and the size of the site, a plain static folder
   (``book/_build/html``) that any web server or static host can serve.

No network is needed: everything comes from the virtual environment.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
BUILD = BOOK / "_build"

#: A lesson's number and name: ``03_scheduling.ipynb``.
LESSON = re.compile(r"^(\d+)[a-z]?_")
#: One reference to the exam outline: "Domain 2, Task 3 (cost variances)".
OUTLINE_TASK = re.compile(r"Domain (\d), Task (\d+)(?: \(([^)]*)\))?")
TIME = re.compile(r"\*\*Time:\*\*\s*(.+?)(?:\n\n|$)", re.S)


@dataclass(frozen=True)
class Notebook:
    """A notebook of ``notebooks/`` as the site lists it."""

    path: Path
    title: str
    time: str
    number: str | None

    @property
    def stem(self) -> str:
        """The file name without ``.ipynb``."""
        return self.path.stem


@dataclass(frozen=True)
class Report:
    """What a build made: how long it took and how big the site is."""

    site: Path
    seconds: float
    pages: int
    size_bytes: int
    files: int

    def __str__(self) -> str:
        return (
            f"book: {self.pages} pages, {self.files} files, "
            f"{self.size_bytes / 1e6:.1f} MB in {self.site}, "
            f"built in {self.seconds:.0f} s"
        )


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def read_notebook(path: Path) -> Notebook:
    """Return a notebook's title (its first heading), time and lesson number.

    Parameters
    ----------
    path : Path
        A notebook of ``notebooks/``.

    Returns
    -------
    Notebook
    """
    title, time_text = path.stem.replace("_", " "), ""
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        heading = re.search(r"^#\s+(.+)$", text, re.M)
        if heading:
            title = heading.group(1).strip()
            found = TIME.search(text)
            time_text = " ".join(found.group(1).split()) if found else ""
            break
    number = LESSON.match(path.name)
    return Notebook(path, title, time_text, number.group(1) if number else None)


def notebooks(root: Path = ROOT) -> list[Notebook]:
    """Return every notebook of ``notebooks/``, in file-name order.

    Parameters
    ----------
    root : Path
        The course repository.

    Returns
    -------
    list of Notebook
    """
    return [read_notebook(p) for p in sorted((root / "notebooks").glob("*.ipynb"))]


def exercises(root: Path = ROOT) -> list[Path]:
    """Return the student versions in ``exercises/``, in file-name order.

    Parameters
    ----------
    root : Path

    Returns
    -------
    list of Path
    """
    return sorted(
        p
        for p in (root / "exercises").glob("*/*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def _exercise_for(number: str, found: list[Path]) -> Path | None:
    for path in found:
        if re.match(rf"ps{int(number):02d}_", path.parent.name):
            return path
    return None


def course_map(root: Path = ROOT) -> str:
    """Return the course map page (MyST): every lesson with its exercise.

    Parameters
    ----------
    root : Path

    Returns
    -------
    str
    """
    found = exercises(root)
    lines = [
        "# Course map",
        "",
        "Work through the lessons in order: each one teaches with text, worked",
        "examples and simulations, and ends with self-check questions. Then do",
        "its problem set, graded when you hand it in. The reference pages help",
        "at any time.",
        "",
        "| # | lesson | time | problem set |",
        "|---|---|---|---|",
    ]
    reference = []
    for nb in notebooks(root):
        link = f"[{nb.title}](notebooks/{nb.path.name})"
        if nb.number is None:
            reference.append(f"- {link}")
            continue
        exercise = _exercise_for(nb.number, found)
        if exercise is not None:
            rel = exercise.relative_to(root).as_posix()
            exercise_link = f"[{read_notebook(exercise).title}]({rel})"
        else:
            exercise_link = "none"
        lines.append(f"| {nb.number} | {link} | {nb.time or '–'} | {exercise_link} |")
    lines += ["", "## Reference", ""]
    lines += reference
    lines += [
        "- [The CAPM exam outline, lesson by lesson](capm_outline.md)",
        "- [Run the course in JupyterLab](run_in_jupyterlab.md)",
        "",
    ]
    return "\n".join(lines)


def _toctree(caption: str, entries: list[str]) -> str:
    if not entries:
        return ""
    body = "\n".join(entries)
    return f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n\n{body}\n```\n"


def front_page(root: Path = ROOT) -> str:
    """Return the front page: ``book/pages/index.md`` and the tables of contents.

    Every notebook of ``notebooks/`` is listed, in file-name order: the
    numbered ones as lessons, the others (glossary, formula sheet) as
    reference, so a new notebook appears without editing anything.

    Parameters
    ----------
    root : Path

    Returns
    -------
    str
    """
    lessons = [nb for nb in notebooks(root) if nb.number is not None]
    others = [nb for nb in notebooks(root) if nb.number is None]
    found = exercises(root)
    text = (BOOK / "pages" / "index.md").read_text(encoding="utf-8")
    return "\n".join(
        [
            text,
            _toctree("Lessons", [f"notebooks/{nb.stem}" for nb in lessons]),
            _toctree(
                "Problem sets",
                [p.relative_to(root).with_suffix("").as_posix() for p in found],
            ),
            _toctree(
                "Reference",
                ["course_map", "capm_outline"]
                + [f"notebooks/{nb.stem}" for nb in others]
                + (
                    ["docs/CAPM_REFERENCE"]
                    if (root / "docs" / "CAPM_REFERENCE.md").is_file()
                    else []
                )
                + ["run_in_jupyterlab"],
            ),
        ]
    )


def outline_rows(path: Path) -> list[tuple[str, str]]:
    """Return a lesson's objectives and the exam outline each one serves.

    Reads the objectives table of the lesson's first cell (the column headed
    "CAPM outline").

    Parameters
    ----------
    path : Path
        A lesson notebook.

    Returns
    -------
    list of (objective, outline) pairs
    """
    rows: list[tuple[str, str]] = []
    cells = [c for c in _cells(path) if c["cell_type"] == "markdown"][:1]
    for cell in cells:
        header: list[str] | None = None
        for line in _source(cell).splitlines():
            if not line.startswith("|"):
                header = None
                continue
            parts = [p.strip() for p in line.strip().strip("|").split("|")]
            if header is None:
                header = parts
                continue
            if set("".join(parts)) <= set("-: "):
                continue
            if "CAPM outline" in header and len(parts) == len(header):
                row = dict(zip(header, parts, strict=True))
                objective = next(
                    v for k, v in row.items() if k.startswith("by the end")
                )
                rows.append((objective, row["CAPM outline"]))
    return rows


def capm_outline(root: Path = ROOT) -> str:
    """Return the CAPM outline mapping page (MyST): which lesson serves which task.

    Parameters
    ----------
    root : Path

    Returns
    -------
    str
    """
    from pmcourse.capm import DOMAIN_NAMES, OUTLINE_WEIGHTS

    served: dict[tuple[int, int], list[str]] = {}
    for nb in notebooks(root):
        if nb.number is None:
            continue
        for objective, outline in outline_rows(nb.path):
            if " to Domain" in outline:  # a range: the whole outline
                continue
            for domain, task, detail in OUTLINE_TASK.findall(outline):
                what = f" ({detail})" if detail else ""
                served.setdefault((int(domain), int(task)), []).append(
                    f"[lesson {nb.number}](notebooks/{nb.path.name}): {objective}{what}"
                )
    lines = [
        "# The CAPM exam outline, lesson by lesson",
        "",
        "The CAPM exam follows a content outline of four domains, each split",
        "into tasks. Every lesson opens with its objectives and the part of the",
        "outline each serves; this page turns that around: for each domain and",
        "task, the lessons and objectives that prepare you for it.",
        "",
    ]
    for domain, name in DOMAIN_NAMES.items():
        weight = round(100 * OUTLINE_WEIGHTS[domain])
        lines += [f"## Domain {domain}: {name} ({weight} % of the exam)", ""]
        tasks = sorted(t for d, t in served if d == domain)
        if not tasks:
            lines += ["No lesson names this domain yet.", ""]
        for task in tasks:
            lines += [f"### Domain {domain}, task {task}", ""]
            lines += [f"- {item}" for item in served[(domain, task)]]
            lines.append("")
    return "\n".join(lines)


def _sync(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` unless it is already there, unchanged."""
    if target.exists() and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _write(target: Path, text: str) -> None:
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def fold_self_checks(text: str) -> str:
    """Fold away the code of self-check cells (it names the answer).

    A cell that builds a ``SelfCheck`` gets MyST-NB's ``hide-input`` tag: the
    page shows the question, and its code only on request.

    Parameters
    ----------
    text : str
        A notebook, as JSON text.

    Returns
    -------
    str
        The notebook, as JSON text (unchanged when it has no self-check).
    """
    notebook = json.loads(text)
    changed = False
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and _source(cell).lstrip().startswith(
            "SelfCheck("
        ):
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
                changed = True
    return (
        json.dumps(notebook, indent=1, ensure_ascii=False) + "\n" if changed else text
    )


def stage(root: Path, folder: Path) -> list[Path]:
    """Lay out the site's sources in ``folder``; return the files placed there.

    Files that were staged before and no longer have a source are removed.

    Parameters
    ----------
    root : Path
        The course repository.
    folder : Path
        The staging folder (created if missing).

    Returns
    -------
    list of Path
    """
    placed: list[Path] = []
    pages = BOOK / "pages"
    for page in sorted(pages.rglob("*")):
        if page.is_file() and page.name != "index.md":
            placed.append(folder / page.relative_to(pages))
            _sync(page, placed[-1])
    for nb in notebooks(root):
        placed.append(folder / "notebooks" / nb.path.name)
        _write(placed[-1], fold_self_checks(nb.path.read_text(encoding="utf-8")))
    # the exam reference that lesson 09 links to
    for extra in ("docs/CAPM_REFERENCE.md",):
        if (root / extra).is_file():
            placed.append(folder / extra)
            _sync(root / extra, placed[-1])
    for exercise in exercises(root):
        for item in sorted(exercise.parent.iterdir()):
            if item.is_file() and not item.name.startswith("."):
                placed.append(folder / item.relative_to(root))
                _sync(item, placed[-1])
    for name, text in (
        ("index.md", front_page(root)),
        ("course_map.md", course_map(root)),
        ("capm_outline.md", capm_outline(root)),
    ):
        placed.append(folder / name)
        _write(placed[-1], text)
    keep = set(placed)
    for old in sorted(folder.rglob("*"), reverse=True):
        if old.is_file() and old not in keep:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    return placed


def fingerprint(root: Path = ROOT) -> str:
    """Return a short hash of the library and the course data.

    Lessons call the library; when it changes, their outputs may change,
    so the execution cache is kept per fingerprint.

    Parameters
    ----------
    root : Path

    Returns
    -------
    str
        12 hexadecimal digits.
    """
    digest = hashlib.sha256()
    for folder in ("src/pmcourse", "datasets"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def build(
    root: Path = ROOT,
    output: Path = BUILD,
    *,
    hub_url: str | None = None,
    cache: Path | None = None,
) -> Report:
    """Build the website into ``output/html``; return what it made.

    Parameters
    ----------
    root : Path
        The course repository.
    output : Path
        The build folder: ``source`` (staging), ``doctrees`` and ``html``.
    hub_url : str, optional
        The course's JupyterHub (overrides ``PMCOURSE_HUB_URL``).
    cache : Path, optional
        Where executed notebooks are cached (``book/_build/.jupyter_cache``,
        whatever the output folder, so builds elsewhere share it).

    Returns
    -------
    Report

    Raises
    ------
    subprocess.CalledProcessError
        If Sphinx fails: a lesson that does not execute, a broken
        cross-reference or any other warning.
    """
    start = time.perf_counter()
    source = output / "source"
    stage(root, source)
    caches = cache or BUILD / ".jupyter_cache"
    current = caches / fingerprint(root)
    if caches.is_dir():
        for old in caches.iterdir():
            if old != current:
                shutil.rmtree(old, ignore_errors=True)
    html = output / "html"
    env = dict(os.environ)
    env["PMCOURSE_STATIC_WIDGETS"] = "1"
    env["PMCOURSE_BOOK_CACHE"] = str(current)
    if hub_url is not None:
        env["PMCOURSE_HUB_URL"] = hub_url
    with tempfile.TemporaryDirectory(prefix="pmcourse-book-") as tmp:
        # the kernels' own settings folders, so a user's profile changes nothing
        env["IPYTHONDIR"] = str(Path(tmp) / "ipython")
        env["MPLCONFIGDIR"] = str(Path(tmp) / "matplotlib")
        env.pop("MPLBACKEND", None)
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(BOOK)]
        # -a: write every page (a template or the theme may have changed)
        command += ["-d", str(output / "doctrees"), "-a", "-W", "--keep-going", "-q"]
        subprocess.run([*command, str(source), str(html)], check=True, env=env)
    files, size = _size(html)
    pages = len(list(html.rglob("*.html")))
    return Report(html, time.perf_counter() - start, pages, size, files)


def main(argv: list[str] | None = None) -> int:
    """Run the build from the command line; print its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=BUILD, help="build folder")
    parser.add_argument("--hub-url", default=None, help="the course's JupyterHub")
    parser.add_argument("--cache", type=Path, default=None, help="execution cache")
    args = parser.parse_args(argv)
    cache = args.cache.resolve() if args.cache else None
    try:
        report = build(ROOT, args.output.resolve(), hub_url=args.hub_url, cache=cache)
    except subprocess.CalledProcessError as err:
        print(f"book: Sphinx failed (exit {err.returncode})", file=sys.stderr)
        return 1
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
