"""The nbgrader export (scripts/nbgrader_export.py), proven by grading with nbgrader itself.

Without nbgrader: every exercise of every notebook becomes an answer cell with its
solution region and a locked test cell worth one point; everything else is locked.
With nbgrader (installed by ``./course test`` from requirements-grading.txt; under
CI a missing nbgrader fails instead of skipping): notebook 01 goes through
``generate_assignment``, ``autograde`` of two submissions (the worked solutions and
the untouched release) and ``generate_feedback``.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import learner_edition  # noqa: E402
import nbgrader_export  # noqa: E402
from browser_support import ci  # noqa: E402 - CI=true turns a skip into a failure

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
GRADED = NOTEBOOKS[0]  # notebook 01: four exercises, executes in seconds


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    dest = tmp_path_factory.mktemp("nbgrader")
    counts = nbgrader_export.build(dest)
    return dest, counts


def test_every_exercise_becomes_an_answer_and_a_locked_test(course):
    dest, counts = course
    assert set(counts) == {path.stem for path in NOTEBOOKS}
    for path in NOTEBOOKS:
        original = nbformat.read(path, as_version=4)
        solutions = learner_edition.solution_cells(original)
        nb = nbformat.read(dest / "source" / path.stem / path.name, as_version=4)
        kinds = [cell.metadata["nbgrader"] for cell in nb.cells]
        answers = [cell for cell, m in zip(nb.cells, kinds, strict=True) if m["solution"]]
        tests = [cell for cell, m in zip(nb.cells, kinds, strict=True) if m["grade"]]
        assert counts[path.stem] == len(solutions) == len(answers) == len(tests) > 0
        assert all(m["locked"] for m in kinds if not m["solution"])
        assert sum(m.get("points", 0) for m in kinds) == len(solutions)
        assert len({m["grade_id"] for m in kinds}) == len(kinds)
        for answer, solution_index in zip(answers, solutions, strict=True):
            body = original.cells[solution_index].source.rstrip().split("\n")[:-1]
            region = answer.source.split("### BEGIN SOLUTION\n")[1].split("\n### END SOLUTION")[0]
            assert region.split("\n") == body
        for test in tests:
            assert "assert _result, repr(_result)" in test.source
        text = "\n".join(cell.source for cell in nb.cells)
        assert nbgrader_export.WORKED_SOLUTION_LINE not in text
        assert (dest / "source" / path.stem / nbgrader_export.MARKER).is_file()


def test_notebook_08_reads_its_measurements_from_its_own_folder(course):
    dest, _ = course
    folder = dest / "source" / NOTEBOOKS[7].stem
    text = (folder / NOTEBOOKS[7].name).read_text(encoding="utf-8")
    assert "../benchmarks" not in text and "benchmarks/results/ladder.json" in text
    assert (folder / "benchmarks" / "results" / "ladder.json").is_file()


def test_an_exercise_without_its_check_line_is_named(tmp_path):
    nb = nbformat.read(GRADED, as_version=4)
    solution = learner_edition.solution_cells(nb)[0]
    nb.cells[solution - 2].source = "answer = None"
    with pytest.raises(nbgrader_export.ExportError, match=r"cell \d+: its last line"):
        nbgrader_export.grading_notebook(nb, GRADED.name)


def test_a_folder_that_is_not_an_export_is_not_overwritten(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(nbgrader_export.ExportError, match="not empty"):
        nbgrader_export.build(tmp_path, [GRADED])
    assert (tmp_path / "notes.txt").read_text() == "mine"


def nbgrader(dest: Path, *args: str) -> None:
    """Run an nbgrader command in ``dest`` (PATH with this Python's scripts: nbgrader calls
    alembic by name)."""
    scripts = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=dest, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_nbgrader_grades_the_solutions_full_and_the_stubs_zero(tmp_path):
    if importlib.util.find_spec("nbgrader") is None:
        if ci():
            pytest.fail("nbgrader is not installed (./course test installs "
                        "requirements-grading.txt)")
        pytest.skip("nbgrader is not installed: pip install -r requirements-grading.txt")
    from nbgrader.api import Gradebook

    nbgrader_export.build(tmp_path, [GRADED])
    name = GRADED.stem
    nbgrader(tmp_path, "generate_assignment", name, "--create")
    release = tmp_path / "release" / name / GRADED.name
    released = release.read_text(encoding="utf-8")
    assert "### BEGIN SOLUTION" not in released and "NotImplementedError" in released
    original = nbformat.read(GRADED, as_version=4)
    for index in learner_edition.solution_cells(original):
        for line in original.cells[index].source.split("\n")[:-1]:
            if line.strip() and not line.lstrip().startswith("def "):
                assert line not in released, f"a solution line reached the release: {line!r}"
    for student, notebook in (("solutions", tmp_path / "source" / name / GRADED.name),
                              ("stubs", release)):
        folder = tmp_path / "submitted" / student / name
        folder.mkdir(parents=True)
        shutil.copy(notebook, folder / GRADED.name)
    nbgrader(tmp_path, "autograde", name, "--create")
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as book:
        full = book.find_submission(name, "solutions")
        empty = book.find_submission(name, "stubs")
        assert full.max_score == 4
        assert (full.score, empty.score) == (4, 0)
    nbgrader(tmp_path, "generate_feedback", name)
    page = (tmp_path / "feedback" / "stubs" / name / f"{name}.html").read_text()
    feedback = html.unescape(re.sub(r"<[^>]+>", "", page))  # tracebacks are coloured spans
    # the course's own diagnosis, not a bare AssertionError
    assert feedback.count("AssertionError: Not yet: ") == 4
    assert "did you forget to return or assign it?" in feedback
