"""The machinery of the real-browser test (tests/test_browser.py).

- :class:`JupyterServer` starts JupyterLab from this environment on 127.0.0.1 (a free
  port, a random token, private config/settings/runtime folders) and always stops it,
  with its kernels, by killing its process group.
- :func:`launch_chromium` starts Debian's Chromium through Playwright (Playwright's own
  browser download is not used).
- :class:`LabPage` opens a notebook, runs all its cells and inspects the widgets through
  the DOM contract the widgets follow (CSS classes ``cu-stepper-*``, ``cu-playground-*``).

Every check raises ``AssertionError`` with a message a widget author can act on.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

#: Debian's Chromium; COURSE_CHROMIUM may point elsewhere (e.g. /usr/bin/chromium-browser).
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = "sudo apt-get install chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDGET_CLASSES = {"SlidingWindowStepper(": "cu-stepper", "KernelPlayground(": "cu-playground"}
IGNORE_TAG = "nbval-ignore-output"  # nbval's cell tag on every widget cell
READOUT = re.compile(r"output\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*=\s*(-?\d+\.\d{2})(?!\d)")
#: What a stepper's live region says at each step (course_utils.stepper.step_announcement).
ANNOUNCEMENT = re.compile(
    r"step (\d+) of (\d+): window centred on row (\d+), column (\d+); sum of the (\d+) "
    r"products = (-?\d+\.\d{2}); output\[(\d+), (\d+)\] = (-?\d+\.\d{2})$")
#: Lines of Playwright's ARIA snapshot: '- role "name"' (the name may be missing).
ARIA_LINE = re.compile(r'^\s*- (\w+)(?: "((?:[^"\\]|\\.)*)")?')
#: Roles of the controls a stepper offers; each needs an accessible name.
CONTROL_ROLES = ("button", "slider", "combobox", "checkbox", "spinbutton", "textbox")
PROBE_TAG = "CU-PROBE"
#: Appended to the temporary copy of a notebook: reports, from the kernel, the
#: position and value of every stepper (computed by its ``current`` property).
PROBE_SOURCE = f"""\
import gc as _gc
import json as _json
_found = set()
for _obj in _gc.get_objects():
    if any(_c.__name__ == "SlidingWindowStepper" for _c in type(_obj).__mro__):
        _w = _obj.current
        _found.add((int(_w.row), int(_w.col), f"{{_w.value:.2f}}"))
