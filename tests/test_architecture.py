"""The library's layout: topic packages, no import cycles, old paths kept.

Every module under ``src/pmcourse`` is read with :mod:`ast` (nothing is
imported to build the graph), so imports written inside functions count as
much as those at the top. The same reading finds a module reaching into
another's private names. Imports under ``if TYPE_CHECKING:`` are left out:
they never run, and exist only so an annotation can name a class.
"""

from __future__ import annotations

import ast
import functools
import importlib
from pathlib import Path

import pytest

import pmcourse

SRC = Path(pmcourse.__file__).parent

#: the course's topics: the domain, pure code, one package each
TOPICS = ("schedule", "cost", "evm", "risk", "agile", "analysis", "stakeholders")
#: the layers built on the domain, and the tooling around it
PRESENTATION = (
    "plots",
    "widgets",
    "capm",
    "datasets",
    "formats",
    "reference",
    "capstone",  # the game that pulls every topic together
)
TOOLING = (
    "cli",
    "commands",
    "doctor",
    "release",
    "setup_lab",
    "grading",
    "variants",
    "progress",
)
#: the only modules allowed at the top of the package
TOP_MODULES = {"__init__", "cli", "doctor", "release", "setup_lab"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(name: str, path: Path) -> set[str]:
    """Return the pmcourse modules ``name`` (at ``path``) imports, anywhere."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES or sub in pmcourse.MOVED else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(_tree(path))
    return {m for m in found if m == "pmcourse" or m.startswith("pmcourse.")}


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_walk_sees_imports_inside_functions():
    # datasets/__init__.py imports generate inside data_dir(), on purpose
    assert "pmcourse.datasets.generate" in GRAPH["pmcourse.datasets"]
    # and a planted cycle through a function is found
    planted = dict(GRAPH)
    planted["pmcourse.core.checks"] = GRAPH["pmcourse.core.checks"] | {
        "pmcourse.schedule"
    }
    assert any("pmcourse.core.checks" in c for c in _cycles(planted))


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_only_topic_packages_core_and_tooling_at_the_top():
    top = {p.stem for p in SRC.glob("*.py")}
    assert top == TOP_MODULES
    packages = {p.parent.name for p in SRC.glob("*/__init__.py")}
    assert packages == set(TOPICS) | {"core"} | set(PRESENTATION) | {
        "commands",
        "grading",
        "variants",
        "progress",
    }


def test_no_source_module_imports_an_old_path():
    old = {
        (name, target)
        for name, targets in GRAPH.items()
        for target in targets
        if target in pmcourse.MOVED
    }
    assert old == set()


@pytest.mark.parametrize("topic", ("core", *TOPICS))
def test_the_domain_imports_no_layer_above_it(topic):
    above = set(PRESENTATION) | set(TOOLING)
    if topic == "core":
        above |= set(TOPICS)
    reached = {
        (name, target)
        for name, targets in GRAPH.items()
        if _top(name) == topic
        for target in targets
        if _top(target) in above
    }
    assert reached == set()


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_imports(name: str, path: Path) -> set[str]:
    """Return what ``name`` imports that is private to another module.

    A private name (``_helper``) belongs to the module defining it; a private
    module (``schedule/_network.py``) belongs to its package. Reaching either
    from outside, by ``from m import _x`` or by ``m._x`` on an imported
    module, is what this returns. A public name bound to a private local
    alias (``import number_text as _fmt``) is fine.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = _tree(path)
    found: set[str] = set()
    modules: dict[str, str] = {}  # local name -> pmcourse module it is bound to

    def outside(module: str) -> bool:
        home = module.rpartition(".")[0]
        return not (name == home or name.startswith(home + "."))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pmcourse"):
                    if any(_private(p) for p in alias.name.split(".")):
                        found.add(alias.name)
                    if alias.asname:
                        modules[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            if not base.startswith("pmcourse"):
                continue
            parts = base.split(".")
            for i, part in enumerate(parts):
                if _private(part) and outside(".".join(parts[: i + 1])):
                    found.add(base)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:
                    modules[alias.asname or alias.name] = sub
                    if _private(alias.name) and outside(sub):
                        found.add(sub)
                elif _private(alias.name) and base != name:
                    found.add(sub)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
            and modules[node.value.id] != name
        ):
            found.add(f"{modules[node.value.id]}.{node.attr}")
    return found


def test_the_private_import_scan_finds_a_planted_one(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from pmcourse.grading.status import _private_helper, folder_checksum\n"
        "from pmcourse.schedule import _network\n"
        "from pmcourse.plots import parts\n"
        "from pmcourse.plots.parts import number_text as _fmt\n"
        "parts._hidden(1)\n"
    )
    assert _private_imports("pmcourse.risk.planted", planted) == {
        "pmcourse.grading.status._private_helper",
        "pmcourse.schedule._network",
        "pmcourse.plots.parts._hidden",
    }
    # a package's own private module is its business
    assert _private_imports("pmcourse.schedule.planted", planted) == {
        "pmcourse.grading.status._private_helper",
        "pmcourse.plots.parts._hidden",
    }


def test_no_module_imports_another_modules_private_names():
    reached = {
        (name, target)
        for name, path in MODULES.items()
        for target in _private_imports(name, path)
    }
    assert reached == set()


def _defined(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _exported(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    return []


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n, p in MODULES.items()
        if _top(n) in ("core", *TOPICS) and p.name != "__init__.py"
    ),
)
def test_only_a_front_re_exports(name):
    """A topic's modules export what they define; the ``__init__`` gathers it."""
    tree = ast.parse(MODULES[name].read_text())
    assert set(_exported(tree)) - _defined(tree) == set()


@pytest.mark.parametrize("old", sorted(pmcourse.MOVED))
def test_an_old_path_is_the_moved_module(old):
    module = importlib.import_module(old)
    assert module is importlib.import_module(pmcourse.MOVED[old])
    assert module.__spec__.name == pmcourse.MOVED[old]


def test_an_old_top_level_path_is_an_attribute_too():
    assert pmcourse.finance is importlib.import_module("pmcourse.cost.finance")
    from pmcourse import crashing, leadership, lifecycle, quality

    assert crashing.time_cost_tradeoff is pmcourse.schedule.time_cost_tradeoff
    assert leadership.situational_style is pmcourse.stakeholders.situational_style
    assert lifecycle.assess is pmcourse.agile.assess
    assert quality.cost_of_quality is pmcourse.cost.cost_of_quality
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        pmcourse.nonesuch  # noqa: B018


def test_the_public_names_outside_code_relies_on():
    from pmcourse import agile, evm, finance, risk, schedule, stakeholders

    plan = [
        {"id": "A", "duration": 3, "predecessors": ""},
        {"id": "B", "duration": 2, "predecessors": "A"},
    ]
    assert schedule.cpm(plan)["ef"].max() == 5
    assert schedule.pert(1, 4, 7) == pytest.approx((4.0, 1.0))
    assert schedule.triangular_mean(1, 4, 7) == pytest.approx(4.0)
    assert evm.evm(pv=100, ev=90, ac=120, bac=1000).cpi == pytest.approx(0.75)
    assert finance.npv(0.1, [-100, 110]) == pytest.approx(0.0)
    assert finance.irr([-100, 110]) == pytest.approx(0.1)
    assert finance.payback_period([-100, 50, 50]) == pytest.approx(2.0)
    assert finance.benefit_cost_ratio(150, 100) == pytest.approx(1.5)
    assert risk.emv([(0.5, -100), (0.2, 50)]) == pytest.approx(-40)
    assert callable(risk.monte_carlo_schedule)
    assert callable(agile.forecast_sprints)
    assert stakeholders.communication_channels(5) == 10


#: what students read and run: the lessons, the exercises as written
#: (solutions/, with their answer specifications) and as released
ROOT = SRC.parents[1]
COURSE_FILES = sorted(
    [
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("solutions/*/*.ipynb"),
        *ROOT.glob("solutions/*/*.py"),
        *ROOT.glob("exercises/*/*.ipynb"),
    ]
)


def _code(path: Path) -> list[str]:
    """Return the code of a notebook's code cells (IPython magics left out)."""
    if path.suffix == ".py":
        return [path.read_text()]
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    return [
        "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line
            for line in cell.source.splitlines()
        )
        for cell in cells
        if cell.cell_type == "code"
    ]


