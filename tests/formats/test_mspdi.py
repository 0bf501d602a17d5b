"""Tests for pmcourse.formats.mspdi: Microsoft Project XML in and out.

The expected values for the three MPXJ sample files were read by hand from
the XML (element values quoted in the comments), not from the reader.
"""

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from pmcourse.formats import read_mspdi, write_mspdi
from pmcourse.schedule import cpm

NS = "{http://schemas.microsoft.com/project}"


def test_relations_sample_links_and_lags(shared_data):
    """Does the reader turn mspdirelations.xml's four link types into cpm notation?"""
    project = read_mspdi(shared_data("mspdi_mpxj") / "mspdirelations.xml")
    tasks = project.tasks
    # 6 <Task>: UID 0 is the project summary (OutlineLevel 0), UIDs 1-5 are
    # "Task 1".."Task 5", each <Duration>PT8H0M0S</Duration> with 480 min/day
    assert tasks["id"].tolist() == ["1", "2", "3", "4", "5"]
    assert tasks["name"].tolist() == [f"Task {i}" for i in range(1, 6)]
    assert tasks["duration"].tolist() == [1.0] * 5
    # Task 2: Type 1 (FS) from 1; Task 3: Type 3 (SS) from 2, LinkLag 4800;
    # Task 4: Type 0 (FF) from 3; Task 5: Type 2 (SF) from 4
    assert tasks["predecessors"].tolist() == [[], ["1"], ["2:SS+1"], ["3:FF"], ["4:SF"]]
    assert project.hours_per_day == 8.0
    # one resource entry, UID 0 without a name; 5 assignments to ResourceUID -65535
    assert project.resources.empty and project.assignments.empty
    reasons = project.skipped["reason"].tolist()
    assert sum("project summary" in r for r in reasons) == 1
    assert sum("UID 0" in r for r in reasons) == 1
    assert sum("-65535" in r for r in reasons) == 5


def test_sample_xml_summaries_milestone_resources(shared_data):
    """Does sample.xml give 16 work tasks, its lags and its two named resources?"""
    project = read_mspdi(shared_data("mspdi_mpxj") / "sample.xml")
    tasks = project.tasks.set_index("id")
    # 20 <Task>; summaries: UID 0 (project), 1 "First Task", 6 "Recurring
    # Task", 19 "Task Relationships"
    assert len(tasks) == 16
    assert {"0", "1", "6", "19"}.isdisjoint(tasks.index)
    skipped_tasks = project.skipped[
        project.skipped["where"].str.match(r"Task UID \d+$")
    ]
    assert sorted(skipped_tasks["item"], key=int) == ["0", "1", "6", "19"]
    # "Second Task": PT800H0M0S = 100 days of 8 h; WBS 1.1
    assert tasks.loc["2", "duration"] == 100.0
    assert tasks.loc["2", "wbs"] == "1.1"
    # "Third task": <Milestone>1</Milestone>, PT0H0M0S
    assert bool(tasks.loc["3", "milestone"]) and tasks.loc["3", "duration"] == 0
    # Related tasks: 10<-9 FS 0, 12<-11 FS +4800, 14<-13 FS -4800,
    # 16<-15 SS, 18<-17 FF, 21<-20 SF
    expected = {
        "10": ["9"],
        "12": ["11:FS+1"],
        "14": ["13:FS-1"],
        "16": ["15:SS"],
        "18": ["17:FF"],
        "21": ["20:SF"],
    }
    for tid, preds in expected.items():
        assert tasks.loc[tid, "predecessors"] == preds
    res = project.resources.set_index("name")
    assert res.loc["First Resource", "standard_rate"] == 10.0
    assert res.loc["Second Resource", "standard_rate"] == 5.0
    # Assignments UID 0 and 1: TaskUID 2 to resources 1 and 2, Units 0.5 and
    # 0.75, Work PT200H0M0S and PT300H0M0S; the other 15 have no resource
    asg = project.assignments
    assert asg["task"].tolist() == ["2", "2"]
    assert asg["resource"].tolist() == ["1", "2"]
    assert asg["units"].tolist() == [0.5, 0.75]
    assert asg["work_hours"].tolist() == [200.0, 300.0]
    assert project.skipped["reason"].str.contains("-65535").sum() == 15


