"""Execute one submission's notebooks in a sandboxed kernel (the worker side).

A worker receives an :class:`ExecJob`: for each notebook, the plan of its
cells (code to run, or the answers to capture where a test cell stands; the
tests themselves never enter the sandbox) and the files to put beside it.
It writes them into a fresh temporary folder, starts an IPython kernel there
under bubblewrap (:mod:`pmcourse.grading.sandbox`) talking over Unix
sockets in that folder (the sandbox has no network), runs the plan cell by
cell with nbclient against a wall-clock budget, and returns an
:class:`ExecResult`: every cell's outputs, the captured answers, and what
stopped the run, if anything (``timed-out``, ``crashed``, ``memory-limit``).

Every process of a run dies with the grader: a pool worker set up by
:func:`worker_init` dies with its parent (``PR_SET_PDEATHSIG``) and with the
``pmcourse`` process (a watcher thread), bubblewrap dies with its worker
(``--die-with-parent``), and an unsandboxed kernel dies with its worker.

Jobs and results are plain picklable data, so any
:class:`concurrent.futures.Executor` can run :func:`execute_job`, a local
process pool or a Dask cluster's workers.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pmcourse.grading.capture import MAX_CHARS, MIME
from pmcourse.grading.sandbox import (
    Limits,
    SandboxUnavailable,
    check_sandbox,
    hidden_paths,
    prepare_workdir,
    readable_paths,
    wrap_command,
)
from pmcourse.variants import STUDENT_ENV

#: Outputs kept per cell (characters of text); the rest is cut.
MAX_OUTPUT_CHARS = 200_000

_PR_SET_PDEATHSIG = 1

# Runs before an unsandboxed kernel: die with the worker, then exec it.
_DEATH_SHIM = """\
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[2], sys.argv[2:])
"""


def die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies.

    Returns
    -------
    bool
        False where this is not Linux (nothing was set).

    Examples
    --------
    >>> isinstance(die_with_parent.__doc__, str)
    True
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0


def _stat(pid: int) -> tuple[str, str] | None:
    """Return a process's state letter and start time, or None when gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], fields[19]


def process_alive(pid: int, started: str | None = None) -> bool:
    """Return whether a process runs (a zombie, or a new one reusing its id, not).

    Examples
    --------
    >>> process_alive(os.getpid())
    True
    """
    if not Path("/proc/self/stat").exists():  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    found = _stat(pid)
    if found is None or found[0] in ("Z", "X"):
        return False
    return started is None or found[1] == started


def _watch(pid: int) -> None:
    found = _stat(pid)
    started = found[1] if found else None
    while process_alive(pid, started):
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGKILL)


def worker_init(grader_pid: int) -> None:
    """Set up a pool worker: no Ctrl-C of its own, and death with the grader.

    The terminal's Ctrl-C reaches every process of its group; the grader
    decides what to stop, so a worker ignores it. A worker is SIGKILLed when
    its parent (the pool's fork server) dies, and a watcher thread kills it
    when the grader process (``grader_pid``) is gone, so that ``kill -9`` of
    ``pmcourse autograde`` leaves nothing behind.

    Parameters
    ----------
    grader_pid : int
        The process id of ``pmcourse autograde``.

    Used in: grading (``pmcourse autograde``'s process pool).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    threading.Thread(target=_watch, args=(grader_pid,), daemon=True).start()


@dataclass(frozen=True)
class Step:
    """One cell of a notebook's execution plan.

    Parameters
    ----------
    kind : str
        ``"run"`` (run ``source`` in the kernel), ``"capture"`` (capture the
        variables ``names`` for test ``grade_id``) or ``"skip"``.
    source : str
        Code to run (``run`` only).
    names : tuple of str
        Variables the test reads (``capture`` only).
    grade_id : str
        The test cell's id (``capture`` only).
    """

    kind: str
    source: str = ""
    names: tuple[str, ...] = ()
    grade_id: str = ""


@dataclass(frozen=True)
class NotebookPlan:
    """The plan of one notebook: a step per cell of the prepared notebook."""

    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ExecJob:
    """Everything a worker needs to execute one submission (picklable).

    Parameters
    ----------
    student : str
        The student id.
    assignment : str
        The assignment name.
    notebooks : tuple of NotebookPlan
        The notebooks to run, each in its own kernel.
    files : dict of str to bytes
        Other files of the submission (relative POSIX path to content).
    timeout : float
        Wall-clock seconds each notebook may take, kernel start included.
    limits : Limits
        Memory, CPU time and file-size limits.
    sandbox : bool
        False runs the kernel without bubblewrap (``--no-sandbox``).
    course_root : str or None
        The course being graded, hidden from the kernel.
    cell_timeout : float
        Wall-clock seconds one cell may run before it is interrupted (the
        cells after it still run).
    """

    student: str
    assignment: str
    notebooks: tuple[NotebookPlan, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    timeout: float = 120.0
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True
    course_root: str | None = None
    cell_timeout: float = 30.0


@dataclass
class NotebookRun:
    """What happened when one notebook ran.

    Parameters
    ----------
    name : str
        The notebook's name.
    cells : dict of int to dict
        Cell index to ``{"outputs": [...], "execution_count": n}``.
    captures : dict of str to dict
        Test ``grade_id`` to the captured payload (``None`` when the capture
        produced nothing readable).
    reached : int
        Number of cells whose step finished.
    event : str
        ``""``, ``"timed-out"``, ``"crashed"`` or ``"memory-limit"``.
    message : str
        What the event was, for the instructor.
    seconds : float
        Wall-clock time, kernel start included.
    notes : list of str
        Cells stopped by the per-cell time limit (the run went on).
    """

    name: str
    cells: dict[int, dict[str, Any]] = field(default_factory=dict)
    captures: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    reached: int = 0
    event: str = ""
    message: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class ExecResult:
    """A worker's result for one submission."""

    student: str
    assignment: str
    notebooks: list[NotebookRun]
    seconds: float


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"files: {name!r} is not a relative path inside the folder")
    return path


