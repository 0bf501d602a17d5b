"""Benchmark: in JupyterLab, from a key press on a slider to the redrawn chart.

Target (issue 18): p95 < 150 ms on an idle machine. The peer is that budget.

Starts JupyterLab on 127.0.0.1 with a temporary HOME (as the browser tests
do), opens lesson 03 in Debian's headless Chromium, runs every cell, focuses
the handle of task B's duration slider in the critical path explorer and
presses ArrowRight / ArrowLeft in turn. For each press the page records the
time of the key event and the time the Gantt chart's new image has loaded
(the ``load`` event of the new ``<img>``, after the kernel computed, drew and sent
it), and the benchmark prints median, p95 and max over the presses.

Run ``python benchmarks/bench_browser_latency.py [--presses 30]``; it needs
``/usr/bin/chromium`` and Playwright, and says so when they are missing.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
BUDGET_P95_MS = 150.0

# the chart's <img> is replaced on every update (an HTML widget holding the
# image with its alt text), so its load is caught on the way down (capture)
_WATCH = """(explorer) => {
    window.__latencies = [];
    window.__pressed = null;
    document.addEventListener('keydown',
        () => { window.__pressed = performance.now(); }, true);
    explorer.addEventListener('load', (event) => {
        if (event.target.tagName === 'IMG' && window.__pressed !== null) {
            window.__latencies.push(performance.now() - window.__pressed);
            window.__pressed = null;
        }
    }, true);
}"""


def _serve(root: Path, home: Path) -> tuple[subprocess.Popen, str, str]:
    from pmcourse.grading.course import jupyter_env
    from pmcourse.setup_lab import free_port, lab_command

    port, token = free_port(0), secrets.token_hex(16)
    process = subprocess.Popen(
        lab_command(root, port, token, open_browser=False),
        cwd=root,
        env=jupyter_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                url + "api/status", headers={"Authorization": f"token {token}"}
            )
            with urllib.request.urlopen(request, timeout=10):
                return process, url, token
        except OSError:
            time.sleep(1)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("JupyterLab did not start within 3 minutes")


def measure(presses: int) -> list[float]:
    """Return the key-press-to-chart latencies in ms."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(REPO / "notebooks", root / "notebooks")
        shutil.copytree(REPO / "datasets", root / "datasets")
        process, url, token = _serve(root, Path(tmp) / "home")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM),
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(180_000)
                page.goto(
                    f"{url}lab/workspaces/bench/tree/notebooks/03_scheduling.ipynb"
                    f"?reset&token={token}"
                )
                page.locator(
                    ".jp-Notebook-ExecutionIndicator[data-status='idle']"
                ).wait_for()
                page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
                page.get_by_role("menuitem", name="Run All Cells").first.click()
                explorer = page.locator(
                    ".jp-OutputArea-output", has=page.locator(".widget-hslider")
                ).first
                explorer.locator(".pmcourse-chart img").first.wait_for()
                page.locator(
                    ".jp-Notebook-ExecutionIndicator[data-status='idle']"
                ).wait_for()
                explorer.scroll_into_view_if_needed()
                explorer.evaluate(_WATCH)
                handle = explorer.locator(".noUi-handle").nth(1)  # task B
                handle.focus()
                for k in range(presses):
                    seen = page.evaluate("() => window.__latencies.length")
                    page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
                    page.wait_for_function(
                        f"() => window.__latencies.length > {seen}", timeout=30_000
                    )
                    page.wait_for_timeout(150)  # a learner's pause between presses
                latencies = page.evaluate("() => window.__latencies")
                browser.close()
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    return [float(x) for x in latencies]


def main(argv: list[str] | None = None) -> int:
    """Measure and print median, p95 and max; return 0 if p95 is in budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"skipped: Debian's Chromium is not installed ({CHROMIUM} missing)")
        return 0
    load = os.getloadavg()[0]
    times = sorted(measure(args.presses))
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    print(
        f"lesson 03 explorer, key press to redrawn chart in JupyterLab "
        f"({len(times)} presses, 1-min load {load:.2f} on {os.cpu_count()} CPUs): "
        f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
        f"max {times[-1]:.0f} ms | budget p95 {BUDGET_P95_MS:.0f} ms | "
        f"ratio {BUDGET_P95_MS / p95:.2f}x"
    )
    return 0 if p95 < BUDGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
