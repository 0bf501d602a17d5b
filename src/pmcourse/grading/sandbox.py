"""Run a student's code in an operating-system sandbox (bubblewrap).

A sandboxed command sees the machine's system read-only, a private ``/tmp``,
no network, its own process and IPC namespaces, and exactly one writable
folder (the submission's temporary copy). The folders that hold what a
student must never reach (the course repository with its gradebook,
solutions and other students' work, the grader's home) are covered by empty
in-memory folders; only the Python environment and the ``pmcourse`` library
are bound back into them, read-only.

Inside the sandbox a tiny shim sets the resource limits (address space,
CPU time, file size, no core dumps) and, when the grader runs as root, drops
to an unprivileged user (``nobody``) with no capabilities before it starts
the student's kernel, so that root-only files stay unreadable and the
process-count limit applies (Linux exempts root from it).

Nothing here runs student code by itself: :func:`wrap_command` turns a
command into its sandboxed form and :func:`check_sandbox` proves, once per
process, that the sandbox really isolates (a refusal names what failed).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The unprivileged user and group a root grader drops to inside the sandbox.
NOBODY = 65534

# Runs inside the sandbox: set limits, drop root, exec the command.
# argv: LIMITS UID GID -- COMMAND...  (LIMITS like "AS=1024:1024,CPU=60:65")
_SHIM = """\
import os, resource, sys
limits, uid, gid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cmd = sys.argv[5:]
for item in filter(None, limits.split(",")):
    name, values = item.split("=")
    soft, hard = (int(v) for v in values.split(":"))
    resource.setrlimit(getattr(resource, "RLIMIT_" + name), (soft, hard))
if os.getuid() == 0 and uid >= 0:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
os.execv(cmd[0], cmd)
"""


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run here; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed run.

    Parameters
    ----------
    memory_mb : int
        Address space of each process, in MiB (RLIMIT_AS).
    cpu_seconds : int
        CPU time of each process, in seconds (RLIMIT_CPU; the wall-clock
        timeout is enforced by the caller).
    file_mb : int
        Largest file a process may write, in MiB (RLIMIT_FSIZE).
    processes : int
        Processes and threads of the sandbox user (RLIMIT_NPROC), applied
        only when the grader runs as root and the sandbox drops to ``nobody``.
    tmp_mb : int
        Size of the sandbox's private ``/tmp`` (in memory), in MiB.

    Examples
    --------
    >>> Limits(memory_mb=512).rlimits()[0]
    'AS=536870912:536870912'

    Used in: grading (``pmcourse autograde``).
    """

    memory_mb: int = 2048
    cpu_seconds: int = 600
    file_mb: int = 200
    processes: int = 512
    tmp_mb: int = 256

    def __post_init__(self) -> None:
        for name in ("memory_mb", "cpu_seconds", "file_mb", "processes", "tmp_mb"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name}: expected a positive integer, got {value!r}")

    def rlimits(self, *, processes: bool = False) -> list[str]:
        """Return the limits in the shim's ``NAME=soft:hard`` form."""
        mem = self.memory_mb * 1024 * 1024
        out = [
            f"AS={mem}:{mem}",
            f"CPU={self.cpu_seconds}:{self.cpu_seconds + 5}",
            f"FSIZE={self.file_mb * 1024 * 1024}:{self.file_mb * 1024 * 1024}",
            "CORE=0:0",
        ]
        if processes:
            out.append(f"NPROC={self.processes}:{self.processes}")
        return out


def _under(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def hidden_paths(course_root: Path | None = None) -> list[Path]:
    """Return the folders a sandbox covers: the course, this repository, home.

    Parameters
    ----------
    course_root : Path or None
        The repository of the course being graded (may be a copy).

    Returns
    -------
    list of Path
        Existing folders, resolved, without duplicates; never ``/``.

    Examples
    --------
    >>> Path.home().resolve() in hidden_paths()
    True

    Used in: grading (``pmcourse autograde``).
    """
    import pmcourse

    candidates = [Path.home()]
    package = Path(pmcourse.__file__).resolve().parent
    for folder in package.parents:
        if (folder / "grading" / "nbgrader_config.py").is_file():
            candidates.append(folder)
            break
    if course_root is not None:
        candidates.append(Path(course_root))
    out: list[Path] = []
    for path in candidates:
        path = path.resolve()
        if path.is_dir() and path != Path("/") and path not in out:
            out.append(path)
    return out


def readable_paths() -> list[Path]:
    """Return what the sandbox must read back: Python and the ``pmcourse`` code.

    Returns
    -------
    list of Path
        The environment's prefix, the base interpreter's prefix, the folder
        of the interpreter binary, and the folder the ``pmcourse`` package is
        imported from (``src/`` of an editable install).

    Examples
    --------
    >>> Path(sys.prefix).resolve() in readable_paths()
    True

    Used in: grading (``pmcourse autograde``).
    """
    import pmcourse

    paths = [
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(os.path.realpath(sys.executable)).parent,
        Path(pmcourse.__file__).resolve().parent.parent,
    ]
    out: list[Path] = []
    for path in paths:
        path = path.resolve()
        if path.is_dir() and path not in out:
            out.append(path)
    return out


def sandbox_env(workdir: Path) -> dict[str, str]:
    """Return the only environment variables a sandboxed kernel gets.

    Examples
    --------
    >>> sandbox_env(Path("/tmp/w"))["HOME"]
    '/tmp/home'

    Used in: grading (``pmcourse autograde``).
    """
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp/home",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "IPYTHONDIR": "/tmp/home/.ipython",
        "MPLCONFIGDIR": "/tmp/home/.matplotlib",
        "JUPYTER_RUNTIME_DIR": "/tmp/home/runtime",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        "PMCOURSE_SANDBOX": "1",
        "PMCOURSE_WORKDIR": str(workdir),
    }


