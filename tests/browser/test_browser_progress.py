"""A learner's work survives a JupyterLab restart and shows in "My progress".

The learner answers a self-check in lesson 04 and marks the lesson finished,
answers two adaptive practice questions in lesson 09 and validates exercise
ps03 with nbgrader's Validate; JupyterLab is stopped and started again (same
home); "My progress" then shows them all. The progress folder is set under the test's
temporary home. This test runs its own JupyterLab (it must restart it).
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lab_ui import open_notebook, run_all_cells
from playwright.sync_api import expect

from conftest import LabServer, _collect, _wait_until_ready
from pmcourse.grading.course import jupyter_env
from pmcourse.progress import ProgressStore
from pmcourse.setup_lab import free_port, lab_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
LESSON_04 = "notebooks/04_earned_value.ipynb"
LESSON_09 = "notebooks/09_capm_practice.ipynb"
MY_PROGRESS = "notebooks/00a_my_progress.ipynb"
EXERCISE = "exercises/ps03_scheduling/ps03_scheduling.ipynb"
_LETTERS = "ABCDEFGHIJ"


def _first_self_check(path: Path) -> tuple[str, int]:
    """Return the button text of the right answer of a lesson's first self-check."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "SelfCheck"
            ):
                named = {k.arg: k.value for k in node.keywords}
                args = [*node.args, None, None, None]
                options = ast.literal_eval(args[1] or named["options"])
                answer = ast.literal_eval(args[2] or named["answer"])
                k = answer if isinstance(answer, int) else options.index(answer)
                return f"{_LETTERS[k]}. {options[k]}", k
    raise AssertionError(f"{path} shows no SelfCheck")


@contextmanager
def _lab(root: Path, env: dict[str, str]) -> Iterator[LabServer]:
    """Start JupyterLab on ``root``; stop it (the whole process group) on exit."""
    port, token = free_port(0), secrets.token_hex(16)
    process = subprocess.Popen(
        lab_command(root, port, token, open_browser=False),
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=_collect, args=(log, process.stdout), daemon=True)
    reader.start()
    server = LabServer(f"http://127.0.0.1:{port}/", token, None, process, log, None)
    try:
        assert _wait_until_ready(server), "JupyterLab did not start:\n" + server.tail()
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=5)


def test_answers_survive_a_restart_and_show_in_my_progress(browser_context, tmp_path):
    """Do a self-check answered in lesson 04 (marked finished), two adaptive
    questions answered in lesson 09 (opened) and a Validate of ps03 show in
    My progress after JupyterLab restarts?"""
    root = tmp_path / "course"
    shutil.copytree(
        REPO / "notebooks",
        root / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
    )
    shutil.copytree(REPO / "datasets", root / "datasets")
    shutil.copytree(REPO / Path(EXERCISE).parent, root / Path(EXERCISE).parent)
    home = tmp_path / "home"
    env = jupyter_env(home)
    progress_dir = home / ".local" / "share" / "pmcourse"
    env["PMCOURSE_PROGRESS_DIR"] = str(progress_dir)
    button, _ = _first_self_check(REPO / LESSON_04)

    page = browser_context.new_page()
    try:
        with _lab(root, env) as lab:
            open_notebook(page, lab, "progress-04", LESSON_04)
            run_all_cells(page)
            right = page.get_by_role("button", name=button, exact=True).first
            right.scroll_into_view_if_needed()
            right.click()
            expect(page.get_by_text("Right.").first).to_be_visible()
            finished = page.get_by_role("button", name="I have finished this lesson")
            finished.scroll_into_view_if_needed()
            finished.click()
            expect(
                page.get_by_text("Noted: you finished 04_earned_value")
            ).to_be_visible()
            lab.shut_down_kernels()

            open_notebook(page, lab, "progress-09", LESSON_09)
            run_all_cells(page, timeout=240_000)
            app = page.locator(".jp-OutputArea-output", has_text="Adaptive practice")
            app = app.first
            box = app.get_by_role("textbox", name="Answer")
            box.scroll_into_view_if_needed()
            box.fill("A")
            box.press("Enter")
            expect(app.get_by_text("from 1 answers")).to_be_visible()
            app.get_by_role("button", name="Next question").click()
            box.fill("B")
            box.press("Enter")
            expect(app.get_by_text("from 2 answers")).to_be_visible()
            lab.shut_down_kernels()

            open_notebook(page, lab, "progress-ps03", EXERCISE)
            page.locator(".jp-NotebookPanel-toolbar").get_by_text(
                "Validate", exact=True
            ).click()
            dialog = page.locator(".jp-Dialog")
            expect(dialog.locator(".jp-Dialog-header")).to_have_text(
                "Validation Results", timeout=240_000
            )
            dialog.get_by_role("button", name=re.compile("ok", re.I)).click()

        store = ProgressStore(progress_dir / "progress.sqlite3")
        checks = store.table("self_checks")
        assert checks[["lesson", "correct"]].values.tolist() == [["04_earned_value", 1]]
        practice = store.table("practice")
        assert practice["mode"].tolist() == ["adaptive", "adaptive"]
        assert practice["seconds"].gt(0).all()
        lessons = store.table("lessons")
        assert lessons[["lesson", "event"]].values.tolist() == [
            ["04_earned_value", "opened"],
            ["04_earned_value", "finished"],
            ["09_capm_practice", "opened"],
        ]
        runs = store.table("validations")
        assert runs["assignment"].tolist() == ["ps03_scheduling"]
        assert runs["total"].tolist()[0] >= 5  # one row per autograded part
        assert len(store.table("validated_parts")) == runs["total"].tolist()[0]

        with _lab(root, env) as lab:  # a new JupyterLab, the same home
            open_notebook(page, lab, "progress-00a", MY_PROGRESS)
            run_all_cells(page)
            report = page.locator(".jp-OutputArea-output", has_text="My progress")
            expect(report.first).to_contain_text("1 of 1 right first time")
            expect(report.first).to_contain_text("Practice answers: 2")
            expect(report.first).to_contain_text("04_earned_value")
            expect(report.first).to_contain_text("Lessons done: 1 of 2 started")
            expect(report.first).to_contain_text("Exercises validated: 1")
            expect(report.first).to_contain_text("ps03_scheduling")
            lab.shut_down_kernels()
    finally:
        page.close()