def _kernel_manager(workdir: Path, job: ExecJob, log: Path):
    from jupyter_client.manager import AsyncKernelManager

    hidden = hidden_paths(Path(job.course_root) if job.course_root else None)
    readable = readable_paths()

    class SandboxedKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):  # noqa: D102
            cmd = [
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "-f",
                os.path.realpath(self.connection_file),
                "--HistoryManager.enabled=False",
                "--IPKernelApp.parent_handle=0",
            ]
            if not job.sandbox:
                return [sys.executable, "-I", "-S", "-c", _DEATH_SHIM, "--", *cmd]
            prepare_workdir(workdir)
            return wrap_command(
                cmd,
                workdir,
                job.limits,
                hidden=hidden,
                readable=readable,
                env={STUDENT_ENV: job.student},
            )

        async def interrupt_kernel(self) -> None:  # type: ignore[override]
            # By message: a signal would reach bubblewrap, not the kernel.
            msg = self.session.msg("interrupt_request", content={})
            self._connect_control_socket()
            self.session.send(self._control_socket, msg)

    return SandboxedKernelManager(
        transport="ipc",
        ip=str(workdir / "k"),
        connection_file=str(workdir / "kernel.json"),
    )


def _cut(outputs: list) -> list:
    kept, used = [], 0
    for out in outputs:
        size = len(json.dumps(out, default=str))
        if used + size > MAX_OUTPUT_CHARS:
            kept.append(
                {
                    "output_type": "stream",
                    "name": "stdout",
                    "text": "\n[output cut by the grader: too long]\n",
                }
            )
            break
        kept.append(out)
        used += size
    return kept


def _capture_source(step: Step) -> str:
    names = json.dumps(list(step.names))
    return (
        "__import__('pmcourse.grading.capture', fromlist=['emit'])"
        f".emit(globals(), {names}, {json.dumps(step.grade_id)})"
    )


def _payload(outputs: list, grade_id: str) -> dict | None:
    for out in outputs:
        data = out.get("data", {}) if isinstance(out, dict) else {}
        if MIME in data:
            payload = data[MIME]
            if isinstance(payload, str):
                if len(payload) > MAX_CHARS:
                    return None
                try:
                    payload = json.loads(payload)
                except ValueError:
                    return None
            if isinstance(payload, dict) and payload.get("grade_id") == grade_id:
                if len(json.dumps(payload)) <= MAX_CHARS:
                    return payload
    return None


def _memory_error(outputs: list) -> bool:
    return any(
        out.get("output_type") == "error"
        and str(out.get("ename", "")).endswith("MemoryError")
        for out in outputs
    )


def _death(km, log: Path) -> tuple[str, str]:
    code = None
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None:
        try:
            code = process.wait(timeout=5)
        except Exception:
            code = process.poll()
    text = log.read_text(errors="replace")[-4000:] if log.exists() else ""
    if any(s in text for s in ("MemoryError", "Cannot allocate memory", "bad_alloc")):
        return "memory-limit", f"the kernel died out of memory (exit {code})"
    if code in (128 + 24, -24):  # SIGXCPU: the CPU-time limit
        return "timed-out", "the kernel used up its CPU time"
    errors = [ln for ln in text.splitlines() if "Error" in ln]
    detail = f": {errors[-1].strip()[:200]}" if errors else ""
    return "crashed", f"the kernel died or exited (exit status {code}){detail}"


