"""Write the learner edition: the course's notebooks without their worked solutions.

    ./course learner            # into _build/learner/
    ./course learner DIR        # into DIR
    ./course learner DIR --lang zh   # the Chinese edition's (notebooks-zh/)

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
    DIR/wheels/course_utils-VERSION-py3-none-any.whl
                                  the learner wheel: the course's package built
                                  without course_utils/checks/solutions/, the worked
                                  solutions' one place in it; its checks and hints
                                  work, its solution() says to ask the instructor
    DIR/requirements.txt          the edition's set-up: that wheel (and with it the
                                  package's dependencies) and JupyterLab

The learner wheel is built with ``uv build`` where uv can be had, else with ``pip wheel``,
from a copy of the package's sources in a temporary folder (so the checkout gets no build/
or .egg-info folder), and the build stops if the wheel holds any file of the solutions
folder.

Open it in JupyterLab with ``./course lab --learner`` (builds it into _build/learner/
first), or, as a learner does, from DIR (README.md says so):

    python -m venv .venv
    .venv/bin/python -m pip install -r requirements.txt
    .venv/bin/jupyter lab notebooks/contents.ipynb

Hand out DIR instead of the course's notebooks/ folder.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
from course_version import course_version  # scripts/course_version.py

from course_utils.i18n import MARKER as MARKER_OF_LANGUAGE
from course_utils.i18n import normalise_language

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contents_page  # noqa: E402  (a script beside this one)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_DIR = ROOT / "_build" / "learner"
SOLUTION_TAG = "solution"
MARKER = ".learner-edition"
#: What ``--lang`` accepts; the package's ``.course-language`` file holds the language's code
#: (course_utils/i18n.py: ``normalise_language("zh")`` is ``zh_CN``).
LANGUAGES = ("en", "zh")
LANGUAGE_MARKER = MARKER_OF_LANGUAGE
#: Folders (relative to the course's root) whose files the notebooks read by relative path.
DATA_DIRS = ("benchmarks/results",)
#: The licences' texts, shipped with every edition (CC BY 4.0 asks that copies carry them).
LICENCE_FILES = ("LICENSE", "LICENSE-CONTENT")
#: What the learner wheel is built from (copied into a temporary folder first).
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT", "course_utils",
                 "images")
#: The package of the worked solutions, which the learner wheel leaves out.
SOLUTIONS_PACKAGE = "course_utils.checks.solutions"
WHEELS = "wheels"
#: The requirements of the course that a learner's environment needs besides the package
#: (whose wheel carries its own dependencies); their ranges are read from requirements.txt.
LEARNER_TOOLS = ("jupyterlab", "ipykernel")
README_TEXT = """\
# Image convolution, hands on: learner edition, version {version}

The course's notebooks without their worked solutions (`notebooks/`), built by
`./course learner` from version {version} of the course; its CHANGELOG.md says what each
version changed. The prose, notebooks and figures are under CC BY 4.0 (LICENSE-CONTENT),
the code under the MIT licence (LICENSE); the pictures keep the licences of the course's
images/CREDITS.md.

## Set up and open

With Python 3.10 or newer, from this folder:

```bash
python -m venv .venv
.venv/bin/python -m pip install -r requirements.txt
.venv/bin/jupyter lab notebooks/contents.ipynb
```

(On Windows: `.venv\\Scripts\\python -m pip install -r requirements.txt`, then
`.venv\\Scripts\\jupyter lab notebooks\\contents.ipynb`.) `requirements.txt` installs
JupyterLab and the course's package from
`{wheel}`:
its checks, hints and figures, without the worked solutions (`solution()` says to ask
your instructor).
"""
REQUIREMENTS_TEXT = """\
# The learner edition's environment (version {version} of the course). From this folder:
#   python -m pip install -r requirements.txt
# The course's package, without its worked solutions; the wheel names its dependencies.
./{wheel}
{tools}
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
    for part in ("notebooks", WHEELS, *DATA_DIRS):
        shutil.rmtree(dest / part, ignore_errors=True)
    (dest / "requirements.txt").unlink(missing_ok=True)


