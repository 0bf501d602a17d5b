"""The course works from an installed wheel, not only from a checkout.

The datasets ship inside the package (``pmcourse/data``, read through
``importlib.resources``); in a checkout that folder is a link to the
top-level ``datasets/`` students browse, so there is one copy of each file.
The slow test builds the wheel, installs it (not editable) into a fresh venv
and runs every lesson from a copy of ``notebooks/`` outside the repository,
as a JupyterHub image with the course installed and the notebooks in each
home would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import resources
from pathlib import Path

import nbformat
import pytest

from pmcourse import datasets

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_package_data_is_the_top_level_datasets_folder():
    """Are the package's data files, read through importlib.resources, the
    very files of datasets/ (same names, same bytes), and does load() read
    them from there?"""
    packaged = resources.files("pmcourse").joinpath("data")
    shipped = {
        entry.name: entry.read_bytes()
        for entry in packaged.iterdir()
        if entry.is_file()
    }
    assert shipped == _files(DATASETS)
    assert {f"{name}.csv" for name in datasets.available()} == {
        name for name in shipped if name.endswith(".csv")
    }
    assert Path(str(packaged)).resolve() == DATASETS.resolve()


def _build_wheel(out: Path) -> Path:
    """Build the wheel from a copy of the files the build reads."""
    src = out / "src-copy"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("src", "datasets"):
        shutil.copytree(
            ROOT / name,
            src / name,
            symlinks=True,
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (wheel,) = out.glob("pmcourse-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel installed (not editable), outside the repo.

    Third-party packages come from this test environment's site-packages
    (one ``.pth`` line), so the install takes seconds; ``pmcourse`` itself is
    only the wheel's copy (the test checks where it is imported from).
    """
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(tmp)
    venv = tmp / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [
                str(python),
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "course_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return tmp, wheel, python


@pytest.mark.slow
def test_the_wheel_carries_every_dataset(installed):
    """Does the wheel hold every CSV of datasets/ and its README as package data
    (and no dead data entry)?"""
    _, wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in _files(DATASETS):
        assert f"pmcourse/data/{name}" in names, name


@pytest.mark.slow
def test_the_installed_wheel_finds_every_declared_dependency(installed):
    """Does ``pip check`` in the fresh venv find every requirement the wheel
    declares (name and version range), so the borrowed third-party packages
    stand in for what ``pip install`` would resolve? A wheel declaring a
    package the course does not get would fail here."""
    _, wheel, python = installed
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        ]
        declared = [
            line
            for line in archive.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line
        ]
    # the check above covered real requirements, not an empty list
    assert len(declared) >= 8, declared


@pytest.mark.slow
def test_an_installed_wheel_loads_every_dataset(installed):
    """From a folder outside the repository, does the installed package (not
    the checkout) load every dataset, equal to the repository's files?"""
    tmp, _, python = installed
    code = (
        "import json, pmcourse\n"
        "from pmcourse import datasets\n"
        "print(json.dumps({'file': pmcourse.__file__, 'names': datasets.available(),"
        " 'rows': {n: len(datasets.load(n)) for n in datasets.available()}}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PMCOURSE_DATASETS"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(python), "-c", code], cwd=tmp, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert Path(seen["file"]).resolve().is_relative_to(tmp / "venv")
    csvs = sorted(p.stem for p in DATASETS.glob("*.csv"))
    assert seen["names"] == csvs
    for name in csvs:
        assert seen["rows"][name] == len(datasets.load(name)), name


@pytest.mark.slow
def test_every_lesson_runs_from_a_copy_of_notebooks_with_the_wheel(installed):
    """With the wheel installed and notebooks/ copied into a folder outside the
    repository (a student's home on a hub), does every lesson run top to
    bottom in a kernel of the fresh venv?"""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    tmp, _, python = installed
    home = tmp / "home" / "notebooks"
    shutil.copytree(
        ROOT / "notebooks", home, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    spec = tmp / "kernels" / "course"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f"]
                + ["{connection_file}"],
                "display_name": "course from the wheel",
                "language": "python",
                "env": {
                    "IPYTHONDIR": str(tmp / "ipython"),
                    "MPLCONFIGDIR": str(tmp / "matplotlib"),
                    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                    "PYTHONPATH": "",
                    "PMCOURSE_DATASETS": "",
                },
            }
        )
    )
    failures = {}
    for path in sorted(home.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(
            0,
            nbformat.v4.new_code_cell(
                "import pmcourse, pathlib\n"
                f"assert pathlib.Path(pmcourse.__file__).resolve()"
                f".is_relative_to({str(tmp / 'venv')!r}), pmcourse.__file__"
            ),
        )
        km = KernelManager(
            kernel_name="course",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp / "kernels")]),
        )
        client = NotebookClient(
            nb, km=km, timeout=300, resources={"metadata": {"path": str(home)}}
        )
        try:
            client.execute()
        except Exception as err:  # collect every lesson's failure, then report
            failures[path.name] = str(err)[-1500:]
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    assert not failures, failures
