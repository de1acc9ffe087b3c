"""The widgets render and respond in a real browser: JupyterLab driven by Chromium.

For every notebook whose code calls ``SlidingWindowStepper(`` or ``KernelPlayground(``,
the test serves a temporary *copy* of the notebooks with JupyterLab (127.0.0.1, a free
port, a random token), opens the notebook in Debian's Chromium through Playwright,
runs all cells and checks that

- every cell that displays a widget (tagged ``nbval-ignore-output``) shows a
  rendered widget, and every stepper and playground shows its parts;
- pressing the up arrow in a stepper's position box, and pressing its Play button,
  move its readout ``output[ROW, COL] = VALUE`` to the next position (row-major), a
  click at the left end of its slider goes back to the first, and the value shown is
  the one the kernel computes there (``stepper.current``, read back by a probe cell
  appended to the copy); pause keeps the position;
- in the accessibility tree (Playwright's ARIA snapshot) every stepper control has a
  name (ipywidgets' unnamed slider handle is not in the tree), and the live region
  (role status) announces each step; from the keyboard alone (Tab, Enter, Space, the
  arrow keys, typing a number in the position box) forward, back, play, pause and
  the position box each change the announcement to the step the readout shows;
- choosing another kernel in a playground changes its output image.

A screenshot of each notebook, and the ARIA snapshot of each stepper
(``NAME-stepper-I.aria.yml``), are saved in tests/screenshots/ (ignored by git). The
harness itself is proven on a scratch notebook of stand-in widgets built in the
temporary folder: working stand-ins pass, broken ones fail.

Needs /usr/bin/chromium (``sudo apt-get install chromium``; ``./course test`` installs it
when run as root). Without it the test is skipped, except under ``CI=true``, where a
skipped browser test is a failure.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from browser_support import (
    CHROMIUM,
    INSTALL_HINT,
    PROBE_SOURCE,
    PROBE_TAG,
    WIDGET_CLASSES,
    JupyterServer,
    LabPage,
    aria_controls,
    aria_status,
    is_successor,
    launch_chromium,
    mock_notebook,
    parse_announcement,
    parse_readout,
    skip_or_fail,
    uses_widget,
    widget_cells,
)
from conftest import COURSE_NOTEBOOKS, ROOT

NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "tests" / "screenshots"
ALL_NOTEBOOKS = COURSE_NOTEBOOKS
WIDGET_NOTEBOOKS = [path for path in ALL_NOTEBOOKS if uses_widget(path)]




# ---------------------------------------------------------------------------
# Fixtures: one browser and one server for the whole file, always stopped
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        skip_or_fail(f"the browser test needs Chromium at {CHROMIUM}; install it with: "
                     f"{INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the browser test needs the Python package playwright "
                     "(pip install -r requirements.txt)")
    return sync_playwright


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, chromium):
    """A copy of the course's notebooks (and what they read) to run in the browser."""
    root = tmp_path_factory.mktemp("course-copy")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("notebooks", "notebooks-zh", "images", "benchmarks"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder, ignore=ignore)
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "scratch").mkdir()
    return root


@pytest.fixture(scope="module")
def server(workspace):
    with JupyterServer(workspace) as running:
        yield running


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    manager = chromium().start()
    try:
        context = launch_chromium(manager, tmp_path_factory.mktemp("chromium-profile"))
        try:
            yield context
        finally:
            context.close()
    finally:
        manager.stop()


# ---------------------------------------------------------------------------
# Running one notebook in JupyterLab and checking its widgets
# ---------------------------------------------------------------------------

