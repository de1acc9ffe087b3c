"""The course's contents page as a notebook, made from the README's Contents table.

    python scripts/contents_page.py          # (re)write notebooks/contents.ipynb
    python scripts/contents_page.py --check  # exit 1 if it differs from the README

Each notebook's last cell links ``[Contents](contents.ipynb)``: a page in the notebooks'
own folder, so the link works in JupyterLab whatever folder the server was started
from (a link to ``../README.md`` leaves the server's root when JupyterLab runs in
``notebooks/`` or in a learner edition, which has no README, and JupyterLab then
opens nothing and says nothing). The page is a notebook, so JupyterLab shows it
rendered, with working links.

The table is the README's ``## Contents`` section with its links made relative to
notebooks/ (the README stays the one place to edit it). The learner edition
(scripts/learner_edition.py) writes its own page from the same table with
``learner=True``: it says what the edition leaves out.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NAME = "contents.ipynb"
PAGE = ROOT / "notebooks" / NAME
#: The same kernel as the course's notebooks, so JupyterLab asks for none.
METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                   "name": "python3"},
    "language_info": {"name": "python", "pygments_lexer": "ipython3"},
}
LEARNER_NOTE = """\
This is the **learner edition**: the notebooks without their worked solutions. Every
exercise's check tells you whether your answer is right and what is off, and its hints
(`nb01.q1.hint()`, asking again for the next one) work as usual; `solution()` asks you
to see your instructor instead.
"""


def course_title(readme: str) -> str:
    """The README's first heading, without the ``# ``."""
    match = re.search(r"^# (.+)$", readme, flags=re.M)
    if not match:
        raise ValueError("README.md has no '# title' line")
    return match.group(1).strip()


def contents_table(readme: str, names: list[str] | None = None) -> str:
    """The README's ``## Contents`` section, its ``notebooks/`` links made relative to it;
    with ``names``, only the rows of those notebooks."""
    match = re.search(r"^## Contents\s*$(.*?)(?=^## |\Z)", readme, flags=re.M | re.S)
    if not match or "|" not in match.group(1):
        raise ValueError("README.md has no '## Contents' section with a table")
    lines = match.group(1).strip().replace("](notebooks/", "](").splitlines()
    if names is not None:
        lines = [line for line in lines
                 if not re.search(r"\]\(([^)]+\.ipynb)\)", line)
                 or re.search(r"\]\(([^)]+\.ipynb)\)", line).group(1) in names]
    return "\n".join(lines)


def contents_notebook(readme: str, learner: bool = False, names: list[str] | None = None):
    """The contents page (a NotebookNode with one markdown cell) for either edition;
    ``names`` keeps only those notebooks' rows (an edition of some of the notebooks)."""
    parts = [f"# Contents\n\n*{course_title(readme)}*"]
    if learner:
        parts.append(LEARNER_NOTE.strip())
    parts.append("Open the notebooks in order; each one ends with links to the previous "
                 "and the next one and back to this page.")
    parts.append(contents_table(readme, names))
    cell = new_markdown_cell("\n\n".join(parts))
    cell.id = "contents"
    nb = new_notebook(cells=[cell], metadata=METADATA)
    nb.nbformat_minor = 5
    return nb


def render(nb) -> str:
    """The text a notebook is saved as (as scripts/execute_notebooks.py writes it)."""
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help=f"do not write; exit 1 if notebooks/{NAME} is not current")
    args = parser.parse_args(argv)
    text = render(contents_notebook(README.read_text(encoding="utf-8")))
    if args.check:
        current = PAGE.is_file() and PAGE.read_text(encoding="utf-8") == text
        print(f"notebooks/{NAME} is " + ("current" if current else
                                         "stale: run python scripts/contents_page.py"))
        return 0 if current else 1
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote notebooks/{NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
