"""Are the glossary and the formula sheet complete and true to the library?"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from pmcourse.reference import (
    FORMULAS,
    bolded_terms,
    formula_sheet_html,
    formula_table,
    formulas_for,
    glossary,
    lookup,
)

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The sources the formulas are read from. The coordinator re-points this at
#: the answer specifications once they are merged.
SOLUTIONS = sorted((ROOT / "solutions").glob("ps*/ps*.ipynb"))
#: The pmcourse modules whose functions compute course quantities.
TOPICS = {
    "agile",
    "analysis",
    "contracts",
    "cost",
    "evm",
    "finance",
    "leadership",
    "lifecycle",
    "quality",
    "risk",
    "schedule",
    "stakeholders",
    "montecarlo",
    "problem_solving",
}
#: Library calls in the solutions that are procedures, classifications or
#: data handling, not formulas a learner writes down (each with why).
NOT_FORMULAS = {
    "lifecycle.assess": "scores a scenario against life-cycle criteria",
    "leadership.conflict_mode_name": "names a conflict mode",
    "leadership.power_type_name": "names a type of power",
    "leadership.situational_style": "looks up a situational leadership style",
    "stakeholders.parse_raci_cell": "reads R/A/C/I letters from a cell",
    "stakeholders.validate_raci": "checks the one-accountable rule of a RACI chart",
    "stakeholders.assess_engagement": "compares current and desired engagement",
    "stakeholders.classify_power_interest": "places a stakeholder in a quadrant",
    "analysis.trace": "builds a traceability matrix",
    "analysis.moscow_check": "checks MoSCoW shares of a backlog",
    "problem_solving.pareto": "sorts causes for a Pareto chart",
}


def _markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_bolded_term_is_in_the_glossary(path):
    """Is every term this lesson bolds defined in the glossary?"""
    missing = sorted(
        {t for md in _markdown(path) for t in bolded_terms(md) if lookup(t) is None}
    )
    assert not missing, f"{path.name}: add to glossary.yaml: {missing}"


def test_glossary_entries_are_complete():
    """Does each entry have a short definition, a real lesson and a domain?"""
    g = glossary()
    assert len(g) >= 250
    lessons = {p.stem for p in LESSONS}
    assert set(g["lesson"]) <= lessons
    assert g["domain"].isin([1, 2, 3, 4]).all()
    words = g["definition"].str.split().str.len()
    assert (words >= 4).all() and (words <= 45).all()


def test_bolded_term_rules():
    """Are labels, sentences, numbers and formulas left out, terms kept?"""
    md = (
        "**Time:** 2 h. **Report the forecast, not only the position.** "
        "**15.33** on **day 14**; **WSJF = cost of delay / job size**; "
        "the **100 % rule** and **P80**."
    )
    assert bolded_terms(md) == ["100 % rule", "P80"]
    assert lookup("Work packages") == "work package"


def _called_functions(code: str) -> set[str]:
    """Return ``module.function`` for every pmcourse call in a solution."""
    tree = ast.parse(code)
    modules: dict[str, str] = {}
    functions: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "pmcourse"
        ):
            parts = (node.module or "").split(".")
            for alias in node.names:
                if len(parts) == 1 and alias.name in TOPICS:
                    modules[alias.asname or alias.name] = alias.name
                elif len(parts) == 2 and parts[1] in TOPICS:
                    functions[alias.asname or alias.name] = f"{parts[1]}.{alias.name}"
    called = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            if f.value.id in modules:
                called.add(f"{modules[f.value.id]}.{f.attr}")
        elif isinstance(f, ast.Name) and f.id in functions:
            called.add(functions[f.id])
    return called


#: Direct imports from modules that moved keep their topic's name.
_MOVED = {"montecarlo": "risk"}


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_every_formula_an_exercise_uses_is_on_the_sheet(path):
    """Is every library formula this exercise's solution computes on the sheet?"""
    missing = []
    for name in sorted(_called_functions(_code(path))):
        module, function = name.split(".", 1)
        name = f"{_MOVED.get(module, module)}.{function}"
        if name in NOT_FORMULAS or formulas_for(name):
            continue
        missing.append(name)
    assert not missing, f"{path.parent.name}: put on the formula sheet: {missing}"


def test_the_check_reads_the_solutions():
    """Does the coverage check find the calls it must cover?"""
    found = set().union(*(_called_functions(_code(p)) for p in SOLUTIONS))
    assert {"evm.evm", "finance.npv", "agile.littles_law"} <= found


def test_every_worked_example_is_computed_by_the_library():
    """Does each example call the functions it names, and give a result?"""
    table = formula_table()
    assert len(table) == len(FORMULAS) >= 45
    assert table["result"].str.len().gt(0).all()
    t = table.set_index("key")
    assert t.loc["cpi", "result"] == "0.89"
    assert t.loc["pta", "result"] == "$114,286"
    assert t.loc["littles_law", "result"] == "cycle time 4 days"
    for key in ("wsjf", "kano", "coq", "capacity_velocity"):
        assert key in t.index


def test_printable_sheet_is_rebuilt_identically():
    """Is notebooks/formula_sheet.html what the library builds now?"""
    stored = (ROOT / "notebooks" / "formula_sheet.html").read_text(encoding="utf-8")
    assert stored == formula_sheet_html(), (
        "the formula sheet is stale: run `python -m pmcourse.reference`"
    )


def test_glossary_notebook_shows_the_library_glossary():
    """Does the glossary notebook build its page from the library?"""
    code = _code(ROOT / "notebooks" / "glossary.ipynb")
    assert re.search(r"glossary_markdown\(\)", code)
    code = _code(ROOT / "notebooks" / "formula_sheet.ipynb")
    assert re.search(r"formula_table\(\)", code)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lessons_link_their_terms_to_the_glossary(path):
    """Does the lesson link the first use of each bolded term to the glossary?"""
    from pmcourse.reference.linking import link_markdown

    seen: set[str] = set()
    unlinked = []
    for md in _markdown(path):
        if link_markdown(md, seen) != md:
            unlinked.append(md[:60])
    assert not unlinked, (
        f"{path.name}: run `python -m pmcourse.reference --link-lessons`: {unlinked}"
    )
    assert any("glossary.ipynb#term-" in md for md in _markdown(path))