def check_notebook_in_lab(browser, server, root: Path, relative: str, screenshot: str) -> dict:
    """Open ``root/relative`` in JupyterLab, run it and check every widget; returns timings."""
    path = root / relative
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    probe = None
    if "SlidingWindowStepper(" in source:
        nb.cells.append(nbformat.v4.new_code_cell(PROBE_SOURCE))
        probe = len(nb.cells) - 1
        nbformat.write(nb, path)
    marked = widget_cells(nb)

    page = browser.new_page()
    page.set_default_timeout(30_000)
    lab = LabPage(page, server)
    timings = {}
    try:
        start = time.monotonic()
        lab.open(relative)
        lab.run_all()
        timings["open and run all cells"] = time.monotonic() - start
        lab.assert_widget_cells_render(marked)
        for constructor, css in WIDGET_CLASSES.items():
            if constructor in source:
                count = page.locator(f".jp-Notebook .{css}").count()
                assert count >= 1, f"the notebook calls {constructor}...) but no .{css} rendered"

        start = time.monotonic()
        steppers = page.locator(".jp-Notebook .cu-stepper")
        for index in range(steppers.count()):
            stepper = steppers.nth(index)
            stepper.scroll_into_view_if_needed()
            lab.check_stepper(stepper, index)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            (SCREENSHOTS / f"{screenshot}-stepper-{index}.aria.yml").write_text(
                stepper.aria_snapshot() + "\n", encoding="utf-8")
        if steppers.count():
            output = lab.run_cell(probe)
            assert PROBE_TAG in output, f"the probe cell printed {output!r}"
            computed = {tuple(item) for item in json.loads(output.split(PROBE_TAG, 1)[1])}
            for index in range(steppers.count()):
                shown = lab.readout(steppers.nth(index))
                assert shown in computed, (
                    f"stepper {index} shows output[{shown[0]}, {shown[1]}] = {shown[2]}, but "
                    f"the kernel's steppers are at {sorted(computed)} (their .current)")
        playgrounds = page.locator(".jp-Notebook .cu-playground")
        for index in range(playgrounds.count()):
            playground = playgrounds.nth(index)
            playground.scroll_into_view_if_needed()
            lab.check_playground(playground, index)
        timings["widget checks"] = time.monotonic() - start
        timings["steppers"], timings["playgrounds"] = steppers.count(), playgrounds.count()
        return timings
    except Exception as error:  # AssertionError, or a Playwright timeout
        console = "\n".join(lab.console[-10:])
        raise AssertionError(f"{relative}: {error}\n(browser console, last lines:\n"
                             f"{console})") from error
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        first = page.locator(".jp-Notebook .cu-stepper, .jp-Notebook .cu-playground")
        try:
            if first.count():
                first.first.scroll_into_view_if_needed(timeout=5000)
            page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"))
        finally:
            lab.shut_down_kernel()
            page.close()


@pytest.mark.parametrize(
    "name", [path.name for path in WIDGET_NOTEBOOKS] or [None],
    ids=[path.stem for path in WIDGET_NOTEBOOKS] or ["no-widget-notebook-yet"])
def test_widgets_render_and_respond(name, request):
    if name is None:
        if not ALL_NOTEBOOKS:
            pytest.fail("notebooks/ holds no notebook, so no widget was checked in the browser")
        skip_or_fail(f"none of the {len(ALL_NOTEBOOKS)} notebooks calls SlidingWindowStepper( "
                     "or KernelPlayground(, so no widget was checked in the browser")
    browser = request.getfixturevalue("browser")
    server = request.getfixturevalue("server")
    workspace = request.getfixturevalue("workspace")
    timings = check_notebook_in_lab(browser, server, workspace, f"notebooks/{name}",
                                    Path(name).stem)
    print(f"{name}: {timings}")


def test_the_chinese_stepper_speaks_chinese(browser, server):
    """Notebook 01 of the Chinese edition in JupyterLab: the stepper's controls are named in
    Chinese and its live region announces each step in Chinese (its folder's
    .course-language file chooses the package's language)."""
    import polib

    words = {entry.msgid: entry.msgstr for name in ("stepper.widget", "stepper.readout")
             for entry in polib.pofile(str(ROOT / "translations" / "zh_CN" / "course_utils"
                                           / f"{name}.po"))}
    page = browser.new_page()
    page.set_default_timeout(30_000)
    lab = LabPage(page, server)
    try:
        lab.open("notebooks-zh/01-hand-computing-a-blur.ipynb")
        lab.run_all()
        stepper = page.locator(".jp-Notebook .cu-stepper").first
        stepper.scroll_into_view_if_needed()
        names = {name for _, name in aria_controls(stepper.aria_snapshot())}
        for english in ("play", "back", "forward", "position", "flip kernel (convolution)",
                        "border"):
            assert words[english] in names, (english, words[english], sorted(names))
        (before,) = aria_status(stepper.aria_snapshot())
        assert before.startswith("第 1 步，共 144 步：窗口中心在第 0 行、第 0 列"), before
        lab.position_input(stepper).press("ArrowUp")
        page.wait_for_function("() => [...document.querySelectorAll('.cu-stepper "
                               "[role=status]')].some(e => e.textContent.startsWith('第 2 步'))")
        (after,) = aria_status(stepper.aria_snapshot())
        assert after.startswith("第 2 步，共 144 步：窗口中心在第 0 行、第 1 列"), after
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "zh-01-stepper.png"))
        lab.shut_down_kernel()
        page.close()


