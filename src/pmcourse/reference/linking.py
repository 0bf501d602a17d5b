"""Link each lesson's bolded terms to the glossary (first use of each term).

``**total float**`` becomes ``[**total float**](glossary.ipynb#term-total-float)``
the first time a lesson bolds it; later uses stay as they are. Running it
again changes nothing (idempotent), so it can be re-run after lessons change:
``python -m pmcourse.reference --link-lessons``.

Used in: every lesson (links to the glossary).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pmcourse.reference.glossary import anchor, bolded_terms, lookup

__all__ = ["link_lesson", "link_markdown"]

#: Sentence of the self-check sections before and after this change.
OLD_NOTE = "Nothing is recorded."
NEW_NOTE = (
    "Your answers are kept only on your computer, for "
    "[My progress](00a_my_progress.ipynb)."
)


def link_markdown(markdown: str, seen: set[str], target: str = "glossary.ipynb") -> str:
    """Link the first bolded use of each glossary term not yet in ``seen``.

    Parameters
    ----------
    markdown : str
        One markdown cell.
    seen : set of str
        Terms already linked in this lesson (updated in place).
    target : str
        The glossary notebook, relative to the lesson.

    Returns
    -------
    str

    Examples
    --------
    >>> seen = set()
    >>> link_markdown("**Lag**, then **lag**.", seen)
    '[**Lag**](glossary.ipynb#term-lag), then **lag**.'
    >>> link_markdown("[**critical path**](glossary.ipynb#term-critical-path)", set())
    '[**critical path**](glossary.ipynb#term-critical-path)'

    Used in: every lesson (links to the glossary).
    """
    terms = set(bolded_terms(markdown))

    def replace(match: re.Match[str]) -> str:
        text = re.sub(r"\s+", " ", match.group(2).strip())
        linked = match.group(1) is not None
        term = lookup(text) if text in terms else None
        if term is None:
            return match.group(0)
        if linked:
            seen.add(term)
            return match.group(0)
        if term in seen:
            return match.group(0)
        seen.add(term)
        return f"[**{match.group(2)}**]({target}#{anchor(term)})"

    pattern = re.compile(r"(\[)?\*\*([^*]+?)\*\*(?(1)\]\([^)]*\))")
    return pattern.sub(replace, markdown)


def link_lesson(path: Path) -> bool:
    """Link a lesson notebook's terms in place; return whether it changed.

    Only markdown cells change, and only by the links (and the self-check
    note that answers are now kept for My progress).

    Parameters
    ----------
    path : Path

    Returns
    -------
    bool
    """
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    seen: set[str] = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"]
        joined = source if isinstance(source, str) else "".join(source)
        new = link_markdown(joined.replace(OLD_NOTE, NEW_NOTE), seen)
        if new != joined:
            parts = new.split("\n")
            cell["source"] = [p + "\n" for p in parts[:-1]] + (
                [parts[-1]] if parts[-1] else []
            )
    out = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if out == text:
        return False
    path.write_text(out, encoding="utf-8")
    return True
