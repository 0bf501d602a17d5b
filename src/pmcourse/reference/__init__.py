"""One glossary and one formula sheet for the whole course, from one source each.

- :mod:`pmcourse.reference.glossary`: every term the lessons bold, defined
  once (``glossary.yaml``), with its lesson and CAPM domain;
- :mod:`pmcourse.reference.formulas`: every formula the lessons and
  exercises use, each with a worked example computed by the library when
  the sheet is built; :func:`formula_sheet_html` is the printable page
  (two A4 pages).

Used in: notebooks/glossary.ipynb, notebooks/formula_sheet.ipynb; every lesson.
"""

from pmcourse.reference.formulas import (
    FORMULAS,
    Formula,
    formula_sheet_html,
    formula_table,
    formulas_for,
)
from pmcourse.reference.glossary import (
    anchor,
    bolded_terms,
    glossary,
    glossary_markdown,
    lookup,
)

__all__ = [
    "FORMULAS",
    "Formula",
    "anchor",
    "bolded_terms",
    "formula_sheet_html",
    "formula_table",
    "formulas_for",
    "glossary",
    "glossary_markdown",
    "lookup",
]