def test_sample_xml_can_keep_summary_tasks(shared_data):
    """Does summary_tasks='keep' keep the three summaries below the project row?"""
    project = read_mspdi(shared_data("mspdi_mpxj") / "sample.xml", summary_tasks="keep")
    tasks = project.tasks.set_index("id")
    assert len(tasks) == 19
    assert tasks.loc[["1", "6", "19"], "summary"].all()
    assert not tasks.drop(index=["1", "6", "19"])["summary"].any()
    # "Task Relationships": PT24H0M0S
    assert tasks.loc["19", "duration"] == 3.0


def test_project_2016_lags_and_file_dates_agree_with_cpm(shared_data):
    """Do the 2016 file's lags give, through cpm, the start dates Project saved?"""
    project = read_mspdi(shared_data("mspdi_mpxj") / "task-links-project2016-mspdi.xml")
    tasks = project.tasks
    assert len(tasks) == 16  # 17 <Task>, UID 0 is the project summary
    preds = dict(zip(tasks["id"], tasks["predecessors"], strict=True))
    # LinkLag 4800, 9600 (LagFormat 7, days); 24000 and 48000 (LagFormat 9,
    # weeks, still tenths of a minute: 5 and 10 days of 480 minutes)
    assert preds["2"] == ["1"]
    assert preds["4"] == ["3:FS+1"]
    assert preds["6"] == ["5:FS+2"]
    assert preds["8"] == ["7:FS+5"]
    assert preds["10"] == ["9:FS+10"]
    assert preds["12"] == ["11:SF+2"]
    assert preds["14"] == ["13:SS+2"]
    assert preds["16"] == ["15:FF+2"]
    # Project's own dates: working days from the project start (2016-02-08)
    days = np.busday_count(
        np.datetime64("2016-02-08"), tasks["start"].to_numpy().astype("datetime64[D]")
    )
    assert cpm(tasks)["es"].tolist() == days.astype(float).tolist()


def _course_plan():
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E", "F"],
            "name": ["Design", "Build", "Write tests", "Test", "Train", "Launch"],
            "duration": [3.0, 4.5, 2.0, 2.0, 1.25, 0.0],
            "predecessors": [
                [],
                ["A"],
                ["A:SS+1"],
                ["B", "C:FF-0.5"],
                ["B:SF+2"],
                ["D", "E:FS+0.75"],
            ],
        }
    )


def test_round_trip_keeps_tasks_resources_and_cpm(tmp_path):
    """Does a course plan come back from write_mspdi/read_mspdi unchanged?"""
    plan = _course_plan()
    resources = pd.DataFrame(
        {"id": ["dev", "qa"], "name": ["Developers", "Testers"], "max_units": [2, 1]}
    )
    assignments = pd.DataFrame(
        {"task": ["B", "C", "D"], "resource": ["dev", "qa", "qa"], "units": [2, 0.5, 1]}
    )
    path = write_mspdi(plan, tmp_path / "plan.xml", resources, assignments)
    back = read_mspdi(path)
    pd.testing.assert_frame_equal(
        back.tasks[["id", "name", "duration", "predecessors"]], plan
    )
    pd.testing.assert_frame_equal(cpm(back.tasks), cpm(plan))
    assert back.resources["id"].tolist() == ["dev", "qa"]
    assert back.resources["max_units"].tolist() == [2.0, 1.0]
    assert back.assignments[["task", "resource", "units"]].values.tolist() == [
        ["B", "dev", 2.0],
        ["C", "qa", 0.5],
        ["D", "qa", 1.0],
    ]
    # work = units x duration x 8 h
    assert back.assignments["work_hours"].tolist() == [72.0, 8.0, 16.0]
    assert back.warnings == ()


def test_written_dates_follow_the_working_calendar(tmp_path):
    """Are dates on Monday-Friday 08:00-12:00, 13:00-17:00 working time?"""
    plan = [
        {"id": "A", "duration": 4, "predecessors": ""},  # Mon-Thu
        {"id": "B", "duration": 1.5, "predecessors": "A"},  # Fri 08:00 - Mon 12:00
        {"id": "M", "duration": 0, "predecessors": "B"},  # milestone Mon 13:00
    ]
    tasks = read_mspdi(write_mspdi(plan, tmp_path / "p.xml", start_date="2025-01-04"))
    tasks = tasks.tasks.set_index("id")
    # 2025-01-04 is a Saturday: the project starts on Monday the 6th
    assert tasks.loc["A", "start"] == pd.Timestamp("2025-01-06 08:00")
    assert tasks.loc["A", "finish"] == pd.Timestamp("2025-01-09 17:00")
    assert tasks.loc["B", "start"] == pd.Timestamp("2025-01-10 08:00")
    assert tasks.loc["B", "finish"] == pd.Timestamp("2025-01-13 12:00")
    assert tasks.loc["M", "start"] == pd.Timestamp("2025-01-13 13:00")
    assert bool(tasks.loc["M", "milestone"])


