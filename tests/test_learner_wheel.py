"""The learner edition and the learner wheel that ``./course learner`` builds hold no line of
any worked solution, and the wheel, installed by the edition's own requirements.txt into a
fresh virtual environment, gives a package whose checks and hints work and whose
``solution()`` says to ask the instructor.

Both are built once, by ``learner_edition.build`` into a temporary folder (the module's
fixture ``edition``: a few seconds, most of them building the wheel).

The lines searched for are every line of every cell tagged ``solution`` in the course's
notebooks and every line of every solution string of ``course_utils.checks.solutions``
(the full edition's package), stripped of their indentation, except:

- lines shorter than 12 characters (``return out``, ``answer = x``, ``else:``, a lone
  bracket): any code holds them, and finding one says nothing;
- lines that the learner is given anyway: those of the notebooks' other cells (the
  learner's cell with its signature and docstring, the check call, a lesson's code that a
  later solution reuses) and of the exercises' hints (the third hint is a skeleton);
- a bare check call (``nb01.q1.check(answer)``): the course's interface, which the
  package's own docstrings show.

They are searched for in every file of the edition (each notebook as every string of its
JSON: cell sources, outputs, metadata) and in every file inside the wheel (a ``.py`` file
also as the values of its string literals, so that a solution held in a string with
escapes is found too). A find names the file, the line and where the line comes from.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import COURSE_NOTEBOOKS, ROOT

from course_utils import checks
from course_utils.checks import exercises
from course_utils.checks.framework import LEARNER_SOLUTION_MESSAGE

sys.path.insert(0, str(ROOT / "scripts"))

import learner_edition  # noqa: E402

#: Lines shorter than this are too generic to mean anything (see the module's docstring).
SHORTEST = 12
CHECK_CALL = re.compile(r"nb\d\d\.q\d+\.check\(\w+\)")
SOLUTIONS = ROOT / "course_utils" / "checks" / "solutions"


def module_of(path: Path):
    return getattr(checks, f"nb{path.name[:2]}")


def solution_texts(path: Path) -> list[tuple[str, str, str]]:
    """(the file that holds it, which one, text) of each solution cell of a notebook and
    each solution string of its module in ``course_utils.checks.solutions``."""
    nb = nbformat.read(path, as_version=4)
    notebook = path.relative_to(ROOT).as_posix()
    texts = [(notebook, f"solution cell {cell.get('id', '?')}", cell.source)
             for cell in nb.cells if learner_edition.is_solution(cell)]
    module = f"course_utils/checks/solutions/nb{path.name[:2]}.py"
    texts += [(module, name, exercise.solution_text)
              for name, exercise in exercises(module_of(path)).items()]
    return texts


def given_text() -> str:
    """What the learner is given anyway: the notebooks' other cells and the hints."""
    texts = []
    for path in COURSE_NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        texts += [cell.source for cell in nb.cells if not learner_edition.is_solution(cell)]
        texts += [hint for exercise in exercises(module_of(path)).values()
                  for hint in exercise.hints]
    return "\n".join(texts)


def secret_lines() -> dict[str, tuple[str, str]]:
    """{line: (the file it comes from, which solution)} of every line searched for (the
    module's docstring says which)."""
    lines: dict[str, tuple[str, str]] = {}
    given = given_text()
    for path in COURSE_NOTEBOOKS:
        for holder, which, text in solution_texts(path):
            for line in text.splitlines():
                line = line.strip()
                if (len(line) >= SHORTEST and line not in given
                        and not CHECK_CALL.fullmatch(line)):
                    lines.setdefault(line, (holder, which))
    return lines


