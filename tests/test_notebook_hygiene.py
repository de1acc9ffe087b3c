"""Hygiene of every notebook in notebooks/: what keeps the course from drifting.

Each rule is a small checker function that returns a list of problems (empty when
all is well). The checkers are proven able to fail by the unit tests at the end of
this file, which run them on synthetic notebooks built with nbformat; the tests
in the middle run them on every committed notebook.

The course has one notebook per lesson, one lesson per exercise module
``course_utils/checks/nbNN.py``. A missing notebook is a failure, never a skip: a
check that needs a particular notebook (the kernel-bank notebook, the target of a
previous/next link) fails while that file is absent, and an emptied notebooks/
fails :func:`test_every_lesson_has_its_notebook` (and every test parametrised
over the notebooks, as pyproject's ``empty_parameter_set_mark`` says).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_utils import KERNEL_BANK

NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
KERNEL_BANK_PREFIX = "06-"  # notebooks/06-the-kernel-bank.ipynb teaches every kernel

_SPEC = importlib.util.spec_from_file_location("execute_notebooks",
                                               ROOT / "scripts" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(execute_notebooks)
WIDGET_MIME = execute_notebooks.WIDGET_MIME
WIDGET_TEXT = execute_notebooks.WIDGET_TEXT

FILE_NAME = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
TITLE = re.compile(r"^# (\d\d) · (\S.*)$")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
IGNORE_TAG = "nbval-ignore-output"
NBVAL_MARKER = re.compile(r"NBVAL_[A-Z_]+")
SYS_PATH = re.compile(r"\bsys\s*\.\s*path\b|\bsite\s*\.\s*addsitedir\b")
ABSOLUTE_PATH = execute_notebooks.ABSOLUTE_PATH
REQUIRED_SECTIONS = ("## Learning goals", "## Summary", "## Exercises")


# ---------------------------------------------------------------------------
# Finding the notebooks
# ---------------------------------------------------------------------------

def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """Every notebook under ``folder`` (checkpoints excluded), in file-name order."""
    return sorted((path for path in folder.rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in path.parts),
                  key=lambda path: path.relative_to(folder).as_posix())


def number_of(name: str) -> int | None:
    match = FILE_NAME.match(name)
    return int(match.group(1)) if match else None


def title_of(nb) -> str | None:
    """The title text after ``# NN · `` in the first cell, or None."""
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        return None
    first_line = nb.cells[0].source.strip().splitlines()[0] if nb.cells[0].source.strip() else ""
    match = TITLE.match(first_line)
    return f"{match.group(1)} · {match.group(2).strip()}" if match else None


def texts_of(nb, outputs: bool = True) -> list[tuple[int, str]]:
    """(cell index, text) for every source and every human-readable output."""
    found = []
    for index, cell in enumerate(nb.cells):
        found.append((index, cell.source))
        if outputs:
            for output in cell.get("outputs", []):
                found.extend((index, text) for text in execute_notebooks.output_texts(output))
    return found


# ---------------------------------------------------------------------------
# The checkers: each returns a list of problems
# ---------------------------------------------------------------------------

def check_file_name(name: str) -> list[str]:
    if FILE_NAME.match(name):
        return []
    return [f"{name}: file name must look like NN-topic.ipynb (two digits, lower-case "
            "words joined by '-')"]


def check_execution_counts(nb) -> list[str]:
    """Code cells executed once each, top to bottom: counts 1, 2, 3, ..."""
    problems = []
    expected = 1
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if not cell.source.strip():
            problems.append(f"cell {index}: empty code cell (delete it)")
            continue
        if cell.execution_count != expected:
            problems.append(f"cell {index}: execution count {cell.execution_count}, expected "
                            f"{expected} (re-execute with ./course execute)")
            return problems
        expected += 1
    return problems


def check_no_errors(nb) -> list[str]:
    return [f"cell {index}: error output {output.get('ename')}: {output.get('evalue')}"
            for index, cell in enumerate(nb.cells)
            for output in cell.get("outputs", [])
            if output.get("output_type") == "error"]


