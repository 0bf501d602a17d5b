"""The markdown of the formula-sheet notebook, built from the library.

Used in: notebooks/formula_sheet.ipynb.
"""

from __future__ import annotations

from pmcourse.reference.formulas import formula_table

__all__ = ["sheet_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("$", "\\$")


def sheet_markdown() -> str:
    """Return the formula sheet as markdown tables, one per topic.

    Returns
    -------
    str

    Examples
    --------
    >>> "| Cost performance index | CPI = EV / AC |" in sheet_markdown()
    True

    Used in: notebooks/formula_sheet.ipynb.
    """
    lines = []
    for topic, group in formula_table().groupby("topic", sort=False):
        lines += [f"## {topic}", "", "| name | formula | worked example | lesson |"]
        lines.append("|---|---|---|---|")
        for r in group.to_dict("records"):
            lesson = str(r["lesson"])
            lines.append(
                f"| {_cell(r['name'])} | {_cell(r['formula'])} | "
                f"{_cell(r['given'])} → **{_cell(r['result'])}** | "
                f"[{lesson[:2]}]({lesson}.ipynb) |"
            )
        lines.append("")
    return "\n".join(lines).strip() + "\n"
