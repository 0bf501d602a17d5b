"""Sphinx configuration of the course website (``make book``).

The site is Jupyter Book 1's stack used directly: Sphinx, MyST-NB (executes
the lessons once, with a cache) and the Sphinx Book Theme. ``book/build.py``
lays out the sources (lessons, student exercises, generated course map and
CAPM outline pages) in a staging folder and runs Sphinx on it with this file;
see the README's "The course as a website".

The one setting an instructor changes is the JupyterHub address
(``HUB_URL`` below, or ``make book HUB_URL=https://hub.example.edu``): with it,
every lesson gets a launch button and every simulation a link that opens that
lesson live on the hub through nbgitpuller.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
sys.path.insert(0, str(BOOK / "_ext"))

# --- the settings an instructor may change ----------------------------------

#: The course's JupyterHub, e.g. "https://hub.example.edu" ("" = no hub).
HUB_URL = os.environ.get("PMCOURSE_HUB_URL", "")
#: The git repository nbgitpuller copies onto the hub, and its branch.
REPOSITORY_URL = os.environ.get(
    "PMCOURSE_REPOSITORY_URL", "https://github.com/pmcourse/pmcourse"
)
REPOSITORY_BRANCH = os.environ.get("PMCOURSE_REPOSITORY_BRANCH", "main")

# --- the project -------------------------------------------------------------

project = "From engineer to project lead"
author = "the pmcourse authors"
copyright = "the pmcourse authors"  # noqa: A001 (Sphinx's name)
language = "en"
root_doc = "index"

extensions = [
    "myst_nb",
    "sphinx_book_theme",
    "pmcourse_book",
]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = [
    "myst.header",  # lesson 00's table rows start with "#"
    # the glossary's term anchors are HTML ids (<a id="term-...">), which MyST
    # cannot see; the browser test checks every link's fragment on the page
    "myst.xref_missing",
]

# --- notebooks: executed once, cached by their code (and the library's) ------

nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get(
    "PMCOURSE_BOOK_CACHE", str(BOOK / "_build" / ".jupyter_cache")
)
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# student versions of the exercises are shown as they are handed out
nb_execution_excludepatterns = ["exercises/*/*.ipynb"]
# the ipywidgets JavaScript comes from a CDN: the site shows static forms instead
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# --- maths: MathJax served from the site itself (works offline) --------------

mathjax_path = "mathjax/tex-mml-chtml.js"

# --- the page ----------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "From engineer to project lead"
html_static_path = [str(BOOK / "_static")]
templates_path = [str(BOOK / "_templates")]
html_css_files = ["pmcourse.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = True  # the download button offers each page's notebook
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "launch_buttons": {
        "notebook_interface": "jupyterlab",
        "jupyterhub_url": HUB_URL,
    },
    "repository_url": REPOSITORY_URL,
    "repository_branch": REPOSITORY_BRANCH,
    "path_to_docs": "",
}
html_context = {"default_mode": "light"}
html_favicon = str(BOOK / "_static" / "favicon.svg")