print("{PROBE_TAG} " + _json.dumps(sorted(_found)))
"""


def ci() -> bool:
    """Whether we run under CI, where a skipped browser test is a failure."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str, what: str = "browser") -> None:
    """Skip the test for ``reason``, or under CI (:func:`ci`) fail it: a tool is missing."""
    import pytest

    if ci():
        pytest.fail(f"{reason} (CI=true: a skipped {what} test counts as a failure)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_readout(text: str) -> tuple[int, int, str]:
    """``(row, col, 'value')`` from a readout holding exactly one ``output[r, c] = v``."""
    found = READOUT.findall(text or "")
    assert len(found) == 1, (
        "the stepper readout (cu-stepper-readout) must contain exactly one "
        f"'output[ROW, COL] = VALUE' with 2 decimals; its text is {text!r}")
    row, col, value = found[0]
    return int(row), int(col), value


def parse_announcement(text: str) -> dict:
    """The parts of a stepper's announcement; fails when it is not one, or not consistent."""
    match = ANNOUNCEMENT.match((text or "").strip())
    assert match, ("the stepper's live region (role=status) should say 'step I of N: window "
                   "centred on row R, column C; sum of the K products = S; output[R, C] = V', "
                   f"but it says {text!r}")
    step, count, row, col, _, total, out_row, out_col, value = match.groups()
    assert (row, col) == (out_row, out_col) and total == value, (
        f"the announcement's window, sum and output pixel disagree: {text!r}")
    return {"step": int(step), "count": int(count), "row": int(row), "col": int(col),
            "value": value}


def aria_controls(snapshot: str) -> list[tuple[str, str]]:
    """``(role, name)`` of every control in a Playwright ARIA snapshot (name '' if none).

    Icon glyphs (Font Awesome's private-use characters, which Chromium puts into
    the name from CSS) are no name: they are dropped.
    """
    found = []
    for line in snapshot.splitlines():
        match = ARIA_LINE.match(line)
        if match and match.group(1) in CONTROL_ROLES:
            name = re.sub("[\ue000-\uf8ff]", "", match.group(2) or "")
            found.append((match.group(1), name.strip()))
    return found


def aria_status(snapshot: str) -> list[str]:
    """The texts of the live regions (role status) in a Playwright ARIA snapshot."""
    texts = []
    for line in snapshot.splitlines():
        match = re.match(r'^\s*- status(?: "[^"]*")?:\s*(.*)$', line)
        if match:
            texts.append(match.group(1).strip().strip('"'))
    return texts


def is_successor(before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether ``after`` is the row-major step after ``before`` (width unknown)."""
    return after == (before[0], before[1] + 1) or after == (before[0] + 1, 0)


def widget_cells(nb) -> list[int]:
    """Indices of the code cells that display a widget (tagged for nbval to ignore)."""
    return [index for index, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and IGNORE_TAG in cell.metadata.get("tags", [])]


def uses_widget(path: Path) -> bool:
    """Whether a notebook's code calls a widget constructor."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return any(name in "".join(cell.get("source", ""))
               for cell in nb.get("cells", []) if cell.get("cell_type") == "code"
               for name in WIDGET_CLASSES)


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------

class JupyterServer:
    """JupyterLab on 127.0.0.1 serving ``root``; a context manager that always stops it."""

    def __init__(self, root: Path, startup_timeout: float = 90):
        self.root = Path(root)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.process = None
        self._private = Path(tempfile.mkdtemp(prefix="cu-jupyter-"))
        self.log_path = self._private / "server.log"

    def _settings(self) -> Path:
        settings = self._private / "settings"
        notebook = settings / "@jupyterlab" / "notebook-extension"
        notebook.mkdir(parents=True)
        # Render every cell (no virtual scrolling), so every widget is in the DOM.
        (notebook / "tracker.jupyterlab-settings").write_text(
            json.dumps({"windowingMode": "none"}))
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        return settings

    def start(self) -> JupyterServer:
        env = dict(os.environ)
        for name in ("config", "data", "runtime", "ipython"):
            (self._private / name).mkdir()
        env.update(JUPYTER_CONFIG_DIR=str(self._private / "config"),
                   JUPYTER_DATA_DIR=str(self._private / "data"),
                   JUPYTER_RUNTIME_DIR=str(self._private / "runtime"),
                   IPYTHONDIR=str(self._private / "ipython"),
                   JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1")
        env.pop("JUPYTER_TOKEN", None)
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}", "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class="
            "jupyterlab.handlers.announcements.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={self._settings()}",
            f"--LabApp.workspaces_dir={self._private / 'workspaces'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI often run as root
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with status {self.process.returncode}:\n"
                                   + self.log())
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}",
                                            timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {self.startup_timeout} s:\n"
                           + self.log())

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server and everything it started (kernels), whatever state it is in."""
        if self.process is not None and self.process.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.process is not None:
            # Kernels run in the server's process group too: make sure none is left.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self._private, ignore_errors=True)

    def __enter__(self) -> JupyterServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    def notebook_url(self, relative: str) -> str:
        """The notebook alone in a new workspace (nothing restored from an earlier page)."""
        workspace = "cu-" + secrets.token_hex(4)
        return f"{self.url}/lab/workspaces/{workspace}/tree/{relative}?token={self.token}"


def launch_chromium(playwright, user_data_dir: Path):
    """A persistent Chromium context on a fresh profile (Debian's binary, headless)."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM), headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})


# ---------------------------------------------------------------------------
# Driving JupyterLab
# ---------------------------------------------------------------------------

_STATUS_JS = """
() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return {ready: false};
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets;
  const errors = [];
  let pending = 0;
  cells.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    if (!cell.model.sharedModel.getSource().trim()) return;
    if (cell.model.executionCount === null) pending += 1;
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const output = cell.model.outputs.get(i).toJSON();
      if (output.output_type === 'error') {
        errors.push(`cell ${index}: ${output.ename}: ${output.evalue}`);
      }
    }
  });
  const prompts = Array.from(panel.content.node.querySelectorAll('.jp-InputPrompt'))
      .filter(p => p.textContent.includes('*')).length;
  return {ready: true, kernel: kernel ? kernel.status : null, pending, errors,
          running: prompts, cells: cells.length};
}
"""


class LabPage:
    """One browser page showing one notebook in JupyterLab."""

    def __init__(self, page, server: JupyterServer, response_timeout: float = 20):
        self.page = page
        self.server = server
        #: Seconds a widget may take to respond to a key press, a click or a choice.
        self.response_timeout = response_timeout
        self.console: list[str] = []
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))

    # -- opening and running ------------------------------------------------
    def open(self, relative: str, timeout: float = 90) -> None:
        self.page.goto(self.server.notebook_url(relative), wait_until="domcontentloaded",
                       timeout=timeout * 1000)
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
            "    === 'idle'", timeout=timeout * 1000, polling=250)

    def command(self, name: str, args: dict | None = None) -> None:
        self.page.evaluate("([name, args]) => { window.jupyterapp.commands.execute(name, args); }",
                           [name, args or {}])

    def status(self) -> dict:
        return self.page.evaluate(_STATUS_JS)

    def run_all(self, timeout: float = 300, stall: float = 30) -> dict:
        """Clear the stored outputs, run every cell, wait until all ran; fail on an error."""
        self.command("notebook:clear-all-cell-outputs")
        self.page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget.content.widgets"
            ".every(c => c.model.type !== 'code' || c.model.executionCount === null)",
            timeout=10_000)
        self.command("notebook:run-all-cells")
        deadline = time.monotonic() + timeout
        status, progress, last_change = {}, None, time.monotonic()
        while time.monotonic() < deadline:
            status = self.status()
            assert not status.get("errors"), (
                "a cell raised an error in JupyterLab: " + "; ".join(status["errors"]))
            if (status.get("ready") and status["pending"] == 0 and status["running"] == 0
                    and status["kernel"] == "idle"):
                return status
            # A busy kernel is progressing; an idle one with cells left has stalled.
            now = (status.get("pending"), status.get("running"), status.get("kernel"))
            if now != progress or status.get("kernel") != "idle":
                progress, last_change = now, time.monotonic()
            assert time.monotonic() - last_change < stall, (
                f"the kernel sat idle for {stall} s with cells left to run: {status}")
            time.sleep(0.5)
        raise AssertionError(f"the notebook did not finish running within {timeout} s: {status}")

    def run_cell(self, index: int, timeout: float = 60) -> str:
        """Run one cell again and return its output text."""
        before = self.page.evaluate(
            "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.executionCount",
            index)
        self.page.evaluate(
            "(i) => { const nb = window.jupyterapp.shell.currentWidget.content;"
            " nb.activeCellIndex = i; nb.deselectAll(); }", index)
        self.command("notebook:run-cell")
        self.page.wait_for_function(
            "([i, before]) => { const c = window.jupyterapp.shell.currentWidget.content"
            ".widgets[i].model; return c.executionCount !== null && c.executionCount !== before"
            " && c.outputs.length > 0; }", arg=[index, before], timeout=timeout * 1000)
        return self.page.evaluate(
            "(i) => { const o = window.jupyterapp.shell.currentWidget.content.widgets[i]"
            ".model.outputs; const texts = []; for (let k = 0; k < o.length; k++) {"
            " const j = o.get(k).toJSON(); texts.push(j.text || (j.data && j.data['text/plain'])"
            " || ''); } return texts.join(''); }", index)

    def shut_down_kernel(self) -> None:
        """Stop this notebook's kernel (the server would otherwise keep it running)."""
        try:
            self.page.evaluate("""async () => {
                const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                if (panel && panel.sessionContext) await panel.sessionContext.shutdown();
            }""")
        except Exception:  # the page may be broken; the server's stop kills kernels anyway
            pass

    def cell(self, index: int):
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    # -- widgets ----------------------------------------------------------------
    def assert_widget_cells_render(self, indices: list[int], timeout: float = 30) -> None:
        """Every cell marked as displaying a widget shows a rendered widget view."""
        for index in indices:
            output = self.cell(index).locator(".jp-OutputArea-output")
            try:
                output.locator(".jupyter-widgets, .widget-box, .cu-stepper, .cu-playground")\
                    .first.wait_for(state="visible", timeout=timeout * 1000)
            except Exception as error:  # playwright's TimeoutError
                text = output.all_inner_texts() if output.count() else []
                raise AssertionError(f"cell {index} should display a widget, but its output "
                                     f"shows {text!r}") from error
            text = " ".join(output.all_inner_texts())
            for bad in ("Error displaying widget", "Loading widget", "model not found"):
                assert bad not in text, f"cell {index}: the widget did not render: {text!r}"

    def image_digest(self, locator) -> str:
        """A digest of the pixels' file behind an <img> (the element or one inside it)."""
        return locator.evaluate("""async (el) => {
            const img = el.tagName === 'IMG' ? el : el.querySelector('img');
            if (!img) throw new Error('no <img> in ' + el.className);
            if (!img.complete || img.naturalWidth === 0) return 'not-loaded';
            const bytes = await (await fetch(img.src)).arrayBuffer();
            const digest = await crypto.subtle.digest('SHA-256', bytes);
            return Array.from(new Uint8Array(digest)).map(b => b.toString(16)
                .padStart(2, '0')).join('');
        }""")

    def assert_image_shown(self, locator, what: str, timeout: float = 15) -> None:
        assert locator.count() == 1, f"expected one {what}, found {locator.count()}"
        deadline = time.monotonic() + timeout
        while self.image_digest(locator) == "not-loaded":
            assert time.monotonic() < deadline, f"the {what} never shows a loaded image"
            time.sleep(0.2)
        box = locator.bounding_box()
        assert box and box["width"] > 10 and box["height"] > 10, f"the {what} is not visible"

    def readout(self, stepper) -> tuple[int, int, str]:
        return parse_readout(stepper.locator(".cu-stepper-readout").inner_text())

    def wait_change(self, stepper, start: tuple[int, int], how: str) -> tuple[int, int, str]:
        """Wait until the readout leaves ``start``; it must land on the next position."""
        deadline = time.monotonic() + self.response_timeout
        current = self.readout(stepper)
        while current[:2] == start:
            assert time.monotonic() < deadline, (
                f"{how}: the readout stayed at output[{start[0]}, {start[1]}] = {current[2]}")
            time.sleep(0.1)
            current = self.readout(stepper)
        assert is_successor(start, current[:2]), (
            f"{how}: the readout should move to the next position after output{list(start)} "
            f"(row-major), but it shows output[{current[0]}, {current[1]}]")
        return current

    def position_input(self, stepper):
        """The stepper's named position control: the <input type=number> in cu-stepper-position."""
        box = stepper.locator(".cu-stepper-position input[type=number]")
        assert box.count() == 1, (
            f"the stepper's position control (cu-stepper-position) should hold one "
            f"<input type=number>, it holds {box.count()}")
        return box.first

    def check_stepper(self, stepper, index: int) -> list[tuple[int, int, str]]:
        """Renders; ArrowUp in the position box, a click on the slider and Play each step.

        Returns the positions the readout showed after each way of stepping.
        """
        for part in ("cu-stepper-position", "cu-stepper-play", "cu-stepper-flip",
                     "cu-stepper-readout"):
            element = stepper.locator(f".{part}")
            assert element.count() >= 1 and element.first.is_visible(), (
                f"stepper {index}: no visible element with the class {part}")
        self.assert_image_shown(stepper.locator(".cu-stepper-canvas"),
                                f"stepper {index}'s canvas (cu-stepper-canvas)")
        canvas_before = self.image_digest(stepper.locator(".cu-stepper-canvas"))
        start = self.readout(stepper)
        shown = []

        # 1. Keyboard: focus the named position box and press the up arrow.
        self.position_input(stepper).focus()
        self.page.keyboard.press("ArrowUp")
        after_key = self.wait_change(stepper, start[:2], f"stepper {index}, ArrowUp")
        shown.append(after_key)
        deadline = time.monotonic() + self.response_timeout
        while self.image_digest(stepper.locator(".cu-stepper-canvas")) == canvas_before:
            assert time.monotonic() < deadline, (
                f"stepper {index}: the canvas did not change after a step")
            time.sleep(0.1)

        # 1b. Mouse: a click at the right end of the slider's track goes to the last
        # step, one at its left end back to the first (a click on the handle itself
        # starts a drag), and forward takes the next one from there.
        track = stepper.locator(".cu-stepper-slider .noUi-base")
        if track.count():
            track.first.scroll_into_view_if_needed()
            box = track.first.bounding_box()
            assert box and box["width"] > 50, f"stepper {index}: the slider is not visible"
            middle = box["y"] + box["height"] / 2
            self.page.mouse.click(box["x"] + box["width"] - 1, middle)
            deadline = time.monotonic() + self.response_timeout
            while (now := self.announced(stepper))["step"] != now["count"]:
                assert time.monotonic() < deadline, (
                    f"stepper {index}: a click at the right end of the slider did not go to "
                    f"the last step: {now}")
                time.sleep(0.1)
            # noUiSlider ignores a tap on the track for 300 ms after a tap (its
            # animation time) unless its behaviour is "snap": wait that out.
            time.sleep(0.4)
            self.page.mouse.click(box["x"] + 1, middle)
            deadline = time.monotonic() + self.response_timeout
            while self.readout(stepper)[:2] != (0, 0):
                assert time.monotonic() < deadline, (
                    f"stepper {index}: a click at the left end of the slider left the "
                    f"readout at {self.readout(stepper)}, not output[0, 0]")
                time.sleep(0.1)
            stepper.locator(".cu-stepper-forward").first.click()
            after_key = self.wait_change(stepper, (0, 0), f"stepper {index}, forward (click)")

        # 2. Play: record every readout the browser shows, then pause.
        readout = stepper.locator(".cu-stepper-readout").first
        readout.evaluate("""(el) => {
            window.__cuReadouts = [el.innerText];
            new MutationObserver(() => window.__cuReadouts.push(el.innerText))
                .observe(el, {subtree: true, childList: true, characterData: true});
        }""")
        # The stepper's play/pause button (ipywidgets' own Play, behind it, stays hidden).
        toggle = stepper.locator("button.cu-stepper-play").first
        assert toggle.count() == 1, (
            f"stepper {index}: cu-stepper-play should be one play/pause button")
        toggle.click()
        deadline = time.monotonic() + self.response_timeout
        while True:
            texts = self.page.evaluate("() => window.__cuReadouts")
            positions = [parse_readout(text) for text in texts if READOUT.search(text or "")]
            if any(p[:2] != after_key[:2] for p in positions):
                break
            assert time.monotonic() < deadline, (
                f"stepper {index}: pressing Play did not move the readout from "
                f"output[{after_key[0]}, {after_key[1]}]")
            time.sleep(0.05)
        # Still playing (the toggle's value, in the browser: no wait for the kernel to
        # turn its icon into "pause")? Then pause.
        if toggle.evaluate("(el) => el.classList.contains('mod-active')"):
            toggle.click()  # pause
        time.sleep(0.5)
        texts = self.page.evaluate("() => window.__cuReadouts")
        positions = [parse_readout(text)[:2] for text in texts if READOUT.search(text or "")]
        distinct = [p for k, p in enumerate(positions) if k == 0 or p != positions[k - 1]]
        for before, after in itertools.pairwise(distinct):
            assert is_successor(before, after), (
                f"stepper {index}: Play should step row-major one position at a time, but the "
                f"readout went from output{list(before)} to output{list(after)}")
        shown.append(self.readout(stepper))
        paused = self.readout(stepper)
        time.sleep(1.0)
        assert self.readout(stepper) == paused, (
            f"stepper {index}: after pause the readout moved from output{list(paused[:2])} to "
            f"output{list(self.readout(stepper)[:2])}; pause must keep the position")
        self.check_stepper_accessibility(stepper, index)
        return shown

    def announced(self, stepper) -> dict:
        """The stepper's live-region announcement, read from the accessibility tree."""
        texts = aria_status(stepper.aria_snapshot())
        assert len(texts) == 1, (
            f"the stepper should have one live region (role=status) in the accessibility "
            f"tree, it has {len(texts)}: {texts!r}")
        return parse_announcement(texts[0])

    def wait_announced(self, stepper, before: dict, how: str) -> dict:
        deadline = time.monotonic() + self.response_timeout
        now = self.announced(stepper)
        while now == before:
            assert time.monotonic() < deadline, f"{how}: the announcement stayed at {now}"
            time.sleep(0.1)
            now = self.announced(stepper)
        return now

    def check_stepper_accessibility(self, stepper, index: int) -> None:
        """Named controls; each step announced in the accessibility tree; keyboard alone.

        Tab, Enter and Space only: forward, back, play and pause each change the
        announcement to the step the readout shows.
        """
        snapshot = stepper.aria_snapshot()
        controls = aria_controls(snapshot)
        roles = [role for role, _ in controls]
        assert roles.count("button") >= 4 and "spinbutton" in roles, (
            f"stepper {index}: its controls in the accessibility tree are {controls}")
        # Every control has a name; ipywidgets' slider handle, which ipywidgets gives
        # none (jupyter-widgets/ipywidgets#2650), must not be in the tree at all.
        unnamed = [role for role, name in controls if not name]
        assert not unnamed, (f"stepper {index}: controls without an accessible name: "
                             f"{unnamed} (all: {controls})")
        start = self.announced(stepper)
        readout = self.readout(stepper)
        assert (start["row"], start["col"], start["value"]) == readout, (
            f"stepper {index}: the announcement {start} is not the readout's {readout}")
        self.check_position_box(stepper, index, start)
        start = self.announced(stepper)

        forward = stepper.locator(".cu-stepper-forward").first
        forward.focus()
        if start["step"] == start["count"]:
            stepper.locator(".cu-stepper-back").first.focus()
            self.page.keyboard.press("Enter")
            start = self.wait_announced(stepper, start, f"stepper {index}, back (Enter)")
            forward.focus()
        self.page.keyboard.press("Enter")
        after = self.wait_announced(stepper, start, f"stepper {index}, forward (Enter)")
        assert after["step"] == start["step"] + 1 and is_successor(
            (start["row"], start["col"]), (after["row"], after["col"])), (
            f"stepper {index}: forward should announce the next step after {start}, got {after}")
        self.page.keyboard.press("Shift+Tab")  # to the back button
        self.page.keyboard.press(" ")
        back = self.wait_announced(stepper, after, f"stepper {index}, Shift+Tab then Space")
        assert back == start, f"stepper {index}: back should announce {start} again, got {back}"
        self.page.keyboard.press("Shift+Tab")  # to play
        self.page.keyboard.press(" ")
        played = self.wait_announced(stepper, back, f"stepper {index}, play (Space)")
        self.page.keyboard.press(" ")  # pause
        time.sleep(0.5)
        paused = self.announced(stepper)
        assert paused["step"] >= played["step"] > back["step"], (played, paused)
        time.sleep(1.0)
        assert self.announced(stepper) == paused, (
            f"stepper {index}: pause (Space) did not keep the position {paused}")
        readout = self.readout(stepper)
        assert (paused["row"], paused["col"], paused["value"]) == readout, (
            f"stepper {index}: the announcement {paused} is not the readout's {readout}")

    def check_position_box(self, stepper, index: int, start: dict) -> None:
        """From the keyboard alone: Tab from forward to the position box; ArrowUp,
        ArrowDown and a typed number (Enter) each announce the step they chose."""
        forward = stepper.locator(".cu-stepper-forward").first
        forward.focus()
        self.page.keyboard.press("Tab")
        focused = self.position_input(stepper).evaluate("(el) => el === document.activeElement")
        assert focused, (f"stepper {index}: Tab from the forward button should reach the "
                         "position box (cu-stepper-position)")
        if start["step"] == start["count"]:
            self.page.keyboard.press("ArrowDown")
            start = self.wait_announced(stepper, start, f"stepper {index}, ArrowDown")
        self.page.keyboard.press("ArrowUp")
        up = self.wait_announced(stepper, start, f"stepper {index}, ArrowUp in the position box")
        assert up["step"] == start["step"] + 1 and is_successor(
            (start["row"], start["col"]), (up["row"], up["col"])), (
            f"stepper {index}: ArrowUp should announce the next step after {start}, got {up}")
        self.page.keyboard.press("ArrowDown")
        down = self.wait_announced(stepper, up, f"stepper {index}, ArrowDown")
        assert down == start, f"stepper {index}: ArrowDown should announce {start}, got {down}"
        # Type a step: the box counts from 0, the announcement from 1.
        target = min(start["count"] - 1, 2 if start["step"] != 3 else 1)
        self.page.keyboard.press("Control+a")
        self.page.keyboard.type(str(target))
        self.page.keyboard.press("Enter")
        typed = self.wait_announced(stepper, down, f"stepper {index}, typing {target} + Enter")
        assert typed["step"] == target + 1, (
            f"stepper {index}: typing {target} should announce step {target + 1}, got {typed}")
        readout = self.readout(stepper)
        assert (typed["row"], typed["col"], typed["value"]) == readout, (
            f"stepper {index}: the announcement {typed} is not the readout's {readout}")

    def check_playground(self, playground, index: int) -> None:
        """Renders; choosing another kernel changes the output image."""
        for part in ("cu-playground-kernel", "cu-playground-info"):
            element = playground.locator(f".{part}")
            assert element.count() >= 1 and element.first.is_visible(), (
                f"playground {index}: no visible element with the class {part}")
        assert playground.locator(".cu-playground-info").first.inner_text().strip(), (
            f"playground {index}: the info (cu-playground-info) is empty")
        for part in ("cu-playground-input", "cu-playground-output"):
            self.assert_image_shown(playground.locator(f".{part}"),
                                    f"playground {index}'s {part}")
        select = playground.locator("select.cu-playground-kernel, .cu-playground-kernel select")
        assert select.count() == 1, (
            f"playground {index}: the kernel control (cu-playground-kernel) holds no <select>")
        options = select.locator("option").evaluate_all(
            "els => els.map(e => [e.value, e.textContent])")
        assert len(options) >= 2, f"playground {index}: the kernel list has {options}"
        current = select.input_value()
        output = playground.locator(".cu-playground-output")
        before = self.image_digest(output)
        for value, label in options:
            if value == current:
                continue
            select.select_option(value)
            deadline = time.monotonic() + self.response_timeout
            while time.monotonic() < deadline:
                now = self.image_digest(output)
                if now not in (before, "not-loaded"):
                    return
                time.sleep(0.1)
            raise AssertionError(f"playground {index}: choosing the kernel {label!r} did not "
                                 "change the output image (cu-playground-output)")
        raise AssertionError(f"playground {index}: no other kernel to choose from {options}")


