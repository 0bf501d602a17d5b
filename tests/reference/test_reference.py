"""Are the glossary and the formula sheet complete and true to the library?"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import pytest

import pmcourse
from pmcourse import variants
from pmcourse.reference import (
    FORMULAS,
    bolded_terms,
    formula_sheet_html,
    formula_table,
    formulas_for,
    glossary,
    lookup,
)
from pmcourse.variants import spec as answer_spec

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The answer specifications (``solutions/<assignment>/answers.py``): every
#: one there is, whichever assignments have one yet.
SPECS = sorted((ROOT / "solutions").glob("ps*/answers.py"))
#: The salt the released exercises use (their setup cell's COURSE_SALT).
COURSE_SALT = "pmcourse-2026"
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
#: The topic packages (pmcourse's domain) whose functions compute formulas.
TOPIC_PACKAGES = {
    "schedule",
    "cost",
    "evm",
    "risk",
    "agile",
    "analysis",
    "stakeholders",
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


def _public_names(code, module: str) -> set[str]:
    """Return ``topic.function`` for a library function, by every public path.

    A function is named by the topic front that exports it (``evm.evm``) and
    by the old module path it was moved from (``finance.npv`` for
    ``pmcourse.cost.finance.npv``), as the formula sheet may name either.
    """
    name = code.co_name
    names = set()
    paths = [f"pmcourse.{t}" for t in TOPICS] + [
        old for old, new in pmcourse.MOVED.items() if new == module
    ]
    for path in paths:
        try:
            front = importlib.import_module(path)
        except ImportError:
            continue
        found = getattr(front, name, None)
        if getattr(found, "__code__", None) is code:
            names.add(f"{path.rsplit('.', 1)[-1]}.{name}")
    return names


def _spec_calls(path: Path) -> list[set[str]]:
    """Return the library functions an answer specification calls itself.

    Each function is given as the set of its public names.

    The specification is loaded through :func:`pmcourse.variants.spec.load`
    and judged for the released exercise's variant (its keys, the ranges of
    carried answers and its common mistakes are all computed); every call
    from code in ``answers.py`` into a ``pmcourse`` topic is noted.
    """
    assignment = path.parent.name
    spec = answer_spec.load(assignment, path.parent.parent)
    try:
        params = variants.scenario(assignment, salt=COURSE_SALT).params
    except ValueError:  # an assignment without per-student variants
        params = {}
    source = str(path.resolve())
    seen: dict[object, str] = {}

    def profile(frame, event, _arg):
        caller = frame.f_back
        if event == "call" and caller is not None:
            if caller.f_code.co_filename == source:
                module = frame.f_globals.get("__name__", "")
                topic = module.split(".")[1] if module.startswith("pmcourse.") else ""
                if topic in TOPIC_PACKAGES and frame.f_code not in seen:
                    seen[frame.f_code] = module

    sys.setprofile(profile)
    try:
        spec.judge(params)
    finally:
        sys.setprofile(None)
    # a topic function no front exports (a property, a helper) keeps its
    # module path, so that a formula it computes cannot go unnoticed
    return [_public_names(c, m) or {f"{m}.{c.co_qualname}"} for c, m in seen.items()]


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.parent.name)
def test_every_formula_an_exercise_uses_is_on_the_sheet(path):
    """Is every library formula this exercise's answer specification computes
    on the sheet?"""
    missing = []
    for names in _spec_calls(path):
        if any(n in NOT_FORMULAS or formulas_for(n) for n in names):
            continue
        missing.append(" or ".join(sorted(names)))
    assert not missing, f"{path.parent.name}: put on the formula sheet: {missing}"


def test_the_check_reads_the_answer_specifications():
    """Does the coverage check find the calls it must cover, in every
    specification there is (ps03, ps04 and ps08 at least)?"""
    names = {p.parent.name[:4] for p in SPECS}
    assert {"ps03", "ps04", "ps08"} <= names
    calls = {p.parent.name[:4]: set().union(*_spec_calls(p)) for p in SPECS}
    assert "evm.evm" in calls["ps04"]
    assert any(c.startswith("schedule.") for c in calls["ps03"])
    assert any(c.startswith("analysis.") for c in calls["ps08"])
    # ps09's keys are CAPM bank items (``capm.grade``), not topic formulas
    formulas = {k: v for k, v in calls.items() if k != "ps09"}
    assert all(formulas.values()), "a specification computes nothing from the library"


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
