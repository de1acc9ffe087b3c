"""Write the learner edition: the course's notebooks without their worked solutions.

    ./course learner            # into _build/learner/
    ./course learner DIR        # into DIR

Every cell tagged ``solution`` (cell metadata ``"tags": ["solution"]``) is removed;
every other cell is kept exactly as committed, outputs and execution counts
included, so the edition is what the full notebooks show minus the solutions
(a notebook without solution cells is copied byte for byte). The edition keeps
the course's layout, so the notebooks' relative paths still work:

    DIR/.learner-edition          marker: solution() tells the learner to ask
                                  the instructor when it finds this file in the
                                  notebook's folder or one of its two parents
    DIR/notebooks/NN-*.ipynb      the eight notebooks, solutions removed
    DIR/benchmarks/results/       the measurements notebook 08 plots

Learners still need the course's package (``pip install -r requirements.txt`` from
the course, or its wheel); hand out DIR instead of the course's notebooks/ folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_DIR = ROOT / "_build" / "learner"
SOLUTION_TAG = "solution"
MARKER = ".learner-edition"
#: Folders (relative to the course's root) whose files the notebooks read by relative path.
DATA_DIRS = ("benchmarks/results",)
MARKER_TEXT = """\
This folder is the learner edition of the course: the notebooks without their worked
solutions. While this file is here (in the notebook's folder or one of its two
parents), solution() asks you to see your instructor instead of printing code;
hint() and check() work as usual. Built by ./course learner.
"""


def is_solution(cell) -> bool:
    """Whether a cell is tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def solution_cells(nb) -> list[int]:
    """The indices of the cells tagged ``solution``."""
    return [index for index, cell in enumerate(nb.cells) if is_solution(cell)]


def learner_notebook(nb):
    """A copy of ``nb`` (a NotebookNode) without the cells tagged ``solution``.

    Every other cell, its outputs and its execution count are kept unchanged.
    """
    edition = nbformat.from_dict(nb)
    edition.cells = [cell for cell in edition.cells if not is_solution(cell)]
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
        out = render(learner_notebook(nb)) if cut else text
        (dest / "notebooks" / Path(path).name).write_text(out, encoding="utf-8")
        removed[Path(path).name] = len(cut)
    for part in DATA_DIRS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part)
    (dest / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
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
    print(f"learner edition: {len(removed)} notebooks, {total} solution cells removed, "
          f"in {args.dir}")
    if total == 0:
        print("note: no cell is tagged 'solution', so the edition equals the full notebooks",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