def test_written_elements_follow_the_schema_order(tmp_path):
    """Are elements in the order of the MSPDI schema, which MS Project enforces?"""
    # orders from mspdi_pj12.xsd (Project, Task, Resource sequences) and from
    # MS Project's own files (Assignment)
    orders = {
        "Project": [
            "SaveVersion",
            "Name",
            "Title",
            "ScheduleFromStart",
            "StartDate",
            "FinishDate",
            "CalendarUID",
            "DefaultStartTime",
            "DefaultFinishTime",
            "MinutesPerDay",
            "MinutesPerWeek",
            "DaysPerMonth",
            "DurationFormat",
            "WorkFormat",
            "ExtendedAttributes",
            "Calendars",
            "Tasks",
            "Resources",
            "Assignments",
        ],
        "Task": [
            "UID",
            "ID",
            "Name",
            "Type",
            "IsNull",
            "WBS",
            "OutlineNumber",
            "OutlineLevel",
            "Priority",
            "Start",
            "Finish",
            "Duration",
            "DurationFormat",
            "EffortDriven",
            "Estimated",
            "Milestone",
            "Summary",
            "Critical",
            "ConstraintType",
            "CalendarUID",
            "PredecessorLink",
            "ExtendedAttribute",
        ],
        "PredecessorLink": [
            "PredecessorUID",
            "Type",
            "CrossProject",
            "LinkLag",
            "LagFormat",
        ],
        "Resource": [
            "UID",
            "ID",
            "Name",
            "Type",
            "IsNull",
            "MaxUnits",
            "StandardRate",
            "StandardRateFormat",
            "ExtendedAttribute",
        ],
        "Assignment": [
            "UID",
            "TaskUID",
            "ResourceUID",
            "Finish",
            "Start",
            "Units",
            "Work",
        ],
    }
    path = write_mspdi(
        _course_plan(),
        tmp_path / "plan.xml",
        [{"id": "dev"}],
        [{"task": "B", "resource": "dev"}],
    )
    root = ET.parse(path).getroot()
    assert root.tag == NS + "Project"
    seen = set()
    for elem in root.iter():
        name = elem.tag.removeprefix(NS)
        if name in orders:
            seen.add(name)
            tags = [child.tag.removeprefix(NS) for child in elem]
            positions = [orders[name].index(t) for t in tags]
            assert positions == sorted(positions), (name, tags)
    assert seen == set(orders)


def test_pmcourse_ids_need_their_alias(tmp_path):
    """Without the 'pmcourse id' definition, are ids the task UIDs?"""
    path = write_mspdi(_course_plan(), tmp_path / "plan.xml")
    text = path.read_text().replace("<Alias>pmcourse id</Alias>", "<Alias>x</Alias>")
    path.write_text(text)
    assert read_mspdi(path).tasks["id"].tolist() == ["1", "2", "3", "4", "5", "6"]


def _minimal(tasks_xml: str, extra: str = "") -> str:
    return (
        '<Project xmlns="http://schemas.microsoft.com/project">'
        f"<MinutesPerDay>480</MinutesPerDay>{extra}<Tasks>{tasks_xml}</Tasks></Project>"
    )


def _task(uid, duration="PT8H0M0S", more=""):
    return (
        f"<Task><UID>{uid}</UID><Name>T{uid}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>{duration}</Duration>{more}</Task>"
    )


def _link(pred, kind=1, lag=0, fmt=7):
    return (
        f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{kind}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>"
    )


def test_percent_and_elapsed_lags_are_converted_with_a_warning(tmp_path):
    """Are a 50 % lag and an elapsed lag turned into working days, with warnings?"""
    xml = _minimal(
        _task(1, "PT16H0M0S")  # 2 days
        + _task(2, more=_link(1, 1, 50, 19))  # 50 % of 2 days = 1 day
        + _task(3, more=_link(1, 1, 14 * 24 * 600, 8))  # 14 elapsed days
    )
    path = tmp_path / "lags.xml"
    path.write_text(xml)
    project = read_mspdi(path)
    assert project.tasks["predecessors"].tolist() == [[], ["1:FS+1"], ["1:FS+10"]]
    assert len(project.warnings) == 2
    assert "%" in project.warnings[0] and "elapsed" in project.warnings[1]