def learner_tools() -> list[str]:
    """The lines of the course's requirements.txt that name ``LEARNER_TOOLS``."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    found = [line.strip() for line in lines
             if re.split(r"[^A-Za-z0-9_.-]", line.strip(), maxsplit=1)[0].lower()
             in LEARNER_TOOLS]
    if len(found) != len(LEARNER_TOOLS):
        raise SystemExit(f"learner edition: requirements.txt must name each of "
                         f"{', '.join(LEARNER_TOOLS)} once, found {found}")
    return found


def isolation_options() -> list[str]:
    """``["--no-build-isolation"]`` where this Python's setuptools builds the wheel itself,
    with no download: as new as pyproject.toml's [build-system] requires, and 70.1 or newer
    (which ships bdist_wheel). Otherwise ``[]``: pip builds in an isolated environment,
    fetching setuptools from the package index or its cache."""
    wanted = re.search(r'requires = \["setuptools>=(\d+)', (ROOT / "pyproject.toml").read_text(
        encoding="utf-8"))
    try:
        found = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return []
    major_minor = tuple(int(part) for part in re.findall(r"\d+", found)[:2])
    lowest = (int(wanted[1]), 0) if wanted else (77, 0)
    return ["--no-build-isolation"] if major_minor >= max(lowest, (70, 1)) else []


def find_uv() -> str | None:
    """uv on PATH, or the one ``./course`` installed beside this Python; None: use pip."""
    beside = Path(sys.executable).parent / ("uv.exe" if sys.platform == "win32" else "uv")
    return shutil.which("uv") or (str(beside) if beside.is_file() else None)


def build_wheel(folder: Path) -> Path:
    """Build the learner wheel into ``folder``: the course's package without
    ``course_utils/checks/solutions/``; returns its path.

    Built from a copy of ``WHEEL_SOURCES`` in a temporary folder (the checkout gets no
    build/ or .egg-info), whose pyproject.toml's package list loses the solutions' package:
    with ``uv build`` where uv can be had, else (or when uv fails) with ``pip wheel``.
    Raises SystemExit when both fail or the wheel holds a file of that package.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("course_utils-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="learner-wheel-") as scratch:
        source = Path(scratch) / "source"
        source.mkdir()
        for name in WHEEL_SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns(
                    "__pycache__", "*.pyc", "*.egg-info"))
            else:
                shutil.copy2(ROOT / name, source / name)
        shutil.rmtree(source.joinpath(*SOLUTIONS_PACKAGE.split(".")))
        pyproject = source / "pyproject.toml"
        text, count = re.subn(rf'"{re.escape(SOLUTIONS_PACKAGE)}",\s*', "",
                              pyproject.read_text(encoding="utf-8"))
        if count != 1:
            raise SystemExit(f"learner edition: pyproject.toml's [tool.setuptools] packages "
                             f"must name \"{SOLUTIONS_PACKAGE}\" once (found {count})")
        pyproject.write_text(text, encoding="utf-8")
        commands = [[sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                     *isolation_options(), "--wheel-dir", str(folder), str(source)]]
        uv = find_uv()
        if uv:  # about twice as fast: uv keeps the build environment's setuptools cached
            commands.insert(0, [uv, "build", "--quiet", "--wheel", "--python", sys.executable,
                                "--out-dir", str(folder), str(source)])
        failures = []
        for command in commands:
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode == 0:
                break
            failures.append(f"{' '.join(command)}:\n{run.stdout}{run.stderr}")
        else:
            raise SystemExit("learner edition: building the learner wheel failed:\n"
                             + "\n".join(failures))
    (wheel,) = folder.glob("course_utils-*.whl")
    prefix = SOLUTIONS_PACKAGE.replace(".", "/") + "/"
    with zipfile.ZipFile(wheel) as archive:
        held = [name for name in archive.namelist() if name.startswith(prefix)]
    if held:
        wheel.unlink()
        raise SystemExit(f"learner edition: the learner wheel held {', '.join(held)}")
    return wheel


