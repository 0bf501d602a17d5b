"""environment.yml (conda) must list exactly pyproject.toml's packages and pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NAME_AND_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def _parse(requirement: str) -> tuple[str, frozenset[str]]:
    """Split 'name >=1,<2' (conda) or 'name>=1,<2' (pip) into name and pins."""
    match = NAME_AND_SPEC.match(requirement)
    assert match, f"cannot read the requirement {requirement!r}"
    name, spec = match.groups()
    assert ";" not in spec and "[" not in spec, f"unsupported: {requirement!r}"
    pins = frozenset(p.replace(" ", "") for p in spec.split(",") if p.strip())
    return re.sub(r"[-_.]+", "-", name).lower(), pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_packages() -> dict[str, frozenset[str]]:
    out = {}
    for entry in _conda()["dependencies"]:
        if isinstance(entry, str):
            name, pins = _parse(entry)
            assert name not in out, f"environment.yml lists {name} twice"
            out[name] = pins
    return out


def _conda_pip_section() -> dict[str, frozenset[str]]:
    """The packages environment.yml installs through pip (conda-forge lacks them)."""
    out = {}
    for entry in _conda()["dependencies"]:
        if isinstance(entry, dict):
            for requirement in entry.get("pip", []):
                if not requirement.startswith("-"):
                    name, pins = _parse(requirement)
                    out[name] = pins
    return out


def _pip_packages() -> dict[str, frozenset[str]]:
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    listed = [*project["dependencies"], *extras["test"], *extras["book"]]
    return dict(_parse(requirement) for requirement in listed)


def test_parse_reads_both_spellings():
    """Does the requirement reader give the same answer for pip and conda text?"""
    assert _parse("numpy-financial>=1.0,<2") == _parse("numpy_financial >=1.0, <2")
    assert _parse("ruff") == ("ruff", frozenset())


def test_environment_uses_conda_forge_only():
    """Is conda-forge the environment's only channel?"""
    assert _conda()["channels"] == ["conda-forge"]


def test_conda_and_pip_list_the_same_packages_with_the_same_pins():
    """Do environment.yml and pyproject.toml (dependencies, the test and book
    extras) name the same packages with the same version pins?"""
    conda = _conda_packages()
    conda.pop("pip", None)
    python = conda.pop("python", None)
    assert python is not None, "environment.yml should pin python"
    through_pip = _conda_pip_section()
    assert not set(conda) & set(through_pip), "listed for conda and for pip"
    assert conda | through_pip == _pip_packages()


def test_python_versions_agree():
    """Does environment.yml ask for the Python that pyproject.toml requires?"""
    requires = _pyproject()["project"]["requires-python"]
    assert _conda_packages()["python"] == _parse(f"python{requires}")[1]


def test_environment_installs_the_course_itself():
    """Does the conda environment install the course (editable) through pip?"""
    pip_sections = [e["pip"] for e in _conda()["dependencies"] if isinstance(e, dict)]
    assert pip_sections, "environment.yml has no pip section"
    assert "-e ." in pip_sections[0]


@pytest.mark.parametrize("name", ["jupyterlab", "notebook", "nbgrader"])
def test_the_tightly_coupled_trio_is_pinned_to_a_minor_series(name):
    """Are jupyterlab, notebook and nbgrader pinned to their tested minor series
    (notebook 7.6 needs jupyterlab 4.6 exactly; nbgrader 0.9 caps both)?"""
    pins = _pip_packages()[name]
    upper = [p for p in pins if p.startswith("<")]
    assert len(upper) == 1 and upper[0].count(".") == 1, pins
