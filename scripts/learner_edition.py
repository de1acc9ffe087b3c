"""Write the learner edition: the course's notebooks without their worked solutions.

    ./course learner            # into _build/learner/
    ./course learner DIR        # into DIR

Every cell tagged ``solution`` (cell metadata ``"tags": ["solution"]``) is removed,
and with it the markdown cell right above it that only labels it ("Worked solution
(click to open):"). The exercises' introductions promise a worked solution under
each exercise; in the edition that sentence says instead that the solutions are not
in it (``PROMISES``). Every other cell is kept exactly as committed, outputs and
execution counts included, so the edition is what the full notebooks show minus the
solutions (a notebook without solution cells is copied byte for byte). A markdown
cell that still speaks of a worked solution stops the build, naming it: the edition
would promise what it does not hold. The edition keeps the course's layout, so the
notebooks' relative paths still work:

    DIR/.learner-edition          marker: solution() tells the learner to ask
                                  the instructor when it finds this file in the
                                  notebook's folder or one of its two parents
    DIR/README.md                 which version of the course this is, and its
                                  licences (CC BY 4.0 asks that copies say so)
    DIR/LICENSE, LICENSE-CONTENT  the licences' texts (MIT, CC BY 4.0)
    DIR/notebooks/NN-*.ipynb      the eight notebooks, solutions removed
    DIR/notebooks/contents.ipynb  the edition's contents page (each notebook's
                                  "Contents" link), saying what the edition leaves out
    DIR/benchmarks/results/       the measurements notebook 08 plots

Open it in JupyterLab with ``./course lab --learner`` (builds it into _build/learner/
first), or, where the course's package is installed, ``jupyter lab
notebooks/contents.ipynb`` from DIR.

Learners still need the course's package (``pip install -r requirements.txt`` from
the course, or its wheel); hand out DIR instead of the course's notebooks/ folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
from course_version import course_version  # scripts/course_version.py

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contents_page  # noqa: E402  (a script beside this one)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_DIR = ROOT / "_build" / "learner"
SOLUTION_TAG = "solution"
MARKER = ".learner-edition"
#: Folders (relative to the course's root) whose files the notebooks read by relative path.
DATA_DIRS = ("benchmarks/results",)
#: The licences' texts, shipped with every edition (CC BY 4.0 asks that copies carry them).
LICENCE_FILES = ("LICENSE", "LICENSE-CONTENT")
README_TEXT = """\
# Image convolution, hands on: learner edition, version {version}

The course's notebooks without their worked solutions (`notebooks/`), built by
`./course learner` from version {version} of the course; its CHANGELOG.md says what each
version changed. The prose, notebooks and figures are under CC BY 4.0 (LICENSE-CONTENT),
the code under the MIT licence (LICENSE); the pictures keep the licences of the course's
images/CREDITS.md.
"""
MARKER_TEXT = """\
This folder is the learner edition of the course: the notebooks without their worked
solutions. While this file is here (in the notebook's folder or one of its two
parents), solution() asks you to see your instructor instead of printing code;
hint() and check() work as usual. Built by ./course learner from version {version}
of the course.
"""

#: A markdown cell that only labels the solution cell below it.
LABEL = re.compile(r"\s*worked solution\b[^\n]*:\s*", flags=re.I)
#: What a notebook says about its worked solutions -> what the edition says instead
#: (matched across line breaks). A new wording needs its line here: the build stops
#: on any markdown cell of the edition that still speaks of a worked solution.
NOT_HERE = "the worked solutions are not in this edition (ask your instructor)"
PROMISES = {
    r"Each worked solution (?:sits in a collapsed cell below the exercise"
    r"|is hidden under its exercise|follows its exercise, collapsed)"
    r"(?:: open it once you have tried)?\.": NOT_HERE[0].upper() + NOT_HERE[1:] + ".",
    r"; each worked solution is hidden under its exercise\.": "; " + NOT_HERE + ".",
    r", and the worked solution follows each exercise, collapsed\.": "; " + NOT_HERE + ".",
}
PROMISE = re.compile(r"worked solution", flags=re.I)


def _spaced(pattern: str) -> re.Pattern:
    """``pattern`` with each space matching any run of white space (line breaks too)."""
    return re.compile(pattern.replace(" ", r"\s+"))


_PROMISES = [(_spaced(pattern), text) for pattern, text in PROMISES.items()]


def is_solution(cell) -> bool:
    """Whether a cell is tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def solution_cells(nb) -> list[int]:
    """The indices of the cells tagged ``solution``."""
    return [index for index, cell in enumerate(nb.cells) if is_solution(cell)]


