"""Tests of the risk register dataset (pmcourse.datasets.risk)."""

import numpy as np

from pmcourse import datasets
from pmcourse.datasets.risk import risk_register
from pmcourse.risk import OPTIONAL_COLUMNS, validate_register

THREAT_RESPONSES = {"avoid", "mitigate", "transfer", "accept", "escalate"}
OPPORTUNITY_RESPONSES = {"exploit", "enhance", "share", "accept", "escalate"}


def test_register_is_valid_and_complete():
    """Does the register pass validation with 11 threats and 3 opportunities?"""
    reg = validate_register(datasets.load("risk_register"))
    assert len(reg) == 14 and reg["id"].is_unique
    assert (reg["kind"] == "threat").sum() == 11
    assert (reg["kind"] == "opportunity").sum() == 3
    assert reg["description"].str.startswith("Because").all()
    assert (reg["impact"] > 0).all() and (reg["impact_days"] >= 0).all()


def test_every_response_strategy_is_used_and_fits_its_kind():
    """Is every strategy used, threats' for threats and opportunities' for
    opportunities?"""
    reg = datasets.load("risk_register")
    assert set(reg["response"]) == set(OPTIONAL_COLUMNS["response"])
    threats = reg[reg["kind"] == "threat"]
    opportunities = reg[reg["kind"] == "opportunity"]
    assert set(threats["response"]) <= THREAT_RESPONSES
    assert set(opportunities["response"]) <= OPPORTUNITY_RESPONSES


def test_each_risk_names_an_activity_of_the_launch_plan():
    """Does each risk's task column name an activity of product_launch?"""
    plan = datasets.load("product_launch")
    reg = datasets.load("risk_register")
    assert set(reg["task"]) <= set(plan["id"])


def test_probabilities_and_impacts_are_rounded_and_seeded():
    """Are probabilities on a 0.05 grid within 0.05-0.95, impacts whole 500s,
    and is the register rebuilt identically from a seed?"""
    reg = risk_register(11)
    p = reg["probability"].to_numpy()
    assert np.allclose(np.round(p * 20), p * 20)
    assert ((p >= 0.05) & (p <= 0.95)).all()
    assert (reg["impact"] % 500 == 0).all()
    assert reg.equals(risk_register(11))
    assert not reg.equals(risk_register(12))