# ---------------------------------------------------------------------------
# A scratch notebook with stand-in widgets, to prove the harness itself
# ---------------------------------------------------------------------------

MOCK_WIDGETS = '''\
import io

import ipywidgets as widgets
import numpy as np
from PIL import Image

from course_utils import KERNEL_BANK, correlate, window_at


def png(array):
    buffer = io.BytesIO()
    Image.fromarray(np.clip(array, 0, 255).astype(np.uint8)).resize((96, 96), 0).save(buffer, "png")
    return buffer.getvalue()


class SlidingWindowStepper(widgets.VBox):
    """Stand-in following the DOM contract; BROKEN ones never update their readout."""

    def __init__(self, image, kernel, broken=False):
        self.image, self.kernel = np.asarray(image, float), np.asarray(kernel, float)
        last = self.image.size - 1
        self.slider = widgets.IntSlider(0, 0, last, readout=False)
        # A broken stand-in leaves the slider's unnamed handle in the accessibility tree.
        self.css = widgets.HTML("" if broken else "<style>.cu-stepper-slider .noUi-handle "
                                "{ visibility: hidden; }</style>")
        self.box = widgets.BoundedIntText(0, min=0, max=last, description="position")
        self.timer = widgets.Play(0, 0, last, interval=400,
                                  layout=widgets.Layout(display="none"))
        widgets.jslink((self.timer, "value"), (self.slider, "value"))
        widgets.jslink((self.box, "value"), (self.slider, "value"))
        self.play = widgets.ToggleButton(description="play", icon="play")
        widgets.jslink((self.play, "value"), (self.timer, "playing"))
        self.play.observe(lambda c: setattr(self.play, "icon", "pause" if c["new"] else "play"),
                          "value")
        # A broken stand-in's back button shows only an icon: no accessible name.
        self.back = widgets.Button(description="" if broken else "back", icon="step-backward")
        self.forward = widgets.Button(description="forward")
        self.back.on_click(lambda _: setattr(self.slider, "value", max(self.slider.value - 1, 0)))
        self.forward.on_click(lambda _: setattr(self.slider, "value",
                                                min(self.slider.value + 1, last)))
        self.flip = widgets.ToggleButton(description="flip")
        self.canvas = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self.announcement = widgets.HTML()
        for part, name in ((self.slider, "slider"), (self.box, "position"),
                           (self.play, "play"), (self.flip, "flip"),
                           (self.back, "back"), (self.forward, "forward"),
                           (self.canvas, "canvas"), (self.readout, "readout")):
            part.add_class(f"cu-stepper-{name}")
        super().__init__([self.css, self.timer, self.play, self.back, self.forward, self.box,
                          self.slider, self.flip, self.announcement, self.canvas,
                          self.readout])
        self.add_class("cu-stepper")
        if not broken:
            self.slider.observe(self._draw, "value")
        self._draw()

    @property
    def current(self):
        row, col = divmod(self.slider.value, self.image.shape[1])
        return window_at(self.image, self.kernel, row, col, flip=self.flip.value)

    def _draw(self, change=None):
        w = self.current
        shown = self.image.copy()
        shown[w.row, w.col] = 255 - shown[w.row, w.col]
        self.canvas.value = png(shown)
        self.readout.value = f"<pre>output[{w.row}, {w.col}] = {w.value:.2f}</pre>"
        self.announcement.value = (
            f'<div role="status" aria-live="polite">step {self.slider.value + 1} of '
            f"{self.image.size}: window centred on row {w.row}, column {w.col}; sum of the "
            f"{w.products.size} products = {w.value:.2f}; {self.readout.value[5:-6]}</div>")


class KernelPlayground(widgets.VBox):
    """Stand-in following the DOM contract; BROKEN ones ignore the kernel choice."""

    def __init__(self, image, broken=False):
        self.image = np.asarray(image, float)
        self.kernel = widgets.Dropdown(options=list(KERNEL_BANK)[2:], description="kernel")
        self.input = widgets.Image(value=png(self.image), format="png")
        self.output = widgets.Image(format="png")
        self.info = widgets.HTML()
        for part, name in ((self.kernel, "kernel"), (self.input, "input"),
                           (self.output, "output"), (self.info, "info")):
            part.add_class(f"cu-playground-{name}")
        super().__init__([self.kernel, widgets.HBox([self.input, self.output]), self.info])
        self.add_class("cu-playground")
        if not broken:
            self.kernel.observe(self._draw, "value")
        self._draw()

    def _draw(self, change=None):
        result = correlate(self.image, KERNEL_BANK[self.kernel.value])
        self.output.value = png(np.abs(result))
        self.info.value = f"min {result.min():.1f}, max {result.max():.1f}"


rng = np.random.default_rng(0)
picture = rng.integers(0, 256, size=(6, 6))
'''


def mock_notebook(broken: bool = False):
    """A scratch notebook displaying a stand-in stepper and playground (never committed)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    flag = ", broken=True" if broken else ""
    nb = new_notebook(cells=[
        new_markdown_cell("# 98 · Scratch widgets for the harness"),
        new_code_cell(MOCK_WIDGETS),
        new_code_cell(f"SlidingWindowStepper(picture, KERNEL_BANK['sobel_x']{flag})",
                      metadata={"tags": [IGNORE_TAG]}),
        new_code_cell(f"KernelPlayground(picture * 40 % 256{flag})",
                      metadata={"tags": [IGNORE_TAG]}),
    ])
    if broken:  # a cell tagged as showing a widget that shows none
        nb.cells.append(new_code_cell("print('no widget here')",
                                      metadata={"tags": [IGNORE_TAG]}))
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    return nb