def test_harness_on_scratch_widgets(browser, server, workspace):
    """Stand-in widgets that follow the DOM contract pass; broken ones are caught."""
    good = workspace / "scratch" / "98-good-widgets.ipynb"
    nbformat.write(mock_notebook(), good)
    timings = check_notebook_in_lab(browser, server, workspace, "scratch/" + good.name,
                                    "harness-good-widgets")
    assert timings["steppers"] == 1 and timings["playgrounds"] == 1

    broken = workspace / "scratch" / "98-broken-widgets.ipynb"
    nbformat.write(mock_notebook(broken=True), broken)
    page = browser.new_page()
    page.set_default_timeout(30_000)
    lab = LabPage(page, server, response_timeout=3)  # no need to wait long for nothing
    try:
        lab.open("scratch/" + broken.name)
        lab.run_all()
        assert widget_cells(mock_notebook(broken=True)) == [2, 3, 4]
        lab.assert_widget_cells_render([2, 3])
        with pytest.raises(AssertionError, match="ArrowUp: the readout stayed"):
            lab.check_stepper(page.locator(".cu-stepper").first, 0)
        # Its unnamed back button, and its slider handle left in the accessibility tree.
        with pytest.raises(AssertionError,
                           match=r"controls without an accessible name: \['button', 'slider'\]"):
            lab.check_stepper_accessibility(page.locator(".cu-stepper").first, 0)
        with pytest.raises(AssertionError, match="did not change the output image"):
            lab.check_playground(page.locator(".cu-playground").first, 0)
        with pytest.raises(AssertionError, match="should display a widget"):
            lab.assert_widget_cells_render([4], timeout=2)
    finally:
        lab.shut_down_kernel()
        page.close()


# ---------------------------------------------------------------------------
# The pure helpers of the harness (no browser needed)
# ---------------------------------------------------------------------------

def test_parse_announcement_and_aria_snapshot_lines():
    text = ("step 7 of 16: window centred on row 1, column 2; sum of the 9 products = 54.00; "
            "output[1, 2] = 54.00")
    assert parse_announcement(text) == {"step": 7, "count": 16, "row": 1, "col": 2,
                                        "value": "54.00"}
    for bad in (text.replace("output[1, 2]", "output[1, 3]"), text.replace("= 54.00;", "= 5.00;"),
                "output[1, 2] = 54.00", ""):
        with pytest.raises(AssertionError):
            parse_announcement(bad)
    snapshot = ('- button "\uf04b play"\n- button "\uf048"\n- button\n- text: position\n- slider\n'
                '- spinbutton "position": "6"\n- spinbutton\n'
                '- combobox "border":\n  - option "reflect" [selected]\n'
                f'- status: "{text}"\n- img')
    assert aria_controls(snapshot) == [("button", "play"), ("button", ""), ("button", ""),
                                       ("slider", ""), ("spinbutton", "position"),
                                       ("spinbutton", ""), ("combobox", "border")]
    assert aria_status(snapshot) == [text]


def test_parse_readout():
    assert parse_readout("step 4 of 144: output[0, 3] = 130.78  (correlation)") == (
        0, 3, "130.78")
    assert parse_readout("output[12, 0] = -4.00") == (12, 0, "-4.00")
    for bad in ("output[0, 3] = 130.8", "output[0, 3] = 130.789", "out[0, 3] = 1.00",
                "output[0, 1] = 1.00 and output[0, 2] = 2.00", ""):
        with pytest.raises(AssertionError, match="exactly one"):
            parse_readout(bad)


@pytest.mark.parametrize("before, after, ok", [
    ((0, 0), (0, 1), True), ((0, 15), (1, 0), True), ((3, 4), (3, 5), True),
    ((0, 0), (0, 2), False), ((0, 1), (0, 0), False), ((0, 3), (1, 3), False),
    ((0, 3), (0, 3), False),
])
def test_is_successor(before, after, ok):
    assert is_successor(before, after) is ok
