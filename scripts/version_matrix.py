"""Run the test suite again under other versions: the version matrix of ``.ci/run``.

    python3 scripts/version_matrix.py                # both legs: lowest, then newest
    python3 scripts/version_matrix.py lowest         # one leg
    python3 scripts/version_matrix.py newest -- -x   # arguments after -- go to pytest

Legs (each in its own virtual environment under ``.ci/venvs/<leg>``, made with uv):

lowest
    The oldest Python the course supports (``requires-python`` in pyproject.toml) with
    the LOWEST versions that requirements.txt admits for every package it names
    (``uv pip install --resolution lowest-direct``). This is what proves the lower
    bounds true.
newest
    The newest Python found on this machine with the newest versions the ranges admit
    (what a learner installing today gets).

Each leg runs what ``./course test`` runs, with the same pytest options (nbval strict,
from pyproject.toml): ruff, then pytest on both cores, except the tests that drive
Chromium (``tests/test_browser.py``, ``tests/test_site.py``), the learner edition's
nbval run (``tests/test_learner_edition.py``) and the learner wheel's build and install
(``tests/test_learner_wheel.py``), which are deselected because the main leg
(``./course test``) already runs them and the leg's own nbval run covers the notebooks,
the nbgrader export's grading (``tests/test_nbgrader.py``) and the schema checks of the
release files (``tests/test_release.py``), instructors' tools the main leg installs.
Downloads are shared through uv's cache (``UV_CACHE_DIR``, by default ``~/.cache/uv``),
so a second run installs from disk.

Pythons are found as ``python3.X`` on PATH (each is run, so a pyenv shim for a version
that is not active does not count) or under ``$PYENV_ROOT/versions/3.X.*``. A leg whose
Python is absent is reported as MISSING in the summary; with ``CI=true`` that is a
failure, otherwise a warning. uv comes from PATH, or is installed with pip into
``.ci/venvs/tools``.

The exit status is 1 if any leg (including the main leg passed in with
``--main-status``) failed, or is missing under ``CI=true``; 0 otherwise. A summary table
of the legs (Python, numpy, scipy, OpenCV, matplotlib, Pillow, scikit-image versions,
result, minutes) ends the output.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".ci" / "venvs"
#: The packages whose versions the summary table shows, as (column, import name).
SHOWN = (("numpy", "numpy"), ("scipy", "scipy"), ("OpenCV", "cv2"),
         ("matplotlib", "matplotlib"), ("Pillow", "PIL"), ("scikit-image", "skimage"))
#: Newest minor version of Python 3 looked for (raise it when Python 3.20 exists).
NEWEST_MINOR_LOOKED_FOR = 19
#: Tests that drive Chromium: the main leg (./course test) runs them; the extra legs deselect
#: them (a path that does not exist deselects nothing).
BROWSER_TESTS = ("tests/test_browser.py", "tests/test_site.py")
#: Tests of the course's tooling that only repeat, in the extra legs, what the main leg
#: proves: the learner edition re-executes all eight notebooks under nbval, which each leg
#: already does for the notebooks themselves; the learner wheel's contents do not depend on
#: the leg's versions, and its fresh venv installs the newest ones whatever the leg.
#: The Chinese notebooks run the English notebooks' code (tests/test_translation.py proves it)
#: and print what the catalogue says, which does not depend on the versions either.
REPEATED_TESTS = ("tests/test_learner_edition.py", "tests/test_learner_wheel.py",
                  "notebooks-zh")
#: Tests of instructors' tools that the main leg installs (requirements-grading.txt,
#: requirements-ci.txt) and the extra legs, which install only what a learner gets, do not.
INSTRUCTOR_TESTS = ("tests/test_nbgrader.py", "tests/test_release.py",
                    "tests/test_translation.py")
DESELECTED = BROWSER_TESTS + REPEATED_TESTS + INSTRUCTOR_TESTS


@dataclass
class Leg:
    name: str
    python: str | None = None          # the interpreter used, e.g. "3.10.13"
    versions: dict[str, str] = field(default_factory=dict)
    result: str = "not run"            # "passed", "FAILED", "MISSING", ...
    seconds: float = 0.0
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.result != "passed"


def say(message: str) -> None:
    print(f"version matrix: {message}", file=sys.stderr, flush=True)


def oldest_supported() -> tuple[int, int]:
    """The (3, minor) of pyproject.toml's ``requires-python = ">=3.X"``."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^requires-python\s*=\s*">=\s*3\.(\d+)', text, re.MULTILINE)
    if not match:
        raise SystemExit("version matrix: pyproject.toml has no requires-python = \">=3.X\"")
    return 3, int(match.group(1))