def check_no_absolute_paths(nb) -> list[str]:
    problems = []
    for index, text in texts_of(nb):
        match = ABSOLUTE_PATH.search(text)
        if match:
            problems.append(f"cell {index}: absolute path {match.group(0)!r}")
    return problems


def check_sections(nb, name: str) -> list[str]:
    """Title ``# NN · Title`` first, then Learning goals, Summary, Exercises in order."""
    problems = []
    title = title_of(nb)
    if title is None:
        problems.append("the first cell must be markdown starting with '# NN · Title'")
    elif number_of(name) is not None and int(title[:2]) != number_of(name):
        problems.append(f"title number {title[:2]} does not match the file name {name}")
    headings = [(index, line.strip()) for index, cell in enumerate(nb.cells)
                if cell.cell_type == "markdown" for line in cell.source.splitlines()
                if line.startswith("## ")]
    positions = []
    for section in REQUIRED_SECTIONS:
        found = [position for position, (_, line) in enumerate(headings) if line == section]
        if not found:
            problems.append(f"missing the section '{section}'")
        else:
            positions.append(found[0])
    if len(positions) == len(REQUIRED_SECTIONS) and positions != sorted(positions):
        problems.append("sections must come in the order " + ", ".join(REQUIRED_SECTIONS))
    return problems


def navigation_links(nb) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """(previous links, next links, all link targets) of the last cell."""
    if not nb.cells or nb.cells[-1].cell_type != "markdown":
        return [], [], []
    links = LINK.findall(nb.cells[-1].source)
    previous = [(text, target) for text, target in links if "←" in text]
    following = [(text, target) for text, target in links if "→" in text]
    return previous, following, [target for _, target in links]


def check_navigation(nb, name: str, folder: Path) -> tuple[list[str], list[str]]:
    """Previous/next links in the last cell: to the neighbouring notebooks, with their titles.

    Returns ``(problems, pending)``: ``pending`` names links to notebooks that do not
    exist (the test fails on those too).
    """
    problems, pending = [], []
    number = number_of(name)
    if number is None:
        return [f"{name}: cannot check navigation of a badly named notebook"], []
    if not nb.cells or nb.cells[-1].cell_type != "markdown":
        return ["the last cell must be markdown holding the previous/next links"], []
    present = {number_of(path.name): path for path in folder.glob("[0-9][0-9]-*.ipynb")}
    previous, following, targets = navigation_links(nb)

    for arrow, links, neighbour in (("←", previous, number - 1), ("→", following, number + 1)):
        if len(links) > 1:
            problems.append(f"more than one '{arrow}' link in the last cell")
            continue
        if not links:
            if arrow == "←" and number > 1:
                problems.append(f"no '← previous' link (to notebook {neighbour:02d})")
            if arrow == "→" and any(other > number for other in present if other):
                problems.append(f"no 'next →' link, but notebook {neighbour:02d} exists")
            continue
        text, target = links[0]
        if number_of(Path(target).name) != neighbour or "/" in target:
            problems.append(f"'{arrow}' link goes to {target!r}, expected the notebook "
                            f"{neighbour:02d}-....ipynb in this folder")
            continue
        if neighbour not in present:
            pending.append(f"{target} (notebook {neighbour:02d} not written yet)")
            continue
        if target != present[neighbour].name:
            problems.append(f"'{arrow}' link {target!r} does not exist; notebook "
                            f"{neighbour:02d} is {present[neighbour].name}")
            continue
        expected_title = title_of(nbformat.read(present[neighbour], as_version=4))
        shown = text.replace(arrow, "").strip()
        if expected_title is not None and shown != expected_title:
            problems.append(f"'{arrow}' link text {shown!r} should be that notebook's title "
                            f"{expected_title!r}")
    for target in targets:
        if target.startswith(("http://", "https://", "#")) or target.endswith(".ipynb"):
            continue
        if not (folder / target.split("#")[0]).exists():
            problems.append(f"link {target!r} in the last cell does not resolve")
    return problems, pending