def strings_of(value) -> list[str]:
    """Every string in a JSON value (a notebook: sources, outputs, metadata)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return []


def searchable(name: str, data: bytes) -> str:
    """A file's text as searched: a notebook's strings, a .py file's text and the values of
    its string literals, any other file's text (bytes that are no UTF-8 dropped)."""
    text = data.decode("utf-8", errors="ignore")
    if name.endswith(".ipynb"):
        return "\n".join(strings_of(json.loads(text)))
    if name.endswith(".py"):
        literals = [node.value for node in ast.walk(ast.parse(text))
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        return "\n".join([text, *literals])
    return text


def leaks(files: dict[str, str], lines: dict[str, tuple[str, str]]) -> list[str]:
    """``"file: 'line' (from file, which solution)"`` for each line found in each file."""
    return [f"{name}: {line!r} (from {holder}, {which})" for name, text in files.items()
            for line, (holder, which) in lines.items() if line in text]


@pytest.fixture(scope="module")
def lines() -> dict[str, tuple[str, str]]:
    return secret_lines()


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The learner edition with its wheel, built once: (folder, wheel's path)."""
    dest = tmp_path_factory.mktemp("learner")
    learner_edition.build(dest)
    wheels = sorted((dest / learner_edition.WHEELS).glob("*.whl"))
    assert len(wheels) == 1, wheels
    return dest, wheels[0]


def test_the_search_finds_every_line_where_the_solutions_are(lines):
    """The search is not blind: each line is found in the full edition it comes from (the
    notebook's solution cell, or the solutions package's source)."""
    assert len(lines) >= 150, len(lines)
    full = {path.relative_to(ROOT).as_posix(): searchable(path.name, path.read_bytes())
            for path in [*COURSE_NOTEBOOKS, *SOLUTIONS.glob("nb*.py")]}
    missed = []
    for path in COURSE_NOTEBOOKS:
        for holder, which, text in solution_texts(path):
            missed += [(holder, which, line.strip()) for line in text.splitlines()
                       if line.strip() in lines and line.strip() not in full[holder]]
    assert missed == []


def test_no_file_of_the_edition_holds_a_line_of_a_solution(edition, lines):
    dest, wheel = edition
    files = {path.relative_to(dest).as_posix(): searchable(path.name, path.read_bytes())
             for path in sorted(dest.rglob("*")) if path.is_file() and path != wheel}
    assert len([name for name in files if name.endswith(".ipynb")]) == len(COURSE_NOTEBOOKS) + 1
    assert leaks(files, lines) == []


def test_no_file_in_the_learner_wheel_holds_a_line_of_a_solution(edition, lines):
    _, wheel = edition
    with zipfile.ZipFile(wheel) as archive:
        files = {f"{wheel.name}/{name}": searchable(name, archive.read(name))
                 for name in archive.namelist() if not name.endswith("/")}
    assert any(name.endswith("course_utils/checks/nb04.py") for name in files)
    assert leaks(files, lines) == []


def test_the_learner_wheel_is_the_package_without_its_solutions(edition):
    _, wheel = edition
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist()
                   if name.startswith("course_utils/") and name.endswith(".py")}
    checkout = {path.relative_to(ROOT).as_posix()
                for path in (ROOT / "course_utils").rglob("*.py")}
    solutions = {name for name in checkout if name.startswith("course_utils/checks/solutions/")}
    assert len(solutions) == 9  # __init__ and nb01 ... nb08
    assert shipped == checkout - solutions


def make_learner_venv(edition_dir: Path, venv: Path) -> Path:
    """A fresh venv with the edition's requirements.txt installed from the edition's folder,
    as its README says: uv from its cache (offline), else uv, else pip. Its Python."""
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    uv = learner_edition.find_uv()
    attempts = []
    if uv:
        make = [uv, "venv", "--quiet", "--python", sys.executable, str(venv)]
        install = [uv, "pip", "install", "--quiet", "--python", str(python),
                   "-r", "requirements.txt"]
        attempts = [(make, [*install, "--offline"]), (make, install)]
    attempts.append(([sys.executable, "-m", "venv", "--clear", str(venv)],
                     [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"]))
    errors = []
    for make, install in attempts:
        shutil.rmtree(venv, ignore_errors=True)
        for command in (make, install):
            run = subprocess.run(command, cwd=edition_dir, env=env, capture_output=True,
                                 text=True, timeout=900)
            if run.returncode != 0:
                errors.append(f"{' '.join(command)}:\n{run.stdout[-1500:]}{run.stderr[-1500:]}")
                break
        else:
            return python
    pytest.fail("the edition's requirements.txt did not install:\n" + "\n".join(errors))


LEARNER_SCRIPT = '''
import json, sys
import course_utils
from course_utils.checks import exercises, nb01
from course_utils.checks import framework
nb01.q1.hint()
nb01.q1.solution()
def blur(region):
    return int(sum(int(v) for row in region for v in row) // 9)
def blur_rounded(region):
    return round(sum(int(v) for row in region for v in row) / 9 + 0.5)
print("q1 right:", repr(nb01.q1.check(blur)))
print("q1 wrong:", repr(nb01.q1.check(blur_rounded)))
def centre(shape):
    rows, cols = shape
    return (rows // 2, cols // 2) if rows % 2 and cols % 2 else None
print("q3 right:", repr(nb01.q3.check(centre)))
try:
    import course_utils.checks.solutions
    held = True
except ModuleNotFoundError:
    held = False
from course_utils import checks
stored = [f"{n}.{q}" for n in ("nb01", "nb02", "nb03", "nb04", "nb05", "nb06", "nb07", "nb08")
          for q, e in exercises(getattr(checks, n)).items() if e.solution_text is not None]
print(json.dumps({"package": course_utils.__file__, "solutions package": held,
                  "stored": stored, "learner edition": framework.is_learner_edition()}))
'''


def test_the_editions_requirements_install_the_wheel_and_its_checks_work(edition, tmp_path):
    """From a folder that is no edition (no marker, no COURSE_EDITION), so that it is the
    wheel itself that has no solution to print."""
    dest, _ = edition
    python = make_learner_venv(dest, tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "COURSE_EDITION")}
    run = subprocess.run([str(python), "-c", LEARNER_SCRIPT], cwd=elsewhere,
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    printed = run.stdout.splitlines()
    assert printed[0] == "Hint 1 of 3: " + checks.nb01.q1.hints[0]
    assert printed[1] == LEARNER_SOLUTION_MESSAGE
    assert printed[2].startswith("q1 right: Correct!")
    assert printed[3].startswith("q1 wrong: Not yet:")
    assert printed[4].startswith("q3 right: Correct!")
    found = json.loads(printed[5])
    assert Path(found["package"]).is_relative_to(tmp_path / "venv"), found["package"]
    assert found["solutions package"] is False
    assert found["stored"] == []
    assert found["learner edition"] is False