def newest_classified() -> tuple[int, int] | None:
    """The newest ``Programming Language :: Python :: 3.X`` classifier in pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    minors = [int(m) for m in re.findall(r"Programming Language :: Python :: 3\.(\d+)", text)]
    return (3, max(minors)) if minors else None


def interpreter_version(executable: str) -> tuple[int, int, int] | None:
    """Run ``executable`` and return its version, or None if it does not run."""
    try:
        out = subprocess.run([executable, "-c", "import sys; print(*sys.version_info[:3])"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return tuple(int(part) for part in out.stdout.split())  # type: ignore[return-value]


def find_python(minor: int) -> tuple[str, tuple[int, int, int]] | None:
    """An interpreter of Python 3.<minor> on this machine, with its full version."""
    candidates = []
    on_path = shutil.which(f"python3.{minor}")
    if on_path:
        candidates.append(on_path)
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    installed = glob.glob(os.path.join(pyenv_root, "versions", f"3.{minor}.*", "bin",
                                       f"python3.{minor}"))

    def patch(path: str) -> int:
        found = re.search(rf"/3\.{minor}\.(\d+)/", path)
        return int(found.group(1)) if found else -1

    candidates += sorted(installed, key=patch, reverse=True)
    for candidate in candidates:
        version = interpreter_version(candidate)
        if version and version[:2] == (3, minor):
            return candidate, version
    return None


def find_uv() -> str:
    """uv from PATH, else from ``.ci/venvs/tools`` (installed there with pip if needed)."""
    found = shutil.which("uv")
    if found:
        return found
    tools = VENVS / "tools"
    uv = tools / "bin" / "uv"
    if not uv.exists():
        say(f"installing uv with pip into {tools.relative_to(ROOT)}")
        subprocess.run([sys.executable, "-m", "venv", str(tools)], check=True)
        subprocess.run([str(tools / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "uv"], check=True)
    return str(uv)


def installed_versions(python: Path) -> dict[str, str]:
    code = ("import importlib, json\n"
            f"names = {[module for _, module in SHOWN]!r}\n"
            "out = {}\n"
            "for n in names:\n"
            "    try:\n"
            "        out[n] = importlib.import_module(n).__version__\n"
            "    except Exception as e:\n"
            "        out[n] = 'import failed: ' + type(e).__name__\n"
            "print(json.dumps(out))\n")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        return {}
    import json

    by_module = json.loads(out.stdout.strip().splitlines()[-1])
    return {column: by_module[module] for column, module in SHOWN}


def run_leg(leg: Leg, minor: int, resolution: str, uv: str, pytest_args: list[str]) -> None:
    found = find_python(minor)
    if found is None:
        leg.result = "MISSING"
        leg.python = f"3.{minor} (absent)"
        leg.note = (f"no Python 3.{minor}: looked for python3.{minor} on PATH and under "
                    f"$PYENV_ROOT/versions/3.{minor}.*")
        say(f"!!! leg '{leg.name}' NOT RUN: {leg.note}")
        return
    executable, version = found
    leg.python = ".".join(map(str, version))
    venv = VENVS / leg.name
    python = venv / "bin" / "python"
    env = dict(os.environ, VIRTUAL_ENV=str(venv))
    env.pop("PYTHONPATH", None)
    start = time.monotonic()
    say(f"leg '{leg.name}': Python {leg.python} ({executable}), resolution {resolution}")
    shutil.rmtree(venv, ignore_errors=True)  # a fresh environment every run
    steps = [
        # --seed: pip in the environment, as in a venv made by python -m venv (tests use it).
        [uv, "venv", "--quiet", "--seed", "--python", executable, str(venv)],
        [uv, "pip", "install", "--quiet", "--python", str(python),
         "--resolution", resolution, "-r", "requirements.txt"],
    ]
    for step in steps:
        if subprocess.run(step, cwd=ROOT, env=env).returncode != 0:
            leg.result, leg.note = "FAILED", "install failed"
            leg.seconds = time.monotonic() - start
            return
    leg.versions = installed_versions(python)
    freeze = subprocess.run([uv, "pip", "freeze", "--python", str(python)], cwd=ROOT,
                            env=env, capture_output=True, text=True).stdout
    (venv / "freeze.txt").write_text(freeze, encoding="utf-8")
    say(f"leg '{leg.name}': installed versions in {(venv / 'freeze.txt').relative_to(ROOT)}; "
        f"{', '.join(DESELECTED)} deselected (the main leg runs them)")
    bin_dir = venv / "bin"
    checks = [
        [str(bin_dir / "ruff"), "check", "."],
        # Build matplotlib's font cache before two workers start kernels (as ./course test).
        [str(python), "-c", "import matplotlib.font_manager"],
        [str(python), "-m", "pytest", "-n", "2", "--dist", "loadfile",
         *(f"--deselect={test}" for test in DESELECTED), *pytest_args],
    ]
    for check in checks:
        if subprocess.run(check, cwd=ROOT, env=env).returncode != 0:
            leg.result = "FAILED"
            leg.note = f"{Path(check[0]).name} {' '.join(check[1:3])} failed"
            break
    else:
        leg.result = "passed"
    leg.seconds = time.monotonic() - start


def summary(legs: list[Leg]) -> str:
    header = ["leg", "Python", *(column for column, _ in SHOWN), "result", "minutes"]
    rows = [[leg.name, leg.python or "?",
             *(leg.versions.get(column, "-") for column, _ in SHOWN),
             leg.result, f"{leg.seconds / 60:.1f}"] for leg in legs]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = []
    for row in [header, ["-" * width for width in widths], *rows]:
        cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    notes = [f"{leg.name}: {leg.note}" for leg in legs if leg.note]
    return "\n".join(lines + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("legs", nargs="*", metavar="lowest|newest",
                        help="legs to run (default: lowest and newest)")
    parser.add_argument("--main-status", type=int, default=None,
                        help="exit status of ./course test, to show in the summary")
    parser.add_argument("--main-seconds", type=float, default=0.0)
    argv = sys.argv[1:] if argv is None else argv
    pytest_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, pytest_args = argv[:cut], argv[cut + 1:]
    args = parser.parse_args(argv)
    wanted = args.legs or ["lowest", "newest"]
    unknown = sorted(set(wanted) - {"lowest", "newest"})
    if unknown:
        parser.error(f"legs must be 'lowest' or 'newest', got {', '.join(map(repr, unknown))}")
    strict = os.environ.get("CI", "").lower() == "true"

    legs: list[Leg] = []
    if args.main_status is not None:
        main_leg = Leg("main (./course test)", seconds=args.main_seconds,
                       result="passed" if args.main_status == 0 else "FAILED")
        main_python = ROOT / ".venv" / "bin" / "python"
        if main_python.exists():
            version = interpreter_version(str(main_python))
            main_leg.python = ".".join(map(str, version)) if version else None
            main_leg.versions = installed_versions(main_python)
        legs.append(main_leg)

    uv = find_uv()
    _, oldest = oldest_supported()
    for name in wanted:
        leg = Leg(name)
        legs.append(leg)
        if name == "lowest":
            run_leg(leg, oldest, "lowest-direct", uv, pytest_args)
            continue
        present = [minor for minor in range(oldest, NEWEST_MINOR_LOOKED_FOR + 1)
                   if find_python(minor)]
        if not present:
            leg.result, leg.python = "MISSING", "none"
            leg.note = f"no Python 3.{oldest} or newer found"
            say(f"!!! leg 'newest' NOT RUN: {leg.note}")
            continue
        classified = newest_classified()
        if classified and present[-1] > classified[1]:
            leg.note = (f"Python 3.{present[-1]} is newer than the newest the course "
                        f"lists (3.{classified[1]})")
        run_leg(leg, present[-1], "highest", uv, pytest_args)

    print("\nversion matrix summary\n" + summary(legs), flush=True)
    missing = [leg.name for leg in legs if leg.result == "MISSING"]
    if missing and not strict:
        say(f"WARNING: legs not run for lack of a Python: {', '.join(missing)} "
            "(a failure when CI=true)")
    failed = [leg for leg in legs if leg.failed and (strict or leg.result != "MISSING")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