def wrap_command(
    cmd: Sequence[str],
    workdir: Path,
    limits: Limits,
    *,
    hidden: Sequence[Path] = (),
    readable: Sequence[Path] = (),
    env: Mapping[str, str] | None = None,
    bwrap: str = "bwrap",
) -> list[str]:
    """Return ``cmd`` wrapped in bubblewrap with limits and a dropped user.

    Parameters
    ----------
    cmd : sequence of str
        The command to run inside (absolute executable path first).
    workdir : Path
        The only writable folder; it keeps its path inside the sandbox.
    limits : Limits
        Resource limits, set inside the sandbox before ``cmd`` starts.
    hidden : sequence of Path
        Folders covered by an empty in-memory folder.
    readable : sequence of Path
        Folders bound back read-only (only those inside a hidden folder are
        needed, the rest of the system is already readable).
    env : mapping of str to str, optional
        Variables set inside besides :func:`sandbox_env` (the student's id).
    bwrap : str
        The bubblewrap executable.

    Returns
    -------
    list of str
        The full command line.

    Examples
    --------
    >>> line = wrap_command(["/usr/bin/true"], Path("/tmp/w"), Limits())
    >>> line[0], "--unshare-net" in line, line[-1]
    ('bwrap', True, '/usr/bin/true')

    Used in: grading (``pmcourse autograde``).
    """
    workdir = Path(workdir)
    root = os.getuid() == 0
    args = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    # /tmp lives in memory: cap it, so that files written there cannot take
    # what the memory limit (which counts only the processes) protects.
    args += ["--perms", "1777", "--size", str(limits.tmp_mb * 1024 * 1024)]
    args += ["--tmpfs", "/tmp"]
    hidden = [Path(p) for p in hidden]
    if root:
        # A folder the unprivileged user cannot pass through (root's home with
        # mode 0700, say) on the way to Python is covered and the way rebuilt.
        for path in readable:
            for folder in reversed(Path(path).parents):
                if folder != Path("/") and not _under(folder, hidden):
                    if not os.stat(folder).st_mode & 0o001:
                        hidden.append(folder)
                        break
    for path in sorted(hidden, key=lambda p: len(p.parts)):
        args += ["--size", str(1024 * 1024), "--tmpfs", str(path)]
    opened: list[Path] = []
    for path in readable:
        path = Path(path)
        if _under(path, hidden):
            args += ["--ro-bind", str(path), str(path)]
            # bwrap makes the folders leading to a bind private (0700): open
            # them so that the unprivileged sandbox user can reach the bind.
            opened += [p for p in path.parents if _under(p, hidden) and p not in opened]
    for path in sorted(opened, key=lambda p: len(p.parts)):
        if not any(path == Path(r) for r in readable):
            args += ["--chmod", "0755", str(path)]
    args += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir)]
    for folder in reversed(workdir.parents):
        if _under(folder, [Path("/tmp"), *hidden]) and folder != Path("/tmp"):
            args += ["--chmod", "0755", str(folder)]
    args += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
    args += ["--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    if root:
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID"]
        args += ["--cap-add", "CAP_SETGID"]
    args += ["--clearenv"]
    for name, value in {**sandbox_env(workdir), **(env or {})}.items():
        args += ["--setenv", name, value]
    uid = NOBODY if root else -1
    shim = [sys.executable, "-I", "-S", "-c", _SHIM]
    shim += [",".join(limits.rlimits(processes=root)), str(uid), str(uid), "--"]
    return [*args, "--", *shim, *cmd]


def prepare_workdir(workdir: Path) -> None:
    """Let the sandbox user own ``workdir`` and everything in it.

    Only when the grader runs as root (the sandbox then runs as ``nobody``);
    otherwise the folder is already the grader's and nothing changes.

    Parameters
    ----------
    workdir : Path
        The submission's temporary folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepare_workdir(Path(tmp))
    ...     Path(tmp).stat().st_uid in (os.getuid(), NOBODY)
    True

    Used in: grading (``pmcourse autograde``).
    """
    if os.getuid() != 0:
        return
    for folder, dirs, files in os.walk(workdir):
        os.chown(folder, NOBODY, NOBODY)
        for name in dirs + files:
            os.chown(os.path.join(folder, name), NOBODY, NOBODY, follow_symlinks=False)


# What the self-test runs inside the sandbox: each line prints one verdict.
_PROBE = """\
import os, socket, sys
for secret in sys.argv[1:]:
    print("secret-visible" if os.path.exists(secret) else "secret-hidden")
try:
    open("/usr/pmcourse-probe", "w")
    print("system-writable")
except OSError:
    print("system-readonly")
try:
    socket.create_connection(("1.1.1.1", 53), timeout=1)
    print("network-open")
except OSError:
    print("network-closed")
with open("probe.txt", "w") as f:
    f.write("ok")
print("workdir-writable")
print("uid", os.getuid())
"""


@dataclass(frozen=True)
class SandboxCheck:
    """The result of the sandbox self-test.

    Parameters
    ----------
    ok : bool
        True when every property held.
    reason : str
        What failed (empty when ``ok``).
    """

    ok: bool
    reason: str = ""


def _probe_targets(hidden: Sequence[Path], readable: Sequence[Path]) -> list[str]:
    """Pick, in each hidden folder, an entry the sandbox must not show."""
    out = []
    for root in hidden:
        try:
            entries = sorted(root.iterdir())
        except OSError:
            continue
        for entry in entries:
            if not any(entry == r or entry in r.parents for r in readable):
                out.append(str(entry))
                break
    return out


@functools.lru_cache(maxsize=8)
def check_sandbox(
    course_root: Path | None = None, bwrap: str | None = None
) -> SandboxCheck:
    """Prove that bubblewrap isolates a process on this machine.

    A probe runs in the sandbox as a graded kernel would and must find the
    hidden folders (the course, the repository, the home folder and the
    grader's ``/tmp``) empty, the system read-only, the network unreachable
    and its own folder writable; as root it must also run as ``nobody``.

    Parameters
    ----------
    course_root : Path or None
        The course being graded (hidden like the rest).
    bwrap : str or None
        The bubblewrap executable (default: found on ``PATH``).

    Returns
    -------
    SandboxCheck
        ``ok`` or the reason it failed (cached per process).

    Examples
    --------
    >>> isinstance(check_sandbox().ok, bool)
    True

    Used in: grading (``pmcourse autograde`` refuses without a working sandbox).
    """
    exe = bwrap or shutil.which("bwrap")
    if not exe:
        return SandboxCheck(
            False,
            "bubblewrap (bwrap) is not installed: `sudo apt-get install bubblewrap`",
        )
    hidden = hidden_paths(course_root)
    readable = readable_paths()
    with tempfile.TemporaryDirectory(prefix="pmcourse-probe-") as tmp:
        secret = Path(tmp) / "secret.txt"
        work = Path(tmp) / "work"
        secret.write_text("secret")
        work.mkdir()
        prepare_workdir(work)
        targets = [str(secret), *_probe_targets(hidden, readable)]
        cmd = [sys.executable, "-I", "-S", "-c", _PROBE, *targets]
        line = wrap_command(
            cmd,
            work,
            Limits(memory_mb=512, cpu_seconds=20),
            hidden=hidden,
            readable=readable,
            bwrap=exe,
        )
        try:
            done = subprocess.run(
                line, capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            return SandboxCheck(False, f"bubblewrap could not run: {err}")
        if done.returncode != 0:
            tail = done.stderr.strip()[-400:]
            return SandboxCheck(
                False, f"bubblewrap failed (exit {done.returncode}): {tail}"
            )
        seen = done.stdout.split()
        wanted = ["secret-hidden", "system-readonly", "network-closed"]
        wanted.append("workdir-writable")
        missing = [w for w in wanted if w not in seen]
        if missing or "secret-visible" in seen:
            return SandboxCheck(
                False, f"the sandbox self-test failed: {done.stdout.strip()!r}"
            )
        if os.getuid() == 0 and f"uid {NOBODY}" not in done.stdout:
            return SandboxCheck(False, "the sandbox did not drop root privileges")
    return SandboxCheck(True)
