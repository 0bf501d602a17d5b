"""Checks on notebook markdown shared by the lesson and exercise tests.

JupyterLab typesets the text between two ``$`` as LaTeX, so "$524,000 and
$564,000" turns into italic garble. A dollar sign in markdown is written
``\\\\$`` in the cell source: markdown turns the two backslashes into one, and
MathJax then reads ``\\$`` as a literal dollar sign. Code spans, fenced code and
``$$...$$`` display maths are left alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

#: code blocks, code spans and display maths, where a dollar sign is not money
_SKIP = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$", re.S)
#: a dollar sign without the two backslashes in front, with some context
_BARE = re.compile(r".{0,20}(?<!\\\\)\$.{0,20}")
#: the same, only where a digit follows (an amount of money)
_BARE_MONEY = re.compile(r".{0,20}(?<!\\\\)\$(?=\d).{0,20}")


def markdown_sources(path: Path) -> list[tuple[int, str]]:
    """Return (1-based cell number, source) of each markdown cell in a notebook."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        (k, c["source"] if isinstance(c["source"], str) else "".join(c["source"]))
        for k, c in enumerate(cells, start=1)
        if c["cell_type"] == "markdown"
    ]


def bare_dollars(markdown: str, *, money_only: bool = False) -> list[str]:
    """Return the snippets around dollar signs that are not escaped as ``\\\\$``.

    With ``money_only`` only a dollar sign followed by a digit counts, so
    inline maths such as ``$x$`` is allowed.
    """
    text = _SKIP.sub(" ", markdown)
    return (_BARE_MONEY if money_only else _BARE).findall(text)