def check_widget_markers(nb) -> list[str]:
    """Cells that display a widget carry nbval's cell tag 'nbval-ignore-output'; no other
    cell does, and no nbval comment marker or other nbval tag is used (nothing else may
    escape nbval, and learners see no test markers in the code)."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        shows_widget = any(WIDGET_MIME in output.get("data", {})
                           or output.get("data", {}).get("text/plain") == WIDGET_TEXT
                           for output in cell.get("outputs", []))
        all_tags = cell.metadata.get("tags", [])
        marked = IGNORE_TAG in all_tags
        if shows_widget and not marked:
            problems.append(f"cell {index} displays a widget: it must carry the cell tag "
                            f"'{IGNORE_TAG}'")
        if marked and not shows_widget:
            problems.append(f"cell {index} is tagged '{IGNORE_TAG}' but displays no "
                            "widget: only widget cells may escape nbval")
        comments = NBVAL_MARKER.findall(cell.source)
        if comments:
            problems.append(f"cell {index}: nbval comment marker {comments[0]} is not allowed "
                            f"(widget cells use the cell tag '{IGNORE_TAG}')")
        tags = [tag for tag in all_tags
                if tag.startswith(("nbval", "raises")) and tag != IGNORE_TAG]
        if tags:
            problems.append(f"cell {index}: nbval tag {tags[0]!r} is not allowed")
    return problems


def check_no_sys_path(nb) -> list[str]:
    return [f"cell {index}: manipulates sys.path (course_utils is installed; just import it)"
            for index, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and SYS_PATH.search(cell.source)]


def readme_contents_links(readme: str) -> list[str]:
    """The notebook links of the README's '## Contents' section, in order."""
    match = re.search(r"^## Contents\s*$(.*?)(?=^## |\Z)", readme, flags=re.M | re.S)
    if not match:
        return []
    return re.findall(r"\]\(notebooks/([^)\s]+\.ipynb)\)", match.group(1))


def check_readme_contents(readme: str, names: list[str]) -> list[str]:
    """The README's table of contents lists exactly the notebooks, in order."""
    if "## Contents" not in readme:
        return ["README.md has no '## Contents' section"]
    listed = readme_contents_links(readme)
    problems = [f"README lists notebooks/{name}, which does not exist"
                for name in listed if name not in names]
    problems += [f"README's contents do not list notebooks/{name}"
                 for name in names if name not in listed]
    if not problems and listed != names:
        problems.append(f"README lists the notebooks in the order {listed}, expected {names}")
    return problems


def check_kernel_bank(nb, kernel_names) -> list[str]:
    text = "\n".join(text for _, text in texts_of(nb))
    return [f"kernel {name!r} of KERNEL_BANK never appears" for name in kernel_names
            if not re.search(rf"\b{re.escape(name)}\b", text)]


# ---------------------------------------------------------------------------
# The checks on the committed notebooks
# ---------------------------------------------------------------------------

PATHS = notebook_paths()
NAMES = [path.relative_to(NOTEBOOKS).as_posix() for path in PATHS]
per_notebook = pytest.mark.parametrize("path", PATHS, ids=NAMES)
#: One notebook a lesson: the numbers of the exercise modules course_utils/checks/nbNN.py.
LESSONS = sorted(int(path.stem[2:]) for path in (ROOT / "course_utils" / "checks").glob("nb*.py"))


def _read(path):
    return nbformat.read(path, as_version=4)


def _assert_none(problems, path):
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@per_notebook
def test_file_name(path):
    _assert_none(check_file_name(path.relative_to(NOTEBOOKS).as_posix()), path)


@per_notebook
def test_executed_top_to_bottom_without_errors(path):
    nb = _read(path)
    _assert_none(check_execution_counts(nb) + check_no_errors(nb), path)


@per_notebook
def test_no_absolute_paths(path):
    _assert_none(check_no_absolute_paths(_read(path)), path)


@per_notebook
def test_title_goals_summary_exercises(path):
    _assert_none(check_sections(_read(path), path.name), path)


@per_notebook
def test_previous_next_links(path):
    problems, pending = check_navigation(_read(path), path.name, path.parent)
    _assert_none(problems + [f"link to a missing notebook: {link}" for link in pending], path)


@per_notebook
def test_only_widget_cells_escape_nbval(path):
    _assert_none(check_widget_markers(_read(path)), path)