def test_links_to_skipped_summary_tasks_are_reported(tmp_path):
    """Is a link from a summary task reported rather than silently dropped?"""
    xml = _minimal(
        _task(1, more="<Summary>1</Summary>")
        + _task(2)
        + _task(3, more=_link(1) + _link(2))
    )
    path = tmp_path / "summary.xml"
    path.write_text(xml)
    project = read_mspdi(path)
    assert project.tasks["predecessors"].tolist() == [[], ["2"]]
    row = project.skipped[project.skipped["where"].str.contains("PredecessorLink")]
    assert len(row) == 1 and "summary" in row["reason"].iloc[0]


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<Project><Tasks>", r"bad\.xml: line 1, column \d+: not well-formed"),
        ("<Plan/>", r"bad\.xml: the root element is <Plan>"),
        (_minimal("<Task><Name>x</Name></Task>"), r"<Task> number 1: <UID> is missing"),
        (_minimal(_task(4, "eight hours")), r"Task UID 4: <Duration> is 'eight hours'"),
        (_minimal(_task(4, "P1M")), r"Task UID 4: <Duration> 'P1M' counts years or"),
        (_minimal(_task(1) + _task(2, more=_link(1, kind=7))), r"link types are 0-3"),
        (_minimal(_task(1) + _task(1)), r"Task UID 1: this UID appears more than once"),
        (_minimal(_task(1, more=_link("x"))), r"<PredecessorUID> is 'x'"),
    ],
)
def test_malformed_files_name_the_file_and_element(tmp_path, xml, expected):
    """Does malformed MSPDI raise a ValueError naming the file and the element?"""
    path = tmp_path / "bad.xml"
    path.write_text(xml)
    with pytest.raises(ValueError, match=expected):
        read_mspdi(path)


def test_writer_rejects_what_it_cannot_write(tmp_path):
    """Does write_mspdi refuse summary rows, unknown ids and odd day lengths?"""
    plan = _course_plan()
    with pytest.raises(ValueError, match="summary rows"):
        write_mspdi(plan.assign(summary=[True] + [False] * 5), tmp_path / "x.xml")
    with pytest.raises(ValueError, match="unknown resource 'ops'"):
        write_mspdi(
            plan,
            tmp_path / "x.xml",
            [{"id": "dev"}],
            [{"task": "A", "resource": "ops"}],
        )
    with pytest.raises(ValueError, match="unknown task 'Z'"):
        write_mspdi(
            plan,
            tmp_path / "x.xml",
            [{"id": "dev"}],
            [{"task": "Z", "resource": "dev"}],
        )
    with pytest.raises(ValueError, match="hours_per_day"):
        write_mspdi(plan, tmp_path / "x.xml", hours_per_day=0)
    with pytest.raises(ValueError, match="unknown predecessor"):
        write_mspdi(
            [{"id": "A", "duration": 1, "predecessors": "Q"}], tmp_path / "x.xml"
        )


def test_hours_per_day_changes_the_day_length(tmp_path):
    """With a 6-hour day, does a 12-hour duration read back as 2 days?"""
    plan = [{"id": "A", "duration": 2, "predecessors": ""}]
    path = write_mspdi(plan, tmp_path / "six.xml", hours_per_day=6)
    root = ET.parse(path).getroot()
    assert root.find(f"{NS}MinutesPerDay").text == "360"
    assert (
        root.find(f"{NS}Tasks/{NS}Task[{NS}UID='1']/{NS}Duration").text == "PT12H0M0S"
    )
    assert read_mspdi(path).tasks["duration"].tolist() == [2.0]
    assert read_mspdi(path, hours_per_day=12).tasks["duration"].tolist() == [1.0]


def test_a_project_file_survives_read_write_read(shared_data, tmp_path):
    """Does sample.xml read, written back and read again, give the same tables?"""
    first = read_mspdi(shared_data("mspdi_mpxj") / "sample.xml")
    path = write_mspdi(
        first.tasks, tmp_path / "again.xml", first.resources, first.assignments
    )
    second = read_mspdi(path)
    columns = ["id", "name", "wbs", "duration", "predecessors", "milestone"]
    pd.testing.assert_frame_equal(second.tasks[columns], first.tasks[columns])
    pd.testing.assert_frame_equal(cpm(second.tasks), cpm(first.tasks))
    pd.testing.assert_frame_equal(
        second.resources.drop(columns="uid"), first.resources.drop(columns="uid")
    )
    # work as Project saved it (200 h), not units x duration (400 h)
    pd.testing.assert_frame_equal(second.assignments, first.assignments)