def is_label(cells, index: int) -> bool:
    """Whether ``cells[index]`` is a markdown cell that only labels the solution below it."""
    cell = cells[index]
    return (cell.cell_type == "markdown" and LABEL.fullmatch(cell.source) is not None
            and index + 1 < len(cells) and is_solution(cells[index + 1]))


def learner_text(source: str) -> str:
    """A markdown cell's text with its promises of a worked solution rewritten."""
    for pattern, text in _PROMISES:
        source = pattern.sub(text, source)
    return source


def learner_notebook(nb, name: str = "notebook"):
    """A copy of ``nb`` (a NotebookNode) without the cells tagged ``solution``, without the
    labels above them, and with the markdown's promises of a worked solution rewritten.

    Every other cell, its outputs and its execution count are kept unchanged. Raises
    SystemExit naming the cell when a markdown cell still speaks of a worked solution.
    """
    edition = nbformat.from_dict(nb)
    cells = edition.cells
    edition.cells = [cell for index, cell in enumerate(cells)
                     if not is_solution(cell) and not is_label(cells, index)]
    for cell in edition.cells:
        if cell.cell_type != "markdown":
            continue
        cell.source = learner_text(cell.source)
        found = PROMISE.search(re.sub(re.escape(NOT_HERE), lambda m: " " * len(m[0]),
                                      cell.source, flags=re.I))
        if found:
            line = cell.source[:found.start()].count("\n") + 1
            raise SystemExit(
                f"learner edition: {name}, cell {cell.get('id', '?')} (line {line}) still "
                f"speaks of a worked solution, which the edition does not hold: "
                f"{cell.source.splitlines()[line - 1].strip()!r}; reword it or add its "
                "wording to PROMISES in scripts/learner_edition.py")
    return edition


def render(nb) -> str:
    """The text a notebook is saved as (the same as scripts/execute_notebooks.py writes)."""
    return nbformat.writes(nb) + "\n"


def _prepare(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise SystemExit(f"learner edition: DIR must be a folder, got the file {dest}")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise SystemExit(f"learner edition: {dest} is not empty and is no learner edition "
                         f"(no {MARKER} in it); choose an empty or new folder")
    for part in ("notebooks", *DATA_DIRS):
        shutil.rmtree(dest / part, ignore_errors=True)


def build(dest: Path = DEFAULT_DIR, notebooks: list[Path] | None = None) -> dict[str, int]:
    """Write the learner edition into ``dest``; returns ``{notebook name: solutions removed}``.

    ``notebooks`` defaults to every ``NN-*.ipynb`` in the course's notebooks/ folder.
    """
    dest = Path(dest)
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if notebooks is None else notebooks
    if not paths:
        raise SystemExit("learner edition: no notebooks to write")
    _prepare(dest)
    (dest / "notebooks").mkdir(parents=True, exist_ok=True)
    removed = {}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        cut = solution_cells(nb)
        out = render(learner_notebook(nb, Path(path).name)) if cut else text
        (dest / "notebooks" / Path(path).name).write_text(out, encoding="utf-8")
        removed[Path(path).name] = len(cut)
    readme = contents_page.README.read_text(encoding="utf-8")
    (dest / "notebooks" / contents_page.NAME).write_text(
        render(contents_page.contents_notebook(readme, learner=True, names=list(removed))),
        encoding="utf-8")
    for part in DATA_DIRS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part)
    version = course_version()
    (dest / MARKER).write_text(MARKER_TEXT.format(version=version), encoding="utf-8")
    (dest / "README.md").write_text(README_TEXT.format(version=version), encoding="utf-8")
    for name in LICENCE_FILES:
        shutil.copy2(ROOT / name, dest / name)
    return removed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="where to write the edition (default: _build/learner/)")
    args = parser.parse_args(argv)
    removed = build(args.dir)
    for name, count in removed.items():
        print(f"{name}: {count} solution cell{'s' if count != 1 else ''} removed")
    total = sum(removed.values())
    print(f"learner edition of version {course_version()}: {len(removed)} notebooks, "
          f"{total} solution cells removed, in {args.dir}")
    if total == 0:
        print("note: no cell is tagged 'solution', so the edition equals the full notebooks",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