@per_notebook
def test_no_sys_path_manipulation(path):
    _assert_none(check_no_sys_path(_read(path)), path)


def test_every_lesson_has_its_notebook():
    assert LESSONS, "no exercise module course_utils/checks/nbNN.py found"
    present = [number_of(path.name) for path in PATHS]
    missing = [f"{n:02d}" for n in LESSONS if n not in present]
    assert not missing, f"notebooks/ lacks the notebook of lesson(s) {missing}"


def test_notebook_numbers_are_unique():
    numbers = [number_of(path.name) for path in PATHS if number_of(path.name)]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    assert not duplicates, f"two notebooks share the number(s) {duplicates}"


def test_readme_lists_every_notebook_in_order():
    problems = check_readme_contents(README.read_text(encoding="utf-8"), NAMES)
    assert not problems, "\n".join(problems)


def test_kernel_bank_notebook_shows_every_kernel():
    found = [path for path in PATHS if path.name.startswith(KERNEL_BANK_PREFIX)]
    assert found, f"notebooks/{KERNEL_BANK_PREFIX}the-kernel-bank.ipynb is missing"
    _assert_none(check_kernel_bank(_read(found[0]), list(KERNEL_BANK)), found[0])


# ---------------------------------------------------------------------------
# The checkers can fail: unit tests on synthetic notebooks
# ---------------------------------------------------------------------------

def _code(source, count=None, outputs=()):
    cell = new_code_cell(source, execution_count=count)
    cell.outputs = list(outputs)
    return cell


def _good(number=2, title="Convolution vs cross-correlation", nav=None):
    nav = nav if nav is not None else (
        "[← 01 · Hand-computing a blur](01-hand-computing-a-blur.ipynb) | "
        "[03 · Padding and borders →](03-padding-and-borders.ipynb)")
    return new_notebook(cells=[
        new_markdown_cell(f"# {number:02d} · {title}\n\nIntro.\n\n## Learning goals\n\n- a\n- b"),
        _code("import numpy as np", 1),
        _code("print(np.arange(3))", 2,
              [new_output("stream", name="stdout", text="[0 1 2]\n")]),
        new_markdown_cell("## Summary\n\nDone."),
        new_markdown_cell("## Exercises\n\n1. Try it."),
        new_markdown_cell(nav),
    ])


def _write_course(folder: Path, titles: dict[int, str]) -> None:
    for number, title in titles.items():
        slug = title.lower().replace(" ", "-")
        nbformat.write(_good(number, title), folder / f"{number:02d}-{slug}.ipynb")


def test_good_synthetic_notebook_passes_every_checker():
    nb = _good()
    assert check_execution_counts(nb) == []
    assert check_no_errors(nb) == []
    assert check_no_absolute_paths(nb) == []
    assert check_sections(nb, "02-x.ipynb") == []
    assert check_widget_markers(nb) == []
    assert check_no_sys_path(nb) == []


@pytest.mark.parametrize("name, ok", [
    ("01-hand-computing-a-blur.ipynb", True), ("08-making-it-fast.ipynb", True),
    ("1-blur.ipynb", False), ("01_blur.ipynb", False), ("01-Blur.ipynb", False),
    ("Untitled.ipynb", False), ("01-blur-.ipynb", False), ("sub/01-blur.ipynb", False),
])
def test_check_file_name(name, ok):
    assert (check_file_name(name) == []) is ok


def test_check_execution_counts_catches_gaps_order_and_unexecuted_cells():
    nb = _good()
    nb.cells[2].execution_count = 3
    assert "expected 2" in check_execution_counts(nb)[0]
    nb.cells[1].execution_count, nb.cells[2].execution_count = 2, 1
    assert check_execution_counts(nb)
    nb.cells[1].execution_count, nb.cells[2].execution_count = None, None
    assert check_execution_counts(nb)
    nb = _good()
    nb.cells.insert(3, _code("  \n"))
    assert "empty code cell" in check_execution_counts(nb)[0]


def test_check_no_errors():
    nb = _good()
    nb.cells[2].outputs.append(new_output("error", ename="ValueError", evalue="bad",
                                          traceback=[]))
    assert check_no_errors(nb) == ["cell 2: error output ValueError: bad"]


