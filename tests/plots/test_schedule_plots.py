"""Tests of the Gantt chart and the network diagram (pmcourse.plots.schedule)."""

import io

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from pmcourse.plots import COLORS, bar_spans, gantt, network_diagram
from pmcourse.plots.schedule import refresh_gantt
from pmcourse.schedule import cpm

# A small network worked by hand (zero-based days):
#   A 3 (start)        ES 0  EF 3   LS 0  LF 3   TF 0
#   B 4 after A        ES 3  EF 7   LS 3  LF 7   TF 0
#   C 2 after A        ES 3  EF 5   LS 7  LF 9   TF 4
#   D 5 after B        ES 7  EF 12  LS 7  LF 12  TF 0
#   E 3 after B, C     ES 7  EF 10  LS 9  LF 12  TF 2
#   F 2 after D, E     ES 12 EF 14  LS 12 LF 14  TF 0
# Critical path A-B-D-F, finish day 14.
SMALL = [
    {"id": "A", "duration": 3, "predecessors": "", "name": "Scope"},
    {"id": "B", "duration": 4, "predecessors": "A", "name": "Design"},
    {"id": "C", "duration": 2, "predecessors": "A", "name": "Order parts"},
    {"id": "D", "duration": 5, "predecessors": "B", "name": "Build"},
    {"id": "E", "duration": 3, "predecessors": "B, C", "name": "Write manual"},
    {"id": "F", "duration": 2, "predecessors": "D, E", "name": "Test"},
]
BY_HAND = {  # id: (es, ef, total_float, critical)
    "A": (0, 3, 0, True),
    "B": (3, 7, 0, True),
    "C": (3, 5, 4, False),
    "D": (7, 12, 0, True),
    "E": (7, 10, 2, False),
    "F": (12, 14, 0, True),
}


def _line(ax, gid):
    return next(line for line in ax.lines if line.get_gid() == gid)


def test_bars_run_from_early_start_to_early_finish():
    """Does each Gantt bar run from the task's ES to its EF, as worked by hand?"""
    spans = bar_spans(gantt(SMALL))
    assert list(spans.index) == list(BY_HAND)
    for tid, (es, ef, _, _) in BY_HAND.items():
        assert spans.loc[tid, "start"] == es
        assert spans.loc[tid, "width"] == ef - es


def test_critical_bars_differ_by_colour_and_hatch():
    """Are critical bars marked by colour AND hatch, and the others by neither?"""
    ax = gantt(SMALL)
    patches = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    for tid, (_, _, _, critical) in BY_HAND.items():
        bar = patches[f"task:{tid}"]
        colour = to_hex(bar.get_facecolor())
        if critical:
            assert colour == COLORS["critical"].lower()
            assert bar.get_hatch()
        else:
            assert colour == COLORS["normal"].lower()
            assert not bar.get_hatch()


def test_float_outline_spans_total_float_after_the_bar():
    """Does the float outline run from EF to EF + total float, only where float > 0?"""
    floats = bar_spans(gantt(SMALL), kind="float")
    expected = {t: v for t, v in BY_HAND.items() if v[2] > 0}
    assert set(floats.index) == set(expected)
    for tid, (_, ef, tf, _) in expected.items():
        assert floats.loc[tid, "start"] == ef
        assert floats.loc[tid, "width"] == tf


def test_finish_and_deadline_lines():
    """Are the finish line at day 14 and the deadline line where it was asked?"""
    ax = gantt(SMALL, deadline=16)
    assert list(_line(ax, "finish").get_xdata()) == [14, 14]
    assert list(_line(ax, "deadline").get_xdata()) == [16, 16]
    assert _line(ax, "finish").get_linestyle() != _line(ax, "deadline").get_linestyle()
    assert "2 days inside the deadline" in ax.get_title(loc="left")


def test_title_says_when_the_deadline_is_missed():
    """Does the title say by how much the finish misses a deadline?"""
    ax = gantt(SMALL, deadline=11)
    assert "misses the deadline by 3 days" in ax.get_title(loc="left")


def test_task_table_and_cpm_result_give_the_same_chart():
    """Does gantt draw the same bars from a task table and from its cpm result?"""
    from_tasks = bar_spans(gantt(SMALL))
    from_result = bar_spans(gantt(cpm(SMALL)))
    pd.testing.assert_frame_equal(from_tasks, from_result)


def test_names_label_the_rows_and_critical_rows_are_bold():
    """Are rows labelled 'id  name', with critical rows in bold?"""
    ax = gantt(pd.DataFrame(SMALL))
    labels = ax.get_yticklabels()
    assert labels[0].get_text() == "A  Scope"
    weights = [label.get_fontweight() for label in labels]
    assert weights == ["bold" if v[3] else "normal" for v in BY_HAND.values()]


def test_milestone_is_drawn_as_a_marker():
    """Is a zero-duration task (a milestone) drawn as a diamond at its date?"""
    plan = SMALL + [{"id": "M", "duration": 0, "predecessors": "F"}]
    ax = gantt(plan)
    marker = _line(ax, "milestones")
    assert list(marker.get_xdata()) == [14]


def test_bad_deadline_is_rejected():
    """Does gantt reject a deadline that is not a finite number?"""
    with pytest.raises(ValueError, match="deadline"):
        gantt(SMALL, deadline=float("nan"))
    with pytest.raises(ValueError, match="deadline"):
        gantt(SMALL, deadline="soon")


