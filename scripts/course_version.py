"""The course's version, written in one place: ``version = "..."`` in pyproject.toml.

``./course doctor`` prints it first, the website's footer shows it, and the learner
edition's marker file names it, so an instructor can tell which release a class has.
CHANGELOG.md says what each version changed. The standard library only (tomllib is
new in Python 3.11; the course supports 3.10).
"""

from __future__ import annotations

import re
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def course_version(pyproject: Path = PYPROJECT) -> str:
    """The ``version`` of pyproject.toml's ``[project]`` table.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "pyproject.toml").write_text('[project]\\nname = "x"\\nversion = "1.2.0"\\n')
    >>> course_version(folder / "pyproject.toml")
    '1.2.0'
    """
    text = Path(pyproject).read_text(encoding="utf-8")
    table = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    found = table and re.search(r'^version\s*=\s*"([^"]+)"', table.group(1), re.MULTILINE)
    if not found:
        raise ValueError(f"{pyproject} has no version = \"...\" in its [project] table")
    return found.group(1)