@pytest.mark.parametrize("text", [
    "/work/main/images/camera.png", "saved to /tmp/x.png", "/root/.cache", "/home/ann/course",
    r"C:\Users\ann\course", r"C:\\Users\\ann", "D:/data/course", "/Users/ann/course",
    "/tmp",
])
def test_check_no_absolute_paths_in_sources_and_outputs(text):
    in_source = _good()
    in_source.cells[1].source = f"path = {text!r}"
    in_output = _good()
    in_output.cells[2].outputs[0].text = text + "\n"
    assert check_no_absolute_paths(in_source) and check_no_absolute_paths(in_output)


@pytest.mark.parametrize("text", ["images/camera.png", "../README.md", "1/9 of 255",
                                  "https://example.org/home/page", "tmp/x", "~/tmpfile",
                                  "print(f'K:\\n{K}')", "ratio 3:1", "x:/y"])
def test_check_no_absolute_paths_allows_relative_paths_and_urls(text):
    nb = _good()
    nb.cells[2].outputs[0].text = text
    assert check_no_absolute_paths(nb) == []


def test_check_sections():
    nb = _good()
    nb.cells[0].source = "# Convolution\n\n## Learning goals\n- a"
    assert any("# NN · Title" in p for p in check_sections(nb, "02-x.ipynb"))
    assert "does not match" in check_sections(_good(), "03-x.ipynb")[0]
    for section in REQUIRED_SECTIONS:
        nb = _good()
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = cell.source.replace(section, "## Something else")
        assert check_sections(nb, "02-x.ipynb") == [f"missing the section '{section}'"]
    nb = _good()
    nb.cells[3], nb.cells[4] = nb.cells[4], nb.cells[3]  # Exercises before Summary
    assert "order" in check_sections(nb, "02-x.ipynb")[0]


def test_check_navigation_good_pending_and_wrong(tmp_path):
    _write_course(tmp_path, {1: "Hand-computing a blur", 2: "Convolution vs cross-correlation"})
    nb = _good()
    problems, pending = check_navigation(nb, "02-convolution-vs-cross-correlation.ipynb",
                                         tmp_path)
    assert problems == [] and pending == [
        "03-padding-and-borders.ipynb (notebook 03 not written yet)"]
    _write_course(tmp_path, {3: "Padding and borders"})
    assert check_navigation(nb, "02-x.ipynb", tmp_path) == ([], [])

    wrong_target = _good(nav="[← 01 · Hand-computing a blur](01-hand-blur.ipynb) | "
                             "[03 · Padding and borders →](03-padding-and-borders.ipynb)")
    assert "does not exist" in check_navigation(wrong_target, "02-x.ipynb", tmp_path)[0][0]
    wrong_title = _good(nav="[← 01 · Blur](01-hand-computing-a-blur.ipynb) | "
                            "[03 · Padding and borders →](03-padding-and-borders.ipynb)")
    assert "title" in check_navigation(wrong_title, "02-x.ipynb", tmp_path)[0][0]
    not_neighbour = _good(nav="[← 01 · Hand-computing a blur](01-hand-computing-a-blur.ipynb)"
                              " | [03 · Padding and borders →](04-padding.ipynb)")
    assert "expected the notebook 03" in check_navigation(not_neighbour, "02-x.ipynb",
                                                          tmp_path)[0][0]
    no_next = _good(nav="[← 01 · Hand-computing a blur](01-hand-computing-a-blur.ipynb)")
    assert "no 'next →' link" in check_navigation(no_next, "02-x.ipynb", tmp_path)[0][0]
    no_previous = _good(nav="[03 · Padding and borders →](03-padding-and-borders.ipynb)")
    assert "no '← previous'" in check_navigation(no_previous, "02-x.ipynb", tmp_path)[0][0]
    broken_readme = _good(nav=nb.cells[-1].source + " | [contents](../README.txt)")
    assert "does not resolve" in check_navigation(broken_readme, "02-x.ipynb", tmp_path)[0][0]
    not_markdown = _good()
    not_markdown.cells.append(_code("1", 3))
    assert check_navigation(not_markdown, "02-x.ipynb", tmp_path)[0]
    # The first notebook has no previous link; the last one no next link.
    first = _good(1, "Hand-computing a blur", nav="[02 · Convolution vs cross-correlation →]"
                                                  "(02-convolution-vs-cross-correlation.ipynb)")
    assert check_navigation(first, "01-hand-computing-a-blur.ipynb", tmp_path) == ([], [])
    last = _good(3, "Padding and borders", nav="[← 02 · Convolution vs cross-correlation]"
                                               "(02-convolution-vs-cross-correlation.ipynb)")
    assert check_navigation(last, "03-padding-and-borders.ipynb", tmp_path) == ([], [])


