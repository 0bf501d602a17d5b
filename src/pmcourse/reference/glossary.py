"""The course glossary, from one source: ``pmcourse/reference/glossary.yaml``.

Every term a lesson teaches in bold is defined once, with the lesson that
teaches it and its CAPM domain. :func:`bolded_terms` finds the terms a
lesson bolds (labels such as "**Time:**", whole sentences, numbers and
formulas are not terms); :func:`lookup` finds a term's entry, through the
aliases the lessons use ("**EAC**", "**work packages**").

Used in: notebooks/glossary.ipynb; every lesson (links to the glossary).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from pmcourse.capm.schema import DOMAIN_NAMES

__all__ = ["anchor", "bolded_terms", "glossary", "glossary_markdown", "lookup"]

_BOLD = re.compile(r"\*\*([^*]+?)\*\*")
_NONZERO_DAY = re.compile(r"^day [1-9]\d*$")
_NUMBERED = re.compile(r"^\d+,")


@functools.cache
def _source() -> dict[str, Any]:
    text = resources.files("pmcourse.reference").joinpath("glossary.yaml")
    return yaml.safe_load(text.read_text(encoding="utf-8"))


def _key(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower())
    return text.replace("–", "-").replace("’", "'")


def glossary() -> pd.DataFrame:
    """Return the glossary, one row per term, in lesson order.

    Returns
    -------
    DataFrame
        ``term``, ``definition``, ``lesson``, ``domain``, ``domain_name``,
        ``anchor``.

    Raises
    ------
    ValueError
        If a term is defined twice or an alias points nowhere.

    Examples
    --------
    >>> g = glossary().set_index("term")
    >>> g.loc["total float", "lesson"], int(g.loc["total float", "domain"])
    ('03_scheduling', 2)

    Used in: notebooks/glossary.ipynb.
    """
    rows = []
    for lesson, block in _source()["lessons"].items():
        for term, definition in block["terms"].items():
            rows.append(
                {
                    "term": _key(str(term)),
                    "definition": str(definition),
                    "lesson": lesson,
                    "domain": int(block["domain"]),
                    "domain_name": DOMAIN_NAMES[int(block["domain"])],
                    "anchor": anchor(str(term)),
                }
            )
    frame = pd.DataFrame(rows)
    twice = frame["term"][frame["term"].duplicated()].tolist()
    if twice:
        raise ValueError(f"glossary.yaml defines {', '.join(twice)} twice")
    known = set(frame["term"])
    broken = [a for a, t in _source()["aliases"].items() if _key(str(t)) not in known]
    if broken:
        raise ValueError(f"glossary.yaml: aliases {', '.join(broken)} point nowhere")
    return frame


def anchor(term: str) -> str:
    """Return the HTML anchor of a term in the glossary notebook.

    Parameters
    ----------
    term : str

    Returns
    -------
    str

    Examples
    --------
    >>> anchor("Little's law")
    'term-little-s-law'

    Used in: every lesson (links to the glossary).
    """
    return "term-" + re.sub(r"[^a-z0-9]+", "-", _key(term)).strip("-")


def lookup(text: str) -> str | None:
    """Return the glossary term a bolded text stands for, or None.

    Parameters
    ----------
    text : str
        As bolded in a lesson ("**EAC**", "**work packages**").

    Returns
    -------
    str or None

    Examples
    --------
    >>> lookup("Work packages"), lookup("EAC"), lookup("flux capacitor")
    ('work package', 'estimate at completion', None)

    Used in: every lesson (links to the glossary).
    """
    terms = set(_terms())
    aliases = {_key(str(a)): _key(str(t)) for a, t in _source()["aliases"].items()}
    key = _key(text)
    for candidate in (key, key[:-1] if key.endswith("s") else key):
        if candidate in terms:
            return candidate
        if candidate in aliases:
            return aliases[candidate]
    return None


@functools.cache
def _terms() -> tuple[str, ...]:
    return tuple(glossary()["term"])


def emphasis() -> frozenset[str]:
    """Return the bolded texts that are emphasis or example names, not terms.

    Returns
    -------
    frozenset of str
    """
    return frozenset(_key(str(x)) for x in _source()["emphasis"])


def bolded_terms(markdown: str) -> list[str]:
    """Return the terms a piece of lesson markdown bolds, in order.

    A bolded span is a term unless it is a label or a sentence (it ends with
    ``:``, ``.``, ``?`` or ``!``, or runs past five words, or past three
    when it starts with a capital), a number or a day number, a formula
    (it holds ``=``), or a listed emphasis.

    Parameters
    ----------
    markdown : str

    Returns
    -------
    list of str

    Examples
    --------
    >>> bolded_terms("**Time:** 2 h. The **critical path** is **day 14**.")
    ['critical path']

    Used in: tests of the glossary; every lesson (links to the glossary).
    """
    out = []
    skip = emphasis()
    for match in _BOLD.finditer(markdown):
        text = re.sub(r"\s+", " ", match.group(1).strip())
        words = text.split()
        if (
            len(text) < 2
            or text.endswith((":", ".", "?", "!"))
            or len(words) > 5
            or (text[0].isupper() and len(words) > 3)
            or re.fullmatch(r"[\d\s.,%]+", text)
            or _NONZERO_DAY.match(text.lower())
            or _NUMBERED.match(text)
            or "=" in text
            or _key(text) in skip
        ):
            continue
        out.append(text)
    return out


def glossary_markdown() -> str:
    """Return the glossary as markdown: A to Z, each term with its anchor.

    Returns
    -------
    str

    Examples
    --------
    >>> '<a id="term-total-float"></a>**total float**' in glossary_markdown()
    True

    Used in: notebooks/glossary.ipynb.
    """
    g = glossary().sort_values("term", key=lambda s: s.str.lower())
    lines = []
    letter = ""
    for row in g.to_dict("records"):
        term, lesson = str(row["term"]), str(row["lesson"])
        first = term[0].upper() if term[0].isalpha() else "0-9"
        if first != letter:
            letter = first
            lines.append(f"\n### {letter}\n")
        lines.append(
            f'- <a id="{row["anchor"]}"></a>**{term}**: {row["definition"]} '
            f"*(lesson [{lesson[:2]}]({lesson}.ipynb); "
            f"domain {row['domain']}, {row['domain_name']})*"
        )
    return "\n".join(lines).strip() + "\n"
