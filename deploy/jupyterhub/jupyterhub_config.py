"""JupyterHub for one pmcourse class: instructors, students, nbgrader's exchange.

Start it as root (it starts every user's server as that user's own operating-
system account, which is how nbgrader tells students apart)::

    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Everything a deployment changes comes from environment variables, so this file
is used as it is, by the hub test (tests/hub/) and in production alike:

=============================== ==================================================
PMCOURSE_INSTRUCTORS            user names of the instructors (comma-separated;
                                default ``instructor``)
PMCOURSE_STUDENTS               user names of the students (comma-separated)
PMCOURSE_COURSE_DIR             the instructor's clone of the course repository,
                                ``{home}`` is the instructor's home (default
                                ``{home}/pmcourse``); their server opens there,
                                so the formgrader finds ``nbgrader_config.py``
PMCOURSE_EXCHANGE               nbgrader's exchange folder, shared by the class
                                (default ``/srv/nbgrader/exchange``; created
                                world-writable with the sticky bit)
PMCOURSE_HUB_STATE              the hub's own files: database, cookie secret,
                                proxy pid (default ``/srv/pmcourse-hub``)
PMCOURSE_HUB_BIND_URL           where people reach the hub (default
                                ``http://127.0.0.1:8000``: put a TLS proxy in
                                front, see README.md)
PMCOURSE_HUB_PORT               the hub's internal port (default 8081)
PMCOURSE_HUB_PROXY_API_PORT     the proxy's API port (default 8001)
PMCOURSE_HUB_AUTHENTICATOR      ``pam`` (default: the machine's accounts and
                                passwords) or an authenticator class, e.g.
                                ``oauthenticator.generic.GenericOAuthenticator``
                                configured in PMCOURSE_HUB_SITE_CONFIG
PMCOURSE_HUB_SITE_CONFIG        a Python config file loaded last (secrets such
                                as OAuth client ids, TLS, anything else)
PMCOURSE_HUB_SUBDOMAIN_HOST     e.g. ``https://hub.example.org``: one subdomain
                                per user (wildcard DNS and certificate); the
                                secure way to show the formgrader inside
                                JupyterLab (see below)
PMCOURSE_HUB_FRAME_FORMGRADER   ``1`` shows the formgrader inside JupyterLab
                                without subdomains (less secure, see below)
PMCOURSE_HUB_TEST_PASSWORD      tests only: log in with this shared password
PMCOURSE_HUB_TEST_TOKEN         tests only: an API token for a service allowed
                                to manage users, servers and tokens
=============================== ==================================================

The formgrader under JupyterHub 4.1 and later (nbgrader issues 1870, 1910,
1919): the hub now sends ``Content-Security-Policy: frame-ancestors 'none'``
from every user's server, so the formgrader tab that nbgrader's JupyterLab
extension draws in an iframe stays blank. The formgrader itself works: an
instructor opens ``/user/<name>/formgrader`` in a browser tab of its own. To
have it inside JupyterLab again, the instructors' servers (theirs only) send
``frame-ancestors 'self'``, which is safe only when each user has a subdomain
of their own (``PMCOURSE_HUB_SUBDOMAIN_HOST``), as nbgrader's documentation
explains; ``PMCOURSE_HUB_FRAME_FORMGRADER=1`` does it on a single domain for
classes that accept the risk (a page served from a student's server could then
frame an instructor's pages).
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (injected by traitlets when it loads this file)

HERE = Path(__file__).resolve().parent
JUPYTER_CONFIG = HERE / "jupyter"
BIN = Path(sys.executable).parent
COURSE_ID = "pmcourse"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _names(name: str, default: str = "") -> list[str]:
    return [n.strip() for n in _env(name, default).split(",") if n.strip()]


INSTRUCTORS = _names("PMCOURSE_INSTRUCTORS", "instructor")
STUDENTS = _names("PMCOURSE_STUDENTS")
COURSE_DIR = _env("PMCOURSE_COURSE_DIR", "{home}/pmcourse")
EXCHANGE = Path(_env("PMCOURSE_EXCHANGE", "/srv/nbgrader/exchange"))
STATE = Path(_env("PMCOURSE_HUB_STATE", "/srv/pmcourse-hub"))
SUBDOMAIN_HOST = _env("PMCOURSE_HUB_SUBDOMAIN_HOST")
FRAME_FORMGRADER = bool(SUBDOMAIN_HOST) or _env("PMCOURSE_HUB_FRAME_FORMGRADER") in (
    "1",
    "true",
    "yes",
)
overlap = sorted(set(INSTRUCTORS) & set(STUDENTS))
if overlap:
    raise ValueError(f"PMCOURSE_STUDENTS: {overlap} are listed as instructors too")

# -- the hub's own files, and the class's exchange ---------------------------
STATE.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)
if not EXCHANGE.is_dir():
    EXCHANGE.mkdir(parents=True)
    # Everybody writes into it (nbgrader's own permissions then keep students
    # out of each other's submissions); the sticky bit stops anyone deleting
    # what they do not own.
    EXCHANGE.chmod(0o1777)

c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# -- where it listens ----------------------------------------------------------
c.JupyterHub.bind_url = _env("PMCOURSE_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(_env("PMCOURSE_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{int(_env('PMCOURSE_HUB_PROXY_API_PORT', '8001'))}"
)
# configurable-http-proxy from npm, installed beside this file
# (`npm ci --prefix deploy/jupyterhub`); else the one on PATH.
_proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    str(_proxy) if _proxy.exists() else "configurable-http-proxy"
]
if SUBDOMAIN_HOST:
    c.JupyterHub.subdomain_host = SUBDOMAIN_HOST

# -- who may log in, and how -----------------------------------------------------
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
c.Authenticator.admin_users = set(_names("PMCOURSE_HUB_ADMINS"))
c.JupyterHub.load_groups = {
    "instructors": {"users": INSTRUCTORS},
    "students": {"users": STUDENTS},
}
_test_password = _env("PMCOURSE_HUB_TEST_PASSWORD")
if _test_password:
    # Tests only: one shared password (JupyterHub's own test authenticator).
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = _test_password
else:
    c.JupyterHub.authenticator_class = _env("PMCOURSE_HUB_AUTHENTICATOR", "pam")
_test_token = _env("PMCOURSE_HUB_TEST_TOKEN")
if _test_token:
    c.JupyterHub.services = [{"name": "pmcourse-test", "api_token": _test_token}]
    c.JupyterHub.load_roles = [
        {
            "name": "pmcourse-test",
            "scopes": ["admin:users", "admin:servers", "tokens", "list:users"],
            "services": ["pmcourse-test"],
        }
    ]

# -- one server per user, started as that user's own account ---------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# Two cores and many users starting at once: give servers time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180


def _home(name: str) -> str:
    try:
        return pwd.getpwnam(name).pw_dir
    except KeyError as err:
        raise ValueError(f"user {name!r} has no account on this machine") from err


def course_dir(instructor: str) -> str:
    """Return the folder the instructor's server opens (their course clone)."""
    return COURSE_DIR.format(home=_home(instructor), user=instructor)


