"""Tests of the backlog prioritisation simulation (pmcourse.widgets.analysis)."""

import pandas as pd
import pytest

from pmcourse import datasets
from pmcourse.analysis import rank_backlog
from pmcourse.plots.analysis import MOSCOW_STYLE, sequence_bars
from pmcourse.widgets import BacklogPrioritiser

# The FieldFix backlog by hand (cost of delay / job size):
#   NF-02 (3+5+13)/2 = 10.5, FR-08 (8+13+5)/3 = 8.67, FR-04 (13+8+5)/5 = 5.2,
#   TR-02 18/5 = 3.6, FR-01 16/5 = 3.2, FR-03 9/3 = 3.0, FR-07 8/3 = 2.67, ...
#   FR-06 and TR-01 21/13 = 1.62 near the end.
# In MoSCoW order the Musts come as written: FR-01, FR-02, FR-04, FR-05,
# FR-06, NF-02, TR-01, TR-02, so NF-02 is 6th there and 1st by WSJF.
WSJF_TOP = ["NF-02", "FR-08", "FR-04", "TR-02", "FR-01"]
MOSCOW_TOP = ["FR-01", "FR-02", "FR-04", "FR-05", "FR-06", "NF-02"]


@pytest.fixture
def backlog():
    return datasets.load("fieldfix_backlog")


@pytest.fixture
def app(backlog):
    return BacklogPrioritiser(backlog, capacity=40)


def test_starts_in_wsjf_order(app, backlog):
    """Does the simulation start in WSJF order, as the library ranks it?"""
    assert app.order[:5] == WSJF_TOP
    assert app.order == rank_backlog(backlog)["id"].tolist()
    bars = sequence_bars(app.ax)
    assert bars.index[:5].tolist() == WSJF_TOP
    assert bars.loc["NF-02", "start"] == 0 and bars.loc["NF-02", "width"] == 2
    assert bars.loc["FR-08", "start"] == 2  # after NF-02's 2 points


def test_method_control_reorders_bars_and_arrows(app):
    """Does choosing MoSCoW reorder the bars, with arrows against WSJF?"""
    app.set_values(method="moscow", compare="wsjf")
    assert app.order[:6] == MOSCOW_TOP
    bars = sequence_bars(app.ax)
    assert bars.index[:6].tolist() == MOSCOW_TOP
    assert bars.loc["FR-01", "start"] == 0 and bars.loc["FR-02", "start"] == 5
    # NF-02 is 6th by MoSCoW and 1st by WSJF: 5 places later here.
    labels = {t.get_text() for t in app.ax.texts}
    assert "10.5  ↓5" in labels
    assert app.result.ranked.set_index("id").loc["NF-02", "compare_rank"] == 1


def test_capacity_decides_what_is_in_the_release(app):
    """Does the capacity slider move the line and fade what no longer fits?"""
    # WSJF order: NF-02 2, FR-08 5, FR-04 10, TR-02 15, FR-01 20, FR-03 23 ...
    app.controls["capacity"].value = 15
    assert app.in_release == ["NF-02", "FR-08", "FR-04", "TR-02"]
    bars = sequence_bars(app.ax)
    assert bars["in_release"].sum() == 4
    line = next(line for line in app.ax.lines if line.get_gid() == "capacity")
    assert list(line.get_xdata()) == [15, 15]
    assert "4 of 16 items fit in 15 points" in app.ax.get_title(loc="left")
    assert "3 Must items" not in app.ax.get_title(loc="left")


def test_must_items_waiting_are_counted_in_the_title(app):
    """Does the title count the Must items that miss a 40-point release?"""
    # WSJF, 40 points: FR-05 (finish 37) is in; FR-02, FR-06, TR-01 wait.
    assert "WSJF: 9 of 16 items fit in 40 points; 3 Must items wait" == (
        app.ax.get_title(loc="left")
    )