def test_check_widget_markers():
    widget = new_output("display_data", data={"text/plain": WIDGET_TEXT})
    live_widget = new_output("display_data", data={WIDGET_MIME: {"model_id": "x"},
                                                   "text/plain": "IntSlider()"})
    nb = _good()
    def tagged(cell, *tags):
        cell.metadata["tags"] = list(tags)
        return cell

    nb.cells.insert(3, tagged(_code("stepper", 3, [widget]), IGNORE_TAG))
    assert check_widget_markers(nb) == []
    nb.cells[3] = _code("stepper", 3, [live_widget])
    assert f"must carry the cell tag '{IGNORE_TAG}'" in check_widget_markers(nb)[0]
    nb.cells[3] = tagged(_code("print(1)", 3, [new_output("stream", name="stdout",
                                                          text="1\n")]), IGNORE_TAG)
    assert "displays no widget" in check_widget_markers(nb)[0]
    nb.cells[3] = tagged(_code("# NBVAL_IGNORE_OUTPUT\nstepper", 3, [widget]), IGNORE_TAG)
    assert "comment marker NBVAL_IGNORE_OUTPUT" in check_widget_markers(nb)[0]
    nb.cells[3] = _code("# NBVAL_SKIP\nprint(1)", 3)
    assert "NBVAL_SKIP" in check_widget_markers(nb)[0]
    nb.cells[3] = tagged(_code("print(1)", 3), "nbval-skip")
    assert "'nbval-skip' is not allowed" in check_widget_markers(nb)[0]


@pytest.mark.parametrize("source", ["import sys\nsys.path.append('..')",
                                    "import sys\nsys.path.insert(0, '../course_utils')",
                                    "import site; site.addsitedir('..')"])
def test_check_no_sys_path(source):
    nb = _good()
    nb.cells[1].source = source
    assert check_no_sys_path(nb)


def test_check_readme_contents():
    names = ["01-a.ipynb", "02-b.ipynb"]
    table = ("| # | notebook | what you learn |\n|---|---|---|\n"
             "| 01 | [A](notebooks/01-a.ipynb) | a |\n| 02 | [B](notebooks/02-b.ipynb) | b |\n")
    readme = f"# Course\n\n## Contents\n\n{table}\n## The helper package\n\n" \
             "[elsewhere](notebooks/03-c.ipynb)\n"
    assert check_readme_contents(readme, names) == []
    assert check_readme_contents(readme, names + ["03-c.ipynb"]) == [
        "README's contents do not list notebooks/03-c.ipynb"]
    assert check_readme_contents(readme, ["01-a.ipynb"]) == [
        "README lists notebooks/02-b.ipynb, which does not exist"]
    swapped = readme.replace("01-a", "TMP").replace("02-b", "01-a").replace("TMP", "02-b")
    assert "order" in check_readme_contents(swapped, names)[0]
    assert check_readme_contents("# Course\n", []) == ["README.md has no '## Contents' section"]


def test_check_kernel_bank():
    nb = _good()
    nb.cells[2].outputs[0].text = "sharpen laplacian\n"
    assert check_kernel_bank(nb, ["sharpen", "laplacian"]) == []
    assert check_kernel_bank(nb, ["sharpen", "emboss"]) == ["kernel 'emboss' of KERNEL_BANK "
                                                            "never appears"]
    nb.cells[2].outputs[0].text = "sobel_xy\n"
    assert check_kernel_bank(nb, ["sobel_x"])  # a longer name does not count