def pre_spawn_hook(spawner) -> None:
    """Give each server the course's settings for its user's role."""
    name = spawner.user.name
    instructor = name in INSTRUCTORS
    config_path = [JUPYTER_CONFIG / ("instructors" if instructor else "students")]
    if instructor and FRAME_FORMGRADER:
        config_path.insert(0, JUPYTER_CONFIG / "formgrader-in-lab")
    config_path.append(JUPYTER_CONFIG / "common")
    spawner.environment = {
        **spawner.environment,
        "PATH": os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        "JUPYTER_CONFIG_PATH": os.pathsep.join(str(p) for p in config_path),
        "PMCOURSE_EXCHANGE": str(EXCHANGE),
        "PMCOURSE_COURSE_ID": COURSE_ID,
        "MPLBACKEND": "Agg",
    }
    if instructor:
        folder = course_dir(name)
        if not Path(folder).is_dir():
            raise ValueError(
                f"PMCOURSE_COURSE_DIR: {folder} does not exist; clone the course "
                f"there as {name} (see deploy/jupyterhub/README.md)"
            )
        spawner.notebook_dir = folder
        # nbgrader (the formgrader too) reads nbgrader_config.py from the
        # process's working folder: start the server inside the course.
        spawner.cmd = ["env", "-C", folder, *c.Spawner.cmd]


c.Spawner.pre_spawn_hook = pre_spawn_hook

_site = _env("PMCOURSE_HUB_SITE_CONFIG")
if _site:
    load_subconfig(_site)  # noqa: F821 (injected by traitlets)

# Checked last so that a mistake is reported before anyone logs in.
if not shutil.which(c.ConfigurableHTTPProxy.command[0]):
    raise ValueError(
        "configurable-http-proxy not found: run `npm ci --prefix deploy/jupyterhub`"
    )
_mode = stat.S_IMODE(EXCHANGE.stat().st_mode)
if _mode & 0o777 != 0o777:
    print(f"warning: {EXCHANGE} is mode {_mode:o}; students need it world-writable")
