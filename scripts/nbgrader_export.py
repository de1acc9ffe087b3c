"""Write an nbgrader course made from the course's notebooks, one assignment per notebook.

    ./course nbgrader            # into _build/nbgrader/ (installs requirements-grading.txt)
    ./course nbgrader DIR        # into DIR

nbgrader (https://nbgrader.readthedocs.io) is the grading tool of Jupyter
classrooms. What this writes is an nbgrader course folder:

    DIR/nbgrader_config.py             the course's settings (execution time-out)
    DIR/source/NN-topic/NN-topic.ipynb  one assignment per notebook

made from the English notebooks, never edited by hand. In each notebook:

- every exercise becomes two cells. The **answer cell** (an nbgrader "autograded
  answer") holds the learner's cell as the notebook gives it (signature,
  docstring, ``...``), then the worked solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``; ``nbgrader generate_assignment`` replaces that region by
  ``raise NotImplementedError()`` in the copy learners get. The **test cell** (an
  "autograder test", one point, read-only) runs the course's own check and asserts
  it, so a failed test shows the course's diagnosis (``AssertionError: Not yet: ...``),
  not a bare ``AssertionError``;
- the "Worked solution (click to open):" lines go (the solution is in the answer cell);
- every other cell is locked read-only, so nbgrader refuses a submission that changed it;
- a ``.learner-edition`` marker ships with each assignment, so ``solution()`` tells a
  learner to ask the instructor instead of printing code.

Notebook 08 reads the benchmark results it plots from ``../benchmarks/results/``;
nbgrader hands out only the assignment's folder, so the export copies them into it
and the notebook reads them from there (the only code the export changes: the lines that
open them).

Then, in DIR, with ``.venv`` active (nbgrader calls its helper ``alembic`` by name),
the usual nbgrader steps (https://nbgrader.readthedocs.io/en/stable/user_guide/creating_and_grading_assignments.html)::

    nbgrader generate_assignment 01-hand-computing-a-blur --create
    nbgrader autograde 01-hand-computing-a-blur --create
    nbgrader generate_feedback 01-hand-computing-a-blur

``tests/test_nbgrader.py`` runs exactly these on two submissions of notebook 01 (the
worked solutions score full marks, the untouched release scores zero).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
from learner_edition import MARKER, NOTEBOOKS, ROOT, is_solution

DEFAULT_DIR = ROOT / "_build" / "nbgrader"
WORKED_SOLUTION_LINE = "Worked solution (click to open):"
#: The last line of a learner's exercise cell: ``nb01.q4.check(cut_window)``.
CHECK_LINE = re.compile(r"^(nb\d\d)\.(q\d+)\.check\((.*)\)\s*$")
#: Points per exercise: every exercise counts the same.
POINTS = 1
#: Seconds nbgrader lets one cell run (the slowest cells compute a whole photo).
CELL_TIMEOUT = 600
#: What the export copies into an assignment, and the path its notebook reads it by.
DATA = {"08": ("benchmarks/results", '"../benchmarks/results/', '"benchmarks/results/')}
CONFIG = f"""\
# nbgrader's settings for the course (written by ./course nbgrader; see
# https://nbgrader.readthedocs.io/en/stable/configuration/config_options.html).
c = get_config()  # noqa: F821 - nbgrader's config loader defines it
c.CourseDirectory.course_id = "image-convolution"
c.ExecutePreprocessor.timeout = {CELL_TIMEOUT}
"""


class ExportError(Exception):
    """A notebook whose exercises the export cannot read (a course bug, named)."""


def _meta(grade_id: str, *, solution=False, grade=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return meta


def _split_check(source: str, where: str):
    """A cell's code without its last line, and that line's check (module, question, argument)."""
    lines = source.rstrip().split("\n")
    found = CHECK_LINE.match(lines[-1].split("  #")[0].strip())
    if not found:
        raise ExportError(f"{where}: its last line should be 'nbNN.qK.check(...)', "
                          f"got {lines[-1]!r}")
    return "\n".join(lines[:-1]).rstrip(), found.groups()


def grading_notebook(nb, name: str):
    """A copy of ``nb`` with nbgrader's answer, test and read-only cells (see module docstring).

    Returns the notebook and the number of exercises (each worth :data:`POINTS`).
    """
    out = nbformat.from_dict(nb)
    cells = []
    exercises = 0
    index = 0
    source_cells = out.cells
    while index < len(source_cells):
        cell = source_cells[index]
        following = source_cells[index + 1:index + 3]
        is_exercise = (cell.cell_type == "code" and len(following) == 2
                       and following[0].cell_type == "markdown"
                       and following[0].source.strip() == WORKED_SOLUTION_LINE
                       and is_solution(following[1]))
        if is_solution(cell):
            raise ExportError(f"{name}, cell {index}: a solution cell that follows no exercise")
        if not is_exercise:
            cell.metadata.pop("jupyter", None)
            cell.metadata["nbgrader"] = _meta(f"cell-{index:03d}")
            cells.append(cell)
            index += 1
            continue
        stub, (module, question, argument) = _split_check(cell.source, f"{name}, cell {index}")
        solution, (s_module, s_question, _) = _split_check(following[1].source,
                                                           f"{name}, cell {index + 2}")
        if (module, question) != (s_module, s_question):
            raise ExportError(f"{name}, cell {index}: the exercise checks {module}.{question} "
                              f"but its solution checks {s_module}.{s_question}")
        grade_id = f"{module}-{question}"
        answer = nbformat.v4.new_code_cell(
            f"{stub}\n### BEGIN SOLUTION\n{solution}\n### END SOLUTION".lstrip("\n"))
        answer.metadata["nbgrader"] = _meta(f"{grade_id}-answer", solution=True, locked=False)
        test = nbformat.v4.new_code_cell(
            f"# The course's check of {module}.{question}; its message says what is off.\n"
            f"_result = {module}.{question}.check({argument})\n"
            "print(_result)\n"
            "assert _result, repr(_result)")
        test.metadata["nbgrader"] = _meta(f"{grade_id}-test", grade=True, points=POINTS)
        cells += [answer, test]
        exercises += 1
        index += 3
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    out.cells = cells
    nbformat.validate(out)
    return out, exercises


def build(dest: Path = DEFAULT_DIR, notebooks: list[Path] | None = None) -> dict[str, int]:
    """Write the nbgrader course into ``dest``; returns ``{assignment: exercises}``."""
    dest = Path(dest)
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if notebooks is None else notebooks
    if not paths:
        raise ExportError("no notebooks to export")
    if dest.exists() and not dest.is_dir():
        raise ExportError(f"DIR must be a folder, got the file {dest}")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / "nbgrader_config.py").is_file():
        raise ExportError(f"{dest} is not empty and is no nbgrader course of ours "
                          "(no nbgrader_config.py in it); choose an empty or new folder")
    shutil.rmtree(dest / "source", ignore_errors=True)
    (dest / "source").mkdir(parents=True)
    (dest / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    counts = {}
    for path in paths:
        path = Path(path)
        nb = nbformat.read(path, as_version=4)
        graded, exercises = grading_notebook(nb, path.name)
        folder = dest / "source" / path.stem
        folder.mkdir()
        data = DATA.get(path.name[:2])
        if data:
            shutil.copytree(ROOT / data[0], folder / data[0])
            for cell in graded.cells:
                cell.source = cell.source.replace(data[1], data[2])
        nbformat.write(graded, folder / path.name)
        (folder / MARKER).write_text(
            "The learner's copy of an nbgrader assignment of the course: solution() asks you "
            "to see your instructor.\n", encoding="utf-8")
        counts[path.stem] = exercises
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="where to write the nbgrader course (default: _build/nbgrader/)")
    args = parser.parse_args(argv)
    try:
        counts = build(args.dir)
    except ExportError as error:
        print(f"nbgrader export: {error}", file=sys.stderr)
        return 2
    for name, count in counts.items():
        print(f"{name}: {count} exercises, {count * POINTS} points")
    print(f"nbgrader course: {len(counts)} assignments, {sum(counts.values())} graded "
          f"exercises, in {args.dir}")
    print(f"next, with .venv active (source .venv/bin/activate): cd {args.dir} && "
          "nbgrader generate_assignment NAME --create")
    return 0


if __name__ == "__main__":
    sys.exit(main())
