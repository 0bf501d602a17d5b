"""Sphinx extension of the course website: live links, offline maths.

- MyST-NB's toggle of folded code is named by what it shows (WCAG 2.5.3).

- Every "run this in JupyterLab" link that a simulation's static form
  carries (:data:`pmcourse.widgets.static.RUN_LINK`) becomes the page's own
  link: an nbgitpuller link that opens the lesson on the course's JupyterHub
  when ``HUB_URL`` is set in ``conf.py``, else the page that explains how to
  run the course in JupyterLab.
- MathJax is copied from the ``mathjax`` Python package into the site, so
  formulas render with no network.
"""

from __future__ import annotations

import html
import posixpath
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sphinx.application import Sphinx

from pmcourse.widgets.static import RUN_LINK

#: What MathJax's combined TeX component loads at run time, under its folder.
MATHJAX_PARTS = (
    "tex-mml-chtml.js",
    "output/chtml/fonts/woff-v2",
    "input/tex/extensions",
    "a11y",
    "ui",
)
#: The page that explains how to run the course (no hub configured).
RUN_PAGE = "run_in_jupyterlab"


def hub_link(hub_url: str, repository: str, branch: str, path: str) -> str:
    """Return the nbgitpuller link that opens ``path`` of the course on a hub.

    Parameters
    ----------
    hub_url : str
        The hub's address, e.g. ``https://hub.example.edu``.
    repository, branch : str
        The course's git repository and branch.
    path : str
        The notebook's path inside the repository.

    Returns
    -------
    str

    Examples
    --------
    >>> hub_link("https://hub.example.edu/", "https://github.com/o/pmcourse",
    ...          "main", "notebooks/03_scheduling.ipynb")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fpmcourse&branch=main&urlpath=lab%2Ftree%2Fpmcourse%2Fnotebooks%2F03_scheduling.ipynb'
    """  # noqa: E501
    folder = repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode(
        {"repo": repository, "branch": branch, "urlpath": f"lab/tree/{folder}/{path}"},
        quote_via=quote,
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def _run_link(app: Sphinx, pagename: str) -> str:
    config = app.config
    hub = config.html_theme_options.get("launch_buttons", {}).get("jupyterhub_url")
    source = app.env.doc2path(pagename, False)
    if hub:
        return hub_link(
            hub,
            config.html_theme_options["repository_url"],
            config.html_theme_options["repository_branch"],
            str(source),
        )
    return posixpath.relpath(RUN_PAGE, posixpath.dirname(pagename) or ".") + ".html"


#: MyST-NB's folded-code toggle: its label hides the visible "Show code cell
#: source" from its name (WCAG 2.5.3); without it, the name is what it shows.
FOLD_TOGGLE = '<summary aria-label="Toggle hidden content">'


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if doctree is None or not isinstance(body, str):
        return
    body = context["body"] = body.replace(FOLD_TOGGLE, "<summary>")
    if RUN_LINK not in body:
        return
    link = html.escape(_run_link(app, pagename), quote=True)
    context["body"] = body.replace(f'href="{RUN_LINK}"', f'href="{link}"')


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import mathjax  # the django-static-mathjax package: MathJax 3, as files

    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's hooks with Sphinx."""
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
