"""Write each figure's alt text from scripts/alt_text.json into the notebooks' cell metadata.

    python scripts/apply_alt_text.py            # write; prints what changed
    python scripts/apply_alt_text.py --check    # change nothing; exit 1 if they disagree

scripts/alt_text.json maps notebook -> cell id -> alt text: one string for a cell that
shows one figure, a list (in output order) for a cell that shows several. The text
describes the figure: what its panels show and what to notice. It goes into the cell's
metadata (``cell.metadata["alt"]``), never into its source, so that edits to a
notebook's code and prose merge cleanly; scripts/build_site.py uses it as the figure's
``<img alt>``. Running it again changes nothing (idempotent); it is safe to re-apply
after a merge. A cell id that the notebook no longer has, or a cell whose number of
figures differs from its number of texts, is reported and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ALT_TEXT = Path(__file__).resolve().parent / "alt_text.json"
KEY = "alt"


def load(path: Path = ALT_TEXT) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def figure_count(cell) -> int:
    """How many figures (``image/png`` outputs) a code cell shows."""
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def apply(nb, texts: dict) -> tuple[list[str], list[str]]:
    """Put ``texts`` (cell id -> alt text) into ``nb``'s cells; returns (changed, problems)."""
    changed, problems = [], []
    cells = {cell.get("id"): cell for cell in nb.cells}
    for cell_id, text in texts.items():
        cell = cells.get(cell_id)
        if cell is None:
            problems.append(f"cell id {cell_id!r} not found")
            continue
        wanted = 1 if isinstance(text, str) else len(text)
        if figure_count(cell) != wanted:
            problems.append(f"cell {cell_id!r} shows {figure_count(cell)} figure(s), "
                            f"alt_text.json gives {wanted} text(s)")
        value = text if isinstance(text, str) else list(text)
        if cell.metadata.get(KEY) != value:
            cell.metadata[KEY] = value
            changed.append(cell_id)
    return changed, problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook lacks or differs from the JSON")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="the folder of the notebooks (default: notebooks/)")
    parser.add_argument("--json", type=Path, default=ALT_TEXT, help="the alt texts")
    args = parser.parse_args(argv)
    status = 0
    for name, texts in load(args.json).items():
        path = args.notebooks / name
        if not path.is_file():
            print(f"{name}: no such notebook", file=sys.stderr)
            status = 1
            continue
        nb = nbformat.read(path, as_version=4)
        changed, problems = apply(nb, texts)
        for problem in problems:
            print(f"{name}: {problem}", file=sys.stderr)
            status = 1
        if changed and args.check:
            print(f"{name}: alt text differs from alt_text.json in cells {changed}",
                  file=sys.stderr)
            status = 1
        elif changed:
            path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
            print(f"{name}: alt text written into cells {changed}")
    return status


if __name__ == "__main__":
    sys.exit(main())