def test_bad_task_table_raises_the_schedule_error():
    """Does a bad task table give cpm's clear error, not a plotting error?"""
    with pytest.raises(ValueError, match="unknown predecessor 'X'"):
        gantt([{"id": "A", "duration": 1, "predecessors": "X"}])


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=6, max_size=6))
def test_refresh_matches_a_fresh_chart(durations):
    """After refresh_gantt, are the bars those a fresh gantt would draw?"""
    ax = gantt(SMALL)
    plan = [dict(t, duration=d) for t, d in zip(SMALL, durations, strict=True)]
    result = cpm(plan)
    refresh_gantt(ax, result)
    fresh = gantt(result)
    pd.testing.assert_frame_equal(bar_spans(ax), bar_spans(fresh))
    pd.testing.assert_frame_equal(
        bar_spans(ax, "float"), bar_spans(fresh, "float"), check_like=True
    )
    assert ax.get_title(loc="left") == fresh.get_title(loc="left")
    assert ax.get_title(loc="center") == ""
    mpl.pyplot.close("all")


def test_refresh_rejects_other_tasks():
    """Does refresh_gantt refuse a schedule for different tasks?"""
    ax = gantt(SMALL)
    with pytest.raises(ValueError, match="same tasks"):
        refresh_gantt(ax, cpm(SMALL[:3]))


def test_network_has_a_box_per_task_and_an_arrow_per_link():
    """Does the network diagram draw one box per task and one arrow per link?"""
    ax = network_diagram(SMALL)
    gids = {p.get_gid() for p in ax.patches if p.get_gid()}
    assert {g for g in gids if g.startswith("node:")} == {f"node:{t}" for t in "ABCDEF"}
    links = {"A->B", "A->C", "B->D", "B->E", "C->E", "D->F", "E->F"}
    assert {g for g in gids if g.startswith("edge:")} == {f"edge:{k}" for k in links}


def test_network_marks_only_driving_critical_links():
    """Are exactly the links of the critical path A-B-D-F drawn as critical?"""
    ax = network_diagram(SMALL)
    critical = {
        p.get_gid()[5:]
        for p in ax.patches
        if (p.get_gid() or "").startswith("edge:") and p.get_label() == "critical"
    }
    assert critical == {"A->B", "B->D", "D->F"}


def test_network_boxes_show_the_dates_and_float():
    """Does each box show ES, duration, EF, LS, total float and LF?"""
    ax = network_diagram(SMALL)
    texts = [t.get_text() for t in ax.texts]
    # task E: ES 7, duration 3, EF 10, LS 9, TF 2, LF 12
    boxes = {p.get_gid()[5:]: p for p in ax.patches if "node:" in (p.get_gid() or "")}
    e = boxes["E"]
    inside = [
        t.get_text()
        for t in ax.texts
        if e.get_x() <= t.get_position()[0] <= e.get_x() + e.get_width()
        and e.get_y() <= t.get_position()[1] <= e.get_y() + e.get_height()
    ]
    assert sorted(inside) == sorted(
        ["7", "3", "10", "E", "Write manual", "9", "2", "12"]
    )
    assert "Box: top row ES | duration | EF" in " ".join(texts)


def test_network_places_every_successor_to_the_right():
    """Is every successor's box to the right of its predecessor's?"""
    ax = network_diagram(SMALL)
    x = {
        p.get_gid()[5:]: p.get_x()
        for p in ax.patches
        if (p.get_gid() or "").startswith("node:")
    }
    for task in SMALL:
        for pred in filter(None, (s.strip() for s in task["predecessors"].split(","))):
            assert x[pred] < x[task["id"]]


def test_network_labels_links_with_type_and_lag():
    """Is a start-to-start link with a lag labelled, e.g. 'SS+2'?"""
    plan = [
        {"id": "A", "duration": 4, "predecessors": ""},
        {"id": "B", "duration": 3, "predecessors": "A:SS+2"},
        {"id": "C", "duration": 1, "predecessors": "A, B:FF-1"},
    ]
    texts = {t.get_text() for t in network_diagram(plan).texts}
    assert {"SS+2", "FF-1"} <= texts


def test_long_links_route_around_boxes():
    """Does a link that skips a column pass through a free slot, not a box?"""
    plan = [
        {"id": "A", "duration": 1, "predecessors": ""},
        {"id": "B", "duration": 1, "predecessors": "A"},
        {"id": "C", "duration": 1, "predecessors": "B"},
        {"id": "D", "duration": 1, "predecessors": "A, C"},
    ]
    ax = network_diagram(plan)
    arrow = next(p for p in ax.patches if p.get_gid() == "edge:A->D")
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("node:")]
    path = arrow.get_path().vertices
    # sample the drawn route and check no point falls inside B's or C's box
    for box in boxes:
        if box.get_gid() in ("node:B", "node:C"):
            x0, y0 = box.get_x(), box.get_y()
            x1, y1 = x0 + box.get_width(), y0 + box.get_height()
            for a, b in zip(path[:-1], path[1:], strict=True):
                for t in np.linspace(0, 1, 25):
                    px, py = a + t * (b - a)
                    assert not (x0 < px < x1 and y0 < py < y1)


def test_charts_render_to_png():
    """Do both charts render to a PNG without error?"""
    for ax in (gantt(SMALL, deadline=15), network_diagram(SMALL)):
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png")
        assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