def test_weights_change_the_cost_of_delay(app, backlog):
    """Do the weight sliders feed the library's weighted cost of delay?"""
    app.set_values(w_time_criticality=0.0, w_risk_reduction=2.0)
    weights = {"business_value": 1, "time_criticality": 0, "risk_reduction": 2}
    expected = rank_backlog(backlog, weights=weights)
    assert app.order == expected["id"].tolist()
    # NF-02: 3 + 0*5 + 2*13 = 29, over 2 points
    assert app.result.ranked.set_index("id").loc["NF-02", "wsjf"] == 14.5


def test_editing_an_item_moves_it(app):
    """Does splitting offline working to 5 points lift it to 4th (21/5 = 4.2)?"""
    app.controls["item"].value = "FR-06"
    assert app.controls["job_size"].value == 13
    assert app.controls["moscow"].value == "Must"
    app.controls["job_size"].value = 5
    assert app.order.index("FR-06") == 3
    assert app.items.set_index("id").loc["FR-06", "job_size"] == 5
    assert sequence_bars(app.ax).loc["FR-06", "width"] == 5


def test_picking_an_item_shows_its_values_without_changing_it(app):
    """Does choosing another item load its values and leave the backlog alone?"""
    before = app.items.copy()
    app.controls["item"].value = "FR-08"
    assert app.controls["time_criticality"].value == 13
    assert app.controls["moscow"].value == "Should"
    pd.testing.assert_frame_equal(app.items, before)


def test_relabelling_a_must_fixes_the_balance(app):
    """Does moving FR-02 to Should bring Musts to 51 of 86 points (59 %)?"""
    assert "above 60%" in app.summary.value
    app.edit("FR-02", moscow="Should")
    assert app.result.check.must_share == pytest.approx(51 / 86)
    assert "above 60%" not in app.summary.value
    bars = sequence_bars(app.ax)
    assert bars.loc["FR-02", "color"] == MOSCOW_STYLE["Should"][0].upper()
    assert not bars.loc["FR-02", "hatched"]


def test_delay_costs_are_compared_in_the_summary(app):
    """Does the summary give both orders' total cost of delay?"""
    moscow = rank_backlog(app.items, "moscow")["delay_cost"].sum()
    wsjf = rank_backlog(app.items)["delay_cost"].sum()
    assert app.result.delay_cost == wsjf
    assert app.result.compare_delay_cost == moscow
    assert f"{wsjf:,.0f}" in app.summary.value
    assert f"{1 - wsjf / moscow:.0%} less than MoSCoW order" in app.summary.value


def test_table_lists_the_ranked_backlog(app):
    """Does the HTML table hold one row per item, first NF-02, with moves?"""
    rows = app.table.value.split("<tr")[2:]  # after the table and header
    assert len(rows) == 16
    assert "<td>NF-02</td>" in rows[0] and "<td>↑5</td>" in rows[0]


def test_reset_undoes_edits_and_controls(app, backlog):
    """Does the reset button restore the backlog and the global controls?"""
    app.edit("FR-06", job_size=3, moscow="Could")
    app.set_values(method="moscow", capacity=10, w_business_value=3.0)
    app.reset_button.click()
    pd.testing.assert_frame_equal(app.items, app.original)
    assert app.order == rank_backlog(backlog)["id"].tolist()
    assert app.controls["capacity"].value == 40


def test_bad_arguments_are_rejected(backlog):
    """Are an unknown method, a bad backlog and a bad edit rejected?"""
    with pytest.raises(ValueError, match="method must be one of"):
        BacklogPrioritiser(backlog, method="fifo")
    bad = backlog.copy()
    bad.loc[0, "job_size"] = 0
    with pytest.raises(ValueError, match="FR-01"):
        BacklogPrioritiser(bad)
    app = BacklogPrioritiser(backlog)
    with pytest.raises(ValueError, match="no backlog item 'XX'"):
        app.edit("XX", job_size=3)
    with pytest.raises(ValueError, match="unknown item field"):
        app.edit("FR-01", colour="red")


def test_the_chart_image_is_refreshed(app):
    """Is a new PNG put in the image widget on every change?"""
    first = app.image.png
    app.controls["method"].value = "moscow"
    assert app.image.png != first and app.image.png[:4] == b"\x89PNG"