def _run_notebook(plan: NotebookPlan, workdir: Path, job: ExecJob) -> NotebookRun:
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.v4 import new_code_cell, new_notebook

    run = NotebookRun(plan.name)
    started = time.monotonic()
    deadline = started + job.timeout
    log = workdir.parent / f"{plan.name}.kernel.log"
    km = _kernel_manager(workdir, job, log)
    cells = [
        new_code_cell(
            step.source
            if step.kind == "run"
            else _capture_source(step)
            if step.kind == "capture"
            else ""
        )
        for step in plan.steps
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    limit = max(1.0, min(job.cell_timeout, job.timeout))
    current = [0]

    class Client(NotebookClient):
        async def _async_handle_timeout(self, timeout, cell=None):  # noqa: ANN001
            index = current[0]
            stopped = any(n.startswith(f"{_where(plan, index)} ") for n in run.notes)
            if time.monotonic() < deadline - 1 and not stopped:
                run.notes.append(
                    f"{_where(plan, index)} stopped after {limit:g} s (the "
                    "per-cell time limit); the cells after it ran"
                )
                await self.km.interrupt_kernel()
                return None
            raise CellTimeoutError("the time budget ran out")

    client = Client(
        nb,
        km=km,
        timeout=max(1, int(job.timeout)),
        startup_timeout=max(10, int(job.timeout)),
        allow_errors=True,
        kernel_name="python3",
        record_timing=False,
    )
    client.timeout_func = lambda cell: max(
        1, int(min(limit, deadline - time.monotonic()))
    )
    with open(log, "wb") as sink:
        try:
            # The kernel learns whose work it runs, so that an exercise with
            # per-student variants draws that student's numbers.
            env = {**os.environ, STUDENT_ENV: job.student}
            with client.setup_kernel(
                cwd=str(workdir), env=env, stdout=sink, stderr=sink
            ):
                for index, (step, cell) in enumerate(
                    zip(plan.steps, cells, strict=True)
                ):
                    if time.monotonic() > deadline:
                        raise CellTimeoutError("the time budget ran out")
                    if step.kind != "skip":
                        current[0] = index
                        client.execute_cell(cell, index)
                        outputs = _cut([dict(o) for o in cell.outputs])
                        if step.kind == "capture":
                            run.captures[step.grade_id] = _payload(
                                outputs, step.grade_id
                            )
                        else:
                            run.cells[index] = {
                                "outputs": outputs,
                                "execution_count": cell.get("execution_count"),
                            }
                            if _memory_error(outputs) and not run.event:
                                run.event = "memory-limit"
                                run.message = f"{_where(plan, index)} ran out of memory"
                    run.reached = index + 1
        except CellTimeoutError:
            run.event = "timed-out"
            run.message = (
                f"stopped after {job.timeout:g} s in {_where(plan, run.reached)} "
                f"(the notebook's time limit)"
            )
        except (DeadKernelError, RuntimeError) as err:
            run.event, run.message = _death(km, log)
            run.message += f" in {_where(plan, run.reached)}"
            if isinstance(err, RuntimeError) and "died" not in str(err).lower():
                run.message += f": {err}"
        finally:
            try:
                if km.has_kernel:
                    run_sync(km.shutdown_kernel)(now=True)
            except Exception:
                pass
    if run.event == "crashed" and _memory_text(log):
        run.event = "memory-limit"
    run.seconds = time.monotonic() - started
    return run


def _where(plan: NotebookPlan, index: int) -> str:
    step = plan.steps[index] if index < len(plan.steps) else None
    name = f" ({step.grade_id})" if step is not None and step.grade_id else ""
    return f"cell {index + 1}{name}"


def _memory_text(log: Path) -> bool:
    text = log.read_text(errors="replace") if log.exists() else ""
    return "MemoryError" in text or "Cannot allocate memory" in text


def execute_job(job: ExecJob) -> ExecResult:
    """Run one submission's notebooks in sandboxed kernels.

    Parameters
    ----------
    job : ExecJob
        The plans and files.

    Returns
    -------
    ExecResult
        One :class:`NotebookRun` per notebook.

    Raises
    ------
    SandboxUnavailable
        If ``job.sandbox`` is set and bubblewrap does not isolate here.
    ValueError
        If a file name points outside the submission's folder.

    Used in: grading (``pmcourse autograde``; a process pool or Dask runs it).
    """
    if job.sandbox:
        course = Path(job.course_root) if job.course_root else None
        verdict = check_sandbox(course)
        if not verdict.ok:
            raise SandboxUnavailable(verdict.reason)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="pmcourse-grade-"))
    try:
        runs: list[NotebookRun] = []
        for plan in job.notebooks:
            workdir = tmp / f"work-{len(runs)}"
            workdir.mkdir()
            for name, content in job.files.items():
                target = workdir / _safe_relative(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            runs.append(_run_notebook(plan, workdir, job))
        return ExecResult(job.student, job.assignment, runs, time.monotonic() - started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
