"""Run a student's code in an operating-system sandbox (bubblewrap).

A sandboxed command starts from an empty root file system and sees only
what a kernel needs, read-only: the system's programs and libraries
(``/usr`` and its ``/bin``, ``/lib``... links), a few files of ``/etc``
(:data:`ETC`: users, the dynamic linker, time zone), the Python environment
and the ``pmcourse`` library. It gets a private ``/tmp`` and ``/dev``, its own
``/proc``, no network, its own process and IPC namespaces, and exactly one
writable folder (the submission's temporary copy). Everything else of the
machine (``/var``, ``/home``, ``/root``, ``/srv``, ``/opt``, ``/mnt``, the
course repository with its gradebook, solutions and other students' work,
whatever else the machine has at its top) is absent; the folders leading to
what is bound (``/work/course/.venv``, say) exist but hold only that.

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
import os, resource, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
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


#: Top-level system folders (or their links into ``/usr``) bound read-only.
SYSTEM = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
#: The files and folders of ``/etc`` a kernel may need (all world-readable).
ETC = (
    "passwd",
    "group",
    "nsswitch.conf",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "timezone",
    "alternatives",
)


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
        Folders that must stay out of reach: absent unless they lie inside a
        system folder, where an empty in-memory folder covers them.
    readable : sequence of Path
        Folders bound read-only besides the system (the Python environment,
        the ``pmcourse`` library).
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
    >>> ["--ro-bind", "/", "/"] == line[1:4]
    False

    Used in: grading (``pmcourse autograde``).
    """
    workdir = Path(workdir)
    root = os.getuid() == 0
    args = [bwrap]
    system: list[Path] = []
    for name in SYSTEM:
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
            system.append(top)
    for name in ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--dev", "/dev", "--proc", "/proc"]
    # /tmp lives in memory: cap it, so that files written there cannot take
    # what the memory limit (which counts only the processes) protects.
    args += ["--perms", "1777", "--size", str(limits.tmp_mb * 1024 * 1024)]
    args += ["--tmpfs", "/tmp"]
    # A hidden folder inside a system folder (a course under /usr/local) is
    # covered; any other is simply not there.
    for path in sorted((Path(p) for p in hidden), key=lambda p: len(p.parts)):
        if _under(path, system):
            args += ["--size", str(1024 * 1024), "--tmpfs", str(path)]
    binds: list[Path] = list(system)
    for path in readable:
        path = Path(path).resolve()
        if not _under(path, binds):
            args += ["--ro-bind", str(path), str(path)]
            binds.append(path)
    binds.append(workdir)
    args += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir)]
    # The folders bubblewrap creates on the way to a bind: let the sandbox
    # user (nobody, when the grader is root) pass through them.
    made: list[Path] = []
    for path in binds:
        for folder in path.parents:
            if folder in (Path("/"), Path("/tmp")) or _under(folder, binds):
                continue
            if folder not in made:
                made.append(folder)
    for folder in sorted(made, key=lambda p: len(p.parts)):
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
print("root", ",".join(sorted(os.listdir("/"))))
"""


def visible_tops(readable: Sequence[Path], workdir: Path | None = None) -> set[str]:
    """Return the names a sandbox's ``/`` may hold (nothing else is there).

    Examples
    --------
    >>> sorted(visible_tops([Path("/work/c/.venv")]) - set(SYSTEM))
    ['dev', 'etc', 'proc', 'tmp', 'work']
    """
    tops = set(SYSTEM) | {"etc", "dev", "proc", "tmp"}
    for path in [*readable, *([workdir] if workdir else [])]:
        parts = Path(path).parts
        if len(parts) > 1:
            tops.add(parts[1])
    return tops


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
    grader's ``/tmp``) absent or empty, nothing at ``/`` but the system, the
    Python environment and its own folder (:func:`visible_tops`), the system
    read-only, the network unreachable and its own folder writable; as root
    it must also run as ``nobody``.

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
        listed = next(
            (ln[5:].split(",") for ln in done.stdout.splitlines() if ln[:5] == "root "),
            None,
        )
        extra = sorted(set(listed or ["?"]) - visible_tops(readable, work))
        if extra:
            return SandboxCheck(
                False, f"the sandbox's / shows more than the system needs: {extra}"
            )
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