def build(dest: Path = DEFAULT_DIR, notebooks: list[Path] | None = None,
          wheel: bool = True, language: str = "en") -> dict[str, int]:
    """Write the learner edition into ``dest``; returns ``{notebook name: solutions removed}``.

    ``notebooks`` defaults to every ``NN-*.ipynb`` in the course's notebooks/ folder.
    ``wheel=False`` leaves out the learner wheel and requirements.txt (the tests of the
    notebooks alone use it: building the wheel takes seconds). ``language="zh"``: the
    Chinese edition's notebooks (notebooks-zh/, outputs included) with the same cells left
    out, their markdown translated from the English learner edition's
    (scripts/translate.py), and a ``.course-language`` file that makes the package speak
    Chinese there.
    """
    dest = Path(dest)
    if language not in LANGUAGES:
        raise SystemExit(f"learner edition: --lang must be one of {', '.join(LANGUAGES)}, "
                         f"got {language!r}")
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if notebooks is None else notebooks
    if not paths:
        raise SystemExit("learner edition: no notebooks to write")
    _prepare(dest)
    (dest / "notebooks").mkdir(parents=True, exist_ok=True)
    removed = {}
    chinese = None
    if language == "zh":
        import translate  # noqa: PLC0415  (scripts/translate.py imports this module)

        chinese = translate
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        cut = solution_cells(nb)
        if chinese is not None:
            out = render(chinese.learner_notebook(Path(path)))
        else:
            out = render(learner_notebook(nb, Path(path).name)) if cut else text
        (dest / "notebooks" / Path(path).name).write_text(out, encoding="utf-8")
        removed[Path(path).name] = len(cut)
    readme = contents_page.README.read_text(encoding="utf-8")
    contents = (chinese.learner_contents(list(removed)) if chinese is not None else
                contents_page.contents_notebook(readme, learner=True, names=list(removed)))
    (dest / "notebooks" / contents_page.NAME).write_text(render(contents), encoding="utf-8")
    (dest / LANGUAGE_MARKER).unlink(missing_ok=True)
    if language != "en":
        (dest / LANGUAGE_MARKER).write_text(normalise_language(language) + "\n",
                                            encoding="utf-8")
    for part in DATA_DIRS:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part)
    version = course_version()
    (dest / MARKER).write_text(MARKER_TEXT.format(version=version), encoding="utf-8")
    name = f"{WHEELS}/course_utils-{version}-py3-none-any.whl"
    if wheel:
        built = build_wheel(dest / WHEELS)
        name = built.relative_to(dest).as_posix()
        (dest / "requirements.txt").write_text(REQUIREMENTS_TEXT.format(
            version=version, wheel=name, tools="\n".join(learner_tools())), encoding="utf-8")
    (dest / "README.md").write_text(README_TEXT.format(version=version, wheel=name),
                                    encoding="utf-8")
    for name in LICENCE_FILES:
        shutil.copy2(ROOT / name, dest / name)
    return removed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="where to write the edition (default: _build/learner/)")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en",
                        help="the edition's language (zh: the Chinese edition, 简体中文版)")
    args = parser.parse_args(argv)
    removed = build(args.dir, language=args.lang)
    for name, count in removed.items():
        print(f"{name}: {count} solution cell{'s' if count != 1 else ''} removed")
    total = sum(removed.values())
    print(f"learner edition of version {course_version()}: {len(removed)} notebooks, "
          f"{total} solution cells removed, in {args.dir}")
    wheels = sorted((Path(args.dir) / WHEELS).glob("course_utils-*.whl"))
    print(f"learner wheel (without {SOLUTIONS_PACKAGE}): "
          f"{wheels[0].as_posix() if wheels else 'none'}; set-up: {args.dir}/requirements.txt")
    if total == 0:
        print("note: no cell is tagged 'solution', so the edition equals the full notebooks",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
