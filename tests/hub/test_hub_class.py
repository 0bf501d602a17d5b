"""The whole nbgrader loop of a class, on the course's JupyterHub, as real users.

What goes through the hub (its REST API and the proxy to each user's own
server, with that user's own token): starting the servers; the instructor's
generate, release, collect, autograde, feedback and release-feedback (the
formgrader's API in the instructor's server, as its buttons call it); the
students' fetch, save, submit and fetch-feedback (nbgrader's assignment-list
API and the contents API in each student's server). What does not: the
forgery attempts, which a student would type in a terminal, run here as that
OS user with ``runuser``.

Expected scores, from the exercise (parts 1-7 are checked automatically, 11
points; part 8 is graded by hand, 4 points; part 7, the commit day, is worth
1 point): a fully solved copy earns 11 of 15, one with the commit day wrong
earns 10 of 15 before the written answer is graded.

ps03 gives every student their own numbers (per-student variants). ana
hands in her answers typed as plain numbers for *her* variant (her hub
user name seeds it), so her 11 points prove that the hub's grader checked
her against her own numbers; the autograded notebooks and the feedback name
each student's variant; and in Chromium, ana running the notebook in her own
server sees her variant, not the practice one.
"""

from __future__ import annotations

import json
import re
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from hub_harness import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, request

from pmcourse import doctor, variants
from pmcourse.grading.answer_key import answer_key, key_notebook
from pmcourse.grading.course import Course
from pmcourse.grading.submissions import WrongAnswer, fake_students, read_notebook