def _course_imports(code: str) -> set[str]:
    """Return the pmcourse modules a piece of course code imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                known = sub in MODULES or sub in pmcourse.MOVED
                found.add(sub if known else node.module)
    return {m for m in found if m == "pmcourse" or m.startswith("pmcourse.")}


def _not_a_front(module: str) -> bool:
    """Is ``module`` an old path or private (a part named with a leading _)?"""
    return module in pmcourse.MOVED or any(p.startswith("_") for p in module.split("."))


def test_the_course_import_check_finds_old_and_private_paths():
    code = (
        "from pmcourse import finance, risk\n"
        "from pmcourse.montecarlo import simulate_schedule\n"
        "import pmcourse.plots.network\n"
        "from pmcourse.schedule import _tasks\n"
        "from pmcourse.risk import pareto\n"
        "import pmcourse.capm as _capm\n"
    )
    flagged = {m for m in _course_imports(code) if _not_a_front(m)}
    assert flagged == {
        "pmcourse.finance",
        "pmcourse.montecarlo",
        "pmcourse.plots.network",
        "pmcourse.schedule._tasks",
    }


def test_lessons_and_exercises_import_only_public_paths():
    """No lesson or exercise uses an old import path or a private module.

    The old paths in ``pmcourse.MOVED`` keep working for outside code; what
    the course shows students is the layout as it is.
    """
    assert len(COURSE_FILES) > 20
    found = {
        (str(path.relative_to(ROOT)), module)
        for path in COURSE_FILES
        for code in _code(path)
        for module in _course_imports(code)
        if _not_a_front(module)
    }
    assert found == set()
