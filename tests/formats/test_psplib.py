"""Tests for pmcourse.formats.psplib: PSPLIB instances and optimum tables.

Expected values were read by hand from j301_1.sm and j30opt.sm.
"""

import pytest

from pmcourse.formats import iter_psplib_archive, read_psplib, read_psplib_optimum
from pmcourse.schedule import cpm


def test_j301_1_jobs_resources_and_capacities(shared_data):
    """Does j301_1 give 32 jobs, 4 resources and the file's capacities?"""
    tasks, capacities = read_psplib(shared_data("psplib_j30") / "instances/j301_1.sm")
    assert len(tasks) == 32
    assert list(tasks.columns) == [
        "id",
        "duration",
        "predecessors",
        "R1",
        "R2",
        "R3",
        "R4",
    ]
    assert tasks["id"].tolist() == [str(j) for j in range(1, 33)]
    # RESOURCEAVAILABILITIES:  12   13    4   12
    assert capacities == {"R1": 12, "R2": 13, "R3": 4, "R4": 12}
    t = tasks.set_index("id")
    # "  2      1     8       4    0    0    0"
    assert t.loc["2", "duration"] == 8 and t.loc["2", "R1"] == 4
    # "  6      1     8       0    0    0    8"
    assert t.loc["6", ["R1", "R2", "R3", "R4"]].tolist() == [0, 0, 0, 8]
    # dummies: job 1 is every first job's predecessor, job 32 the sink
    assert t.loc["1", "duration"] == 0 and t.loc["1", "predecessors"] == []
    assert t.loc["2", "predecessors"] == ["1"]
    assert t.loc["32", "predecessors"] == ["29", "30", "31"]
    # job 20 follows jobs 5, 11 and 18 ("5 ... 20", "11 ... 20 26", "18 ... 20 22")
    assert t.loc["20", "predecessors"] == ["5", "11", "18"]


def test_j301_1_critical_path_matches_the_files_mpm_time(shared_data):
    """Is the cpm finish of j301_1 the header's MPM-Time (38)?"""
    inst = read_psplib(shared_data("psplib_j30") / "instances/j301_1.sm")
    assert inst.horizon == 158
    assert cpm(inst.tasks)["ef"].max() == 38
    assert inst.skipped.empty and inst.name == "j301_1"


def test_optimum_table(shared_data):
    """Does j30opt.sm give 480 optima keyed by instance name?"""
    opt = read_psplib_optimum(shared_data("psplib_j30") / "j30opt.sm")
    assert len(opt) == 480
    # "1       1         43       0.30" and "48      10        54       0.01"
    assert opt.loc["j301_1", "makespan"] == 43
    assert opt.loc["j301_2", "makespan"] == 47
    assert opt.loc["j3048_10", "makespan"] == 54
    assert opt.index.is_unique


def test_archive_yields_all_480_instances_in_order(shared_data):
    """Does the archive iterator read all 480 instances without unpacking them?"""
    folder = shared_data("psplib_j30")
    names = []
    for inst in iter_psplib_archive(folder / "j30_all_480.tgz"):
        names.append(inst.name)
        assert len(inst.tasks) == 32 and len(inst.capacities) == 4
    opt = read_psplib_optimum(folder / "j30opt.sm")
    assert names == opt.index.tolist()
    unpacked = read_psplib(folder / "instances" / "j3025_5.sm")
    packed = next(
        i
        for i in iter_psplib_archive(folder / "j30_all_480.tgz")
        if i.name == "j3025_5"
    )
    assert packed.tasks.equals(unpacked.tasks)
    assert packed.capacities == unpacked.capacities


TINY = """jobs (incl. supersource/sink ):  3
horizon                       :  4
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          1           2
   2        1          1           3
   3        1          0
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     4       2
  3      1     0       0
RESOURCEAVAILABILITIES:
  R 1
   3
"""


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            TINY.replace("   2        1          1           3\n", ""),
            r"tiny\.sm: line 10: expected 3 precedence rows",
        ),
        (
            TINY.replace("   2        1          1", "   2        2          1"),
            r"tiny\.sm: line 9: job 2 has 2 modes",
        ),
        (
            TINY.replace("  2      1     4       2", "  2      1     x       2"),
            r"tiny\.sm: line 15: expected whole numbers, got '2 1 x 2'",
        ),
        (
            TINY.replace(
                "   1        1          1           2",
                "   1        1          1           7",
            ),
            r"tiny\.sm: job 1 lists successor 7, which is not a job",
        ),
        (
            TINY.replace("  R 1\n   3\n", "  R 1\n"),
            r"tiny\.sm: line 19: expected 1 renewable",
        ),
        (
            TINY.replace("PRECEDENCE RELATIONS:", "PRECEDENCE:"),
            r"tiny\.sm: no PRECEDENCE RELATIONS section found",
        ),
    ],
)
def test_malformed_instances_name_file_and_line(tmp_path, broken, expected):
    """Does a malformed .sm file raise ValueError naming the file and line?"""
    path = tmp_path / "tiny.sm"
    path.write_text(broken)
    with pytest.raises(ValueError, match=expected):
        read_psplib(path)


def test_nonrenewable_resources_are_reported_as_skipped(tmp_path):
    """Are non-renewable resource columns left out and reported?"""
    text = (
        TINY.replace("nonrenewable              :  0", "nonrenewable              :  1")
        .replace("duration  R 1", "duration  R 1  N 1")
        .replace("  2      1     4       2", "  2      1     4       2   9")
        .replace("  1      1     0       0", "  1      1     0       0   0")
        .replace("  3      1     0       0", "  3      1     0       0   0")
    )
    path = tmp_path / "tiny.sm"
    path.write_text(text)
    inst = read_psplib(path)
    assert list(inst.tasks.columns) == ["id", "duration", "predecessors", "R1"]
    assert len(inst.skipped) == 1
    assert "non-renewable" in inst.skipped.loc[0, "reason"]


def test_malformed_optimum_table(tmp_path):
    """Does a bad optimum line raise ValueError naming the file and line?"""
    path = tmp_path / "j30opt.sm"
    path.write_text("Paramter Instance Makespan\n-----\n1 1 43\n1 two 47\n")
    with pytest.raises(ValueError, match=r"j30opt\.sm: line 4: expected parameter"):
        read_psplib_optimum(path)
    path.write_text("Paramter Instance Makespan\n1 1 43\n1 1 44\n")
    with pytest.raises(ValueError, match=r"line 3: instance j301_1 appears twice"):
        read_psplib_optimum(path)


def test_archive_errors(tmp_path):
    """Is a file that is not a tar archive rejected with its name?"""
    path = tmp_path / "set.tgz"
    path.write_bytes(b"not an archive")
    with pytest.raises(ValueError, match=r"set\.tgz: not a readable tar archive"):
        list(iter_psplib_archive(path))