pytestmark = [pytest.mark.hub, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "ps03_scheduling"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
COURSE_ID = "pmcourse"
EXPECTED_AUTOGRADED = {"ana": 11.0, "ben": 10.0}
MAX_SCORE = 15.0
WRONG_COMMIT_DAY = WrongAnswer(
    ASSIGNMENT,
    "answer_commit_day",
    # wrong for every variant: each one's 90 % date is a day or more later
    "commit_day = schedule.project_finish(plan)  # the plan's own finish\n",
)


def _ok(response, what: str) -> dict | list:
    status, body, _ = response
    assert status == 200, f"{what}: HTTP {status} {body[:500]!r}"
    data = json.loads(body)
    if isinstance(data, dict) and "success" in data:
        assert data["success"], f"{what}: {data.get('error') or data}"
    return data


def _short(name: str) -> str:
    return name.split("-", 1)[1]


def _variant_code(user: str) -> str:
    source = Course(REPO).source_dir(ASSIGNMENT) / NOTEBOOK
    salt = variants.notebook_salt(source)
    return variants.scenario(ASSIGNMENT, salt=salt, student=user).code


def _solved_copies(students: list[str]) -> dict[str, nbformat.NotebookNode]:
    """Each student's work: ana types her own variant's answers as numbers, ben
    solves in code but gets the commit day wrong."""
    repo = Course(REPO)
    _, _, wrong = fake_students(repo, ASSIGNMENT, WRONG_COMMIT_DAY)
    released = read_notebook(repo.release_dir(ASSIGNMENT) / NOTEBOOK)
    work = {}
    for user in students:
        if _short(user) == "ana":
            nb = key_notebook(released, answer_key(repo, ASSIGNMENT, user))
        else:
            nb = wrong.notebooks[ASSIGNMENT]
        nb.metadata["pmcourse_hub_test"] = {"author": user}
        work[user] = nb
    return work


def _author(path: Path) -> str:
    return read_notebook(path).metadata.get("pmcourse_hub_test", {}).get("author")


def _inbound(cls) -> Path:
    return cls.exchange / COURSE_ID / "inbound"


def _release(cls) -> None:
    teacher = cls.instructor
    api = f"formgrader/api/assignment/{ASSIGNMENT}"
    _ok(cls.as_user(teacher, "POST", f"{api}/assign"), "generate")
    _ok(cls.as_user(teacher, "POST", f"{api}/release"), "release")


def _fetch_and_submit(cls, work) -> None:
    form = {"assignment_id": ASSIGNMENT, "course_id": COURSE_ID}
    for user in cls.students:
        listed = _ok(
            cls.as_user(user, "GET", f"assignments?course_id={COURSE_ID}"), "list"
        )["value"]
        released = [(a["assignment_id"], a["status"]) for a in listed]
        assert released == [(ASSIGNMENT, "released")], listed
        _ok(cls.as_user(user, "POST", "assignments/fetch", data=form), "fetch")
        fetched = cls.home(user) / ASSIGNMENT / NOTEBOOK
        assert fetched.is_file() and fetched.stat().st_uid == cls.accounts.uid(user)
        status, body, _ = cls.as_user(
            user,
            "PUT",
            f"api/contents/{ASSIGNMENT}/{NOTEBOOK}",
            body={"type": "notebook", "format": "json", "content": work[user]},
        )
        assert status == 200, f"{user} saves: {status} {body[:300]!r}"
        _ok(cls.as_user(user, "POST", "assignments/submit", data=form), "submit")


@pytest.fixture(scope="module")
def graded_class(class_on_hub):
    """Run the loop once; the tests below check what each step left behind."""
    cls = class_on_hub
    ana, ben = cls.students
    teacher = cls.instructor
    work = _solved_copies(cls.students)
    _release(cls)
    _fetch_and_submit(cls, work)
    genuine = {p.name for p in _inbound(cls).iterdir()}

    # ana, at a terminal of her own server, tries to hand in work as ben.
    forged_nb = cls.home(ana) / ASSIGNMENT / NOTEBOOK
    nb = read_notebook(forged_nb)
    nb.metadata["pmcourse_hub_test"] = {"author": f"{ana} pretending to be {ben}"}
    nbformat.write(nb, cls.home(ana) / "forged.ipynb")
    forged_result = cls.hub.run_as(
        ana,
        [
            "sh",
            "-c",
            f"cp ~/forged.ipynb ~/{ASSIGNMENT}/{NOTEBOOK} && "
            f"python -m nbgrader submit {ASSIGNMENT} --student={ben}",
        ],
        cwd=cls.home(ana),
        env={**cls.user_env, "HOME": str(cls.home(ana))},
    )
    forged = {p.name for p in _inbound(cls).iterdir()} - genuine
    tampering = {
        "list inbound": cls.hub.run_as(
            ana, ["ls", str(_inbound(cls))], cwd=cls.home(ana), env={}
        ),
        # Submissions are named student+assignment+time+random: without the
        # right to list the folder, ana cannot find ben's to touch it.
        "delete ben's submission": cls.hub.run_as(
            ana,
            ["sh", "-c", f"rm -rf {_inbound(cls)}/{ben}+* && ls {_inbound(cls)}"],
            cwd=cls.home(ana),
            env={},
        ),
        "read ben's home": cls.hub.run_as(
            ana, ["ls", str(cls.home(ben))], cwd=cls.home(ana), env={}
        ),
        "change the release": cls.hub.run_as(
            ana,
            [
                "sh",
                "-c",
                "echo {} > "
                + str(cls.exchange / COURSE_ID / "outbound" / ASSIGNMENT / NOTEBOOK),
            ],
            cwd=cls.home(ana),
            env={},
        ),
    }

    api = f"formgrader/api/assignment/{ASSIGNMENT}"
    collected = _ok(cls.as_user(teacher, "POST", f"{api}/collect"), "collect")
    for user in cls.students:
        _ok(
            cls.as_user(
                teacher,
                "POST",
                f"formgrader/api/submission/{ASSIGNMENT}/{user}/autograde",
            ),
            f"autograde {user}",
        )
    _ok(cls.as_user(teacher, "POST", f"{api}/generate_feedback"), "generate feedback")
    _ok(cls.as_user(teacher, "POST", f"{api}/release_feedback"), "release feedback")
    form = {"assignment_id": ASSIGNMENT, "course_id": COURSE_ID}
    for user in cls.students:
        _ok(cls.as_user(user, "POST", "assignments/fetch_feedback", data=form), "fb")
    return {
        "cls": cls,
        "genuine": genuine,
        "forged": forged,
        "forged_result": forged_result,
        "tampering": tampering,
        "collect_log": collected.get("log", ""),
    }


def test_each_submission_lands_under_its_own_student(graded_class):
    """Does collect file exactly one submission per student, each the work that
    student submitted from their own account, and nothing else?"""
    cls = graded_class["cls"]
    submitted = cls.course.grading / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(cls.students)
    for user in cls.students:
        path = submitted / user / ASSIGNMENT / NOTEBOOK
        assert _author(path) == user
    owners = {
        name.split("+")[0]: Path(cls.exchange, COURSE_ID, "inbound", name).owner()
        for name in graded_class["genuine"]
    }
    assert owners == {user: user for user in cls.students}


def test_a_student_cannot_submit_as_another(graded_class):
    """When ana hands in work under ben's name, is it refused at collect (named in
    the instructor's log) while ben keeps his own submission, and can ana neither
    list, delete nor change anything of others in the exchange?"""
    cls = graded_class["cls"]
    ana, ben = cls.students
    result = graded_class["forged_result"]
    forged = graded_class["forged"]
    # Plain nbgrader lets the file in (only collect can tell it apart).
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(forged) == 1 and next(iter(forged)).startswith(f"{ben}+"), forged
    forged_path = _inbound(cls) / next(iter(forged))
    assert forged_path.owner() == ana
    log = graded_class["collect_log"]
    assert re.search(rf"Refused {re.escape(ben)}\+.*owned by the user '{ana}'", log), (
        log
    )
    ben_copy = cls.course.grading / "submitted" / ben / ASSIGNMENT / NOTEBOOK
    assert _author(ben_copy) == ben
    still_there = [n for n in graded_class["genuine"] if n.startswith(f"{ben}+")]
    assert len(still_there) == 1
    assert (_inbound(cls) / still_there[0] / NOTEBOOK).is_file()
    for what, attempt in graded_class["tampering"].items():
        assert attempt.returncode != 0, f"ana could {what}: {attempt.stdout}"
        assert "Permission denied" in attempt.stderr, (what, attempt.stderr)
    inbound_mode = stat.S_IMODE(_inbound(cls).stat().st_mode)
    assert not inbound_mode & stat.S_IROTH, f"inbound is readable: {inbound_mode:o}"


def test_the_gradebook_and_feedback_hold_each_students_score(graded_class):
    """Does the instructor's formgrader report each student's autograded score,
    and does each student fetch feedback, into their own home, stating it?"""
    cls = graded_class["cls"]
    submissions = _ok(
        cls.as_user(cls.instructor, "GET", f"formgrader/api/submissions/{ASSIGNMENT}"),
        "submissions",
    )
    scores = {s["student"]: s["score"] for s in submissions if s["autograded"]}
    expected = {u: EXPECTED_AUTOGRADED[_short(u)] for u in cls.students}
    assert scores == pytest.approx(expected)
    for user in cls.students:
        files = list(
            (cls.home(user) / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html")
        )
        assert len(files) == 1, files
        assert files[0].stat().st_uid == cls.accounts.uid(user)
        text = files[0].read_text(encoding="utf-8")
        score = EXPECTED_AUTOGRADED[_short(user)]
        assert f"{ASSIGNMENT} (Score: {score} / {MAX_SCORE})" in text
        assert f"Your variant: {_variant_code(user)}" in text, user


def test_the_autograded_notebooks_name_each_students_variant(graded_class):
    """Does the notebook the formgrader shows for each student name that
    student's own variant (so written answers are marked against the right
    numbers)?"""
    cls = graded_class["cls"]
    codes = {user: _variant_code(user) for user in cls.students}
    assert len(set(codes.values())) == len(codes)
    for user in cls.students:
        path = cls.course.grading / "autograded" / user / ASSIGNMENT / NOTEBOOK
        shown = path.read_text(encoding="utf-8")
        assert f"Your variant: {codes[user]}" in shown, user
        assert "Practice variant" not in shown


def test_servers_are_private_and_roles_apart(graded_class):
    """Can a student not reach another student's server nor any formgrader,
    while the instructor's server opens in the course clone and its formgrader
    may be shown inside JupyterLab (frame-ancestors 'self'), and students'
    servers keep the hub's 'none'?"""
    cls = graded_class["cls"]
    ana, ben = cls.students
    status, _, _ = cls.as_user(ana, "GET", "api/status")
    assert status == 200
    status, _, _ = request("GET", cls.server(ben) + "api/contents", cls.tokens[ana])
    assert status in (403, 404), status
    status, _, _ = cls.as_user(ana, "GET", "formgrader/api/assignments")
    assert status == 404, "students should have no formgrader"
    status, body, _ = cls.as_user(cls.instructor, "GET", "api/contents")
    assert status == 200
    top = {item["name"] for item in json.loads(body)["content"]}
    assert {"grading", "solutions", "exercises"} <= top, "opens in the course"
    status, _, headers = cls.as_user(cls.instructor, "GET", "formgrader")
    assert status == 200
    assert "frame-ancestors 'self'" in headers.get("content-security-policy", "")
    _, _, headers = cls.as_user(ana, "GET", "lab")
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", "")


def _formgrader_in_lab(cls, profile: Path) -> None:
    """Log in as the instructor in Chromium and open Nbgrader > Formgrader."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(60_000)
        page = context.new_page()
        try:
            page.goto(cls.hub.url + "hub/login")
            page.fill("#username_input", cls.instructor)
            page.fill("#password_input", cls.password)
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{cls.instructor}/lab**")
            page.locator("#jp-MainMenu").get_by_text("Nbgrader", exact=True).click()
            page.get_by_role("menuitem", name="Formgrader", exact=True).click()
            frame = page.frame_locator("#formgrader-iframe iframe")
            row = frame.locator("tr", has_text=ASSIGNMENT).first
            expect(row.locator("td.name")).to_have_text(ASSIGNMENT, timeout=60_000)
            expect(row.locator("td.num-submissions")).to_have_text("2", timeout=60_000)
            expect(page.locator(".jp-DirListing-content")).to_contain_text(
                "solutions", timeout=60_000
            )
        finally:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "formgrader_in_lab_on_the_hub.png"))
            context.close()


def test_the_formgrader_shows_inside_jupyterlab_on_the_hub(graded_class, tmp_path):
    """Does the instructor, logged in to the hub in Chromium, open Nbgrader >
    Formgrader in their JupyterLab and see it drawn in its tab (not the blank
    frame of nbgrader issue 1870), listing ps03 with the class's 2 submissions?"""
    reason = doctor.missing("chromium")
    if reason:
        pytest.skip(reason)
    # A thread of its own: the browser tests' Playwright may still hold this
    # thread's event loop when both folders run in one session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_formgrader_in_lab, graded_class["cls"], tmp_path).result()


def _saved_outputs(cls, user: str) -> str:
    """The outputs of the notebook in a student's home, as saved on disk."""
    path = cls.home(user) / ASSIGNMENT / NOTEBOOK
    cells = read_notebook(path).cells
    return json.dumps([c.get("outputs", []) for c in cells if c.cell_type == "code"])


def _student_runs_the_notebook(cls, profile: Path) -> str:
    """Log in as ana in Chromium, open her ps03, run every cell and save;
    return the saved outputs."""
    from playwright.sync_api import expect, sync_playwright

    ana = cls.students[0]
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(90_000)
        page = context.new_page()
        try:
            page.goto(cls.hub.url + "hub/login")
            page.fill("#username_input", ana)
            page.fill("#password_input", cls.password)
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{ana}/lab**")
            page.goto(cls.hub.url + f"user/{ana}/lab/tree/{ASSIGNMENT}/{NOTEBOOK}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()
            indicator = page.locator(".jp-Notebook-ExecutionIndicator").first
            expect(indicator).to_have_attribute("data-status", "idle")
            # Run All, then save, until the saved notebook holds the outputs:
            # what her own kernel printed is read back from her home.
            deadline = time.monotonic() + 120
            shown = ""
            while "Your variant:" not in shown and time.monotonic() < deadline:
                page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
                page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
                for _ in range(15):
                    page.wait_for_timeout(2_000)
                    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
                    page.keyboard.press("Escape")
                    page.keyboard.press("Control+s")
                    page.wait_for_timeout(500)
                    shown = _saved_outputs(cls, ana)
                    if "Your variant:" in shown:
                        break
        finally:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "student_variant_on_the_hub.png"))
            context.close()
    return shown


def test_a_student_sees_her_own_variant_in_her_server(graded_class, tmp_path):
    """When ana runs ps03 in her own server on the hub (in Chromium), does the
    notebook show her own variant (seeded by her hub user), not the practice
    one?"""
    reason = doctor.missing("chromium")
    if reason:
        pytest.skip(reason)
    cls = graded_class["cls"]
    ana = cls.students[0]
    with ThreadPoolExecutor(max_workers=1) as pool:
        shown = pool.submit(_student_runs_the_notebook, cls, tmp_path).result()
    assert f"Your variant: {_variant_code(ana)}" in shown
    assert f"drawn for {ana} (id from JUPYTERHUB_USER)" in shown
    assert "Practice variant" not in shown
