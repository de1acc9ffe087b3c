"""The course's one entry point. Every command but doctor first makes (or refreshes)
the virtual environment .venv and installs requirements.txt into it.

  ./course lab       install, then open the course in JupyterLab (at notebook 01)
  ./course lab --learner   the same on the learner edition (built into _build/learner/)
  ./course lab --lang zh   the Chinese edition (简体中文版), notebooks-zh/ (with
                           --learner: its learner edition)
  ./course test      install, then run the whole test suite (lint, unit tests,
                     doctests, nbval on every notebook, the real-browser test)
  ./course execute   re-execute every notebook in place (authors, after a change)
  ./course bench     run the benchmark scripts and print their ratios
  ./course doctor    check this machine and .venv, one line per check, with a fix
                     for each that fails (exit status 0 only when all pass;
                     --lang zh: in Chinese)
  ./course learner [DIR]   build the learner edition and its wheel of the package,
                           without the worked solutions (default DIR: _build/learner/)
  ./course site [DIR]      build the course website that works offline
                           (default DIR: _build/site/)
  ./course translate update|check|build|status
                           the Chinese edition's catalogues (authors, after an English
                           edit: update, translate, build; check is the drift gate)
  ./course nbgrader [DIR]  write an nbgrader course, one assignment per notebook
                           (default DIR: _build/nbgrader/; installs nbgrader)

On Windows (PowerShell or cmd) run the same commands as: py course.py lab
(any Python 3.10 or newer runs this file; it uses only the standard library).

Set COURSE_REQUIREMENTS=requirements-lock.txt to install the exact versions the
course was last verified with instead of the compatible ranges. Set PYTHON=... to
choose the Python that creates .venv (default: the one running this file).
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(".venv")
MINIMUM_PYTHON = (3, 10)
#: A venv on Windows keeps its programs in Scripts\ as .exe files (tests set this).
WINDOWS = os.name == "nt"
#: The commands that run a script of the checkout in .venv, after set-up.
SCRIPTS = {
    "execute": "scripts/execute_notebooks.py",
    "bench": "benchmarks/run.py",
    "learner": "scripts/learner_edition.py",
    "site": "scripts/build_site.py",
    "nbgrader": "scripts/nbgrader_export.py",
    "doctor": "scripts/doctor.py",
    "translate": "scripts/translate.py",
}


class CourseError(Exception):
    """A problem the user can fix; reported as ``course: <message>``, exit status 2."""


def say(message: str) -> None:
    """Print one progress or error line on stderr."""
    print(f"course: {message}", file=sys.stderr, flush=True)


def venv_executable(name: str, venv: Path = VENV) -> Path:
    """The path of a program installed in a virtual environment.

    A venv keeps its programs in ``bin/`` on Linux and macOS and in ``Scripts\\``
    with an ``.exe`` suffix on Windows.
    """
    if WINDOWS:
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def is_root() -> bool:
    """Whether we run as root (never on Windows, which has no uid)."""
    return not WINDOWS and os.geteuid() == 0


def python_version(python: str) -> "tuple | None":
    """(major, minor, micro) of the Python ``python`` runs, or None when it does not run
    (absent, or a pyenv shim for a version that is not active)."""
    try:
        probe = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:3])"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True, timeout=20)  # runs on old Pythons
    except (OSError, subprocess.SubprocessError):
        return None
    parts = probe.stdout.split()
    if probe.returncode != 0 or len(parts) != 3:
        return None
    return tuple(int(part) for part in parts)


def newer_pythons() -> list:
    """The commands python3.10, python3.11, ... on PATH that run a new enough Python."""
    names = ["python3.%d" % minor for minor in range(MINIMUM_PYTHON[1], 20)]
    return [name for name in names if shutil.which(name)
            and (python_version(name) or (0,)) >= MINIMUM_PYTHON]


def pyenv_versions() -> list:
    """The new enough Pythons pyenv has installed (names of $PYENV_ROOT/versions/3.X.Y)."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found = []
    for path in sorted(root.glob("3.*")) if root.is_dir() else []:
        parts = path.name.split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts) \
                and (int(parts[0]), int(parts[1])) >= MINIMUM_PYTHON:
            found.append(path.name)
    return found


def too_old(python: str, version: str) -> str:
    """The message for a Python older than MINIMUM_PYTHON, with how to choose another."""
    needed = "%d.%d" % MINIMUM_PYTHON
    message = "needs Python %s or newer; '%s' is Python %s." % (needed, python, version)
    if WINDOWS:
        return message + " Choose a newer one with the launcher: py -3.12 course.py lab " \
            "(py --list shows the installed ones; python.org has installers)"
    newer = newer_pythons()
    if newer:
        return message + " Choose a newer one with PYTHON=, e.g.: PYTHON=%s ./course lab " \
            "(found on PATH: %s)" % (newer[-1], ", ".join(newer))
    pyenv = pyenv_versions()
    if pyenv:
        minor = ".".join(pyenv[-1].split(".")[:2])
        return message + " pyenv has %s: PYENV_VERSION=%s PYTHON=python%s ./course lab" % (
            ", ".join(pyenv), pyenv[-1], minor)
    return message + " Install Python %s or newer (python.org, your package manager, or " \
        "pyenv: pyenv install 3.12), then: PYTHON=python3.12 ./course lab" % needed


def base_python() -> str:
    """The Python that creates .venv: $PYTHON, else the one running this file."""
    python = os.environ.get("PYTHON") or sys.executable
    if shutil.which(python) is None and not Path(python).is_file():
        raise CourseError(f"needs Python 3.10 or newer as '{python}' (set PYTHON=...)")
    probe = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0]); "
                       f"sys.exit(sys.version_info < {MINIMUM_PYTHON})"],
        capture_output=True, text=True)
    if probe.returncode != 0:
        version = probe.stdout.strip() or probe.stderr.strip()
        raise CourseError(too_old(python, version))
    return python


def run(command: list, **kwargs) -> None:
    """Run ``command``; when it fails, exit with its status as a shell script would."""
    status = subprocess.run([str(part) for part in command], **kwargs).returncode
    if status != 0:
        sys.exit(status)


def requirements_hash(requirements: Path) -> str:
    """The sha256 of the requirements file followed by pyproject.toml.

    Equal to ``cat requirements.txt pyproject.toml | sha256sum``, the stamp the
    former bash script wrote, so an existing .venv is not reinstalled.
    """
    data = requirements.read_bytes() + Path("pyproject.toml").read_bytes()
    return hashlib.sha256(data).hexdigest()


#: The installers' own output goes here; a failing step names it.
SETUP_LOG = Path("_build") / "setup.log"


def log_run(command: list) -> int:
    """Run ``command`` with its output appended to SETUP_LOG; return its exit status."""
    SETUP_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SETUP_LOG.open("a", encoding="utf-8") as log:
        log.write("$ " + " ".join(str(part) for part in command) + "\n")
        log.flush()
        return subprocess.run([str(part) for part in command], stdout=log,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL).returncode


def setup_failed(step: str, status: int) -> CourseError:
    """The error for a failed step: its last lines of the log, and the log's full path."""
    try:
        tail = SETUP_LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-12:]
    except OSError:
        tail = []
    shown = "".join(f"\n    {line}" for line in tail)
    return CourseError(f"{step} failed (exit status {status}); its last lines:{shown}\n"
                       f"the whole log: {SETUP_LOG.resolve()}")


def find_uv(creator: str) -> "str | None":
    """uv, the fast installer, when it can be had; None means pip.

    uv on PATH, else the one a previous set-up installed into .venv, else uv installed
    into .venv with pip: .venv's own pip if it has one, else ``creator``'s (``--prefix
    .venv``), a few seconds. COURSE_INSTALLER=pip uses pip only (where pip is configured
    for a private index that uv would not use).
    """
    if os.environ.get("COURSE_INSTALLER", "").strip().lower() == "pip":
        return None
    found = shutil.which("uv")
    if found:
        return found
    uv = venv_executable("uv")
    if not uv.is_file():
        say("installing uv, the fast installer, into .venv (with pip)")
        if venv_executable("pip").is_file():
            command = [venv_executable("python"), "-m", "pip", "install", "--quiet", "uv"]
        else:
            command = [creator, "-m", "pip", "install", "--quiet", "--prefix", VENV, "uv"]
        if log_run(command) != 0 or not uv.is_file():
            say(f"could not install uv; installing with pip instead (see {SETUP_LOG})")
            return None
    return str(uv)


def install(requirements: Path, stamp: Path, creator: str = sys.executable) -> None:
    """Install ``requirements`` into .venv unless ``stamp`` says it is done: with uv where
    it can be had (``find_uv``), else, or when uv fails, with pip. One line of progress;
    the installers' output goes to SETUP_LOG, which a failure names."""
    python = venv_executable("python")
    if not requirements.is_file():
        raise CourseError(f"no requirements file {requirements} (COURSE_REQUIREMENTS?)")
    want = requirements_hash(requirements)
    if stamp.is_file() and stamp.read_text().strip() == want:
        return
    uv = find_uv(creator)
    started = time.monotonic()
    status = None
    if uv:
        say(f"installing {requirements} into {VENV} with uv (log: {SETUP_LOG.as_posix()})")
        # .venv made without pip gets it too: learners and the doctor's fixes use pip.
        pip = [] if venv_executable("pip").is_file() else ["pip"]
        status = log_run([uv, "pip", "install", "--python", python, "-r", requirements, *pip])
        if status != 0:
            say(f"uv failed (exit status {status}); trying pip")
    if status != 0:
        if status is None:
            say(f"installing {requirements} into {VENV} with pip, a minute or two the "
                f"first time (log: {SETUP_LOG.as_posix()})")
        steps = [[python, "-m", "pip", "install", "--upgrade", "pip"],
                 [python, "-m", "pip", "install", "-r", requirements]]
        if not venv_executable("pip").is_file():
            steps.insert(0, [python, "-m", "ensurepip", "--upgrade"])
        for step in steps:
            status = log_run(step)
            if status != 0:
                raise setup_failed(f"installing {requirements} with pip", status)
    stamp.write_text(want + "\n")
    say(f"installed {requirements} in {time.monotonic() - started:.0f} s")


def setup() -> Path:
    """Make .venv if needed and install the requirements; return its Python.

    .venv is made without pip (ensurepip alone takes seconds) unless pip is to install:
    uv then installs pip with the requirements, or ``install`` runs ensurepip when uv
    cannot be had.
    """
    python = venv_executable("python")
    creator = base_python()
    if not python.is_file():
        say(f"creating the virtual environment {VENV}")
        pip_only = os.environ.get("COURSE_INSTALLER", "").strip().lower() == "pip"
        status = log_run([creator, "-m", "venv", *([] if pip_only else ["--without-pip"]),
                          VENV])
        if status != 0 or not python.is_file():
            raise setup_failed(f"creating {VENV} with {creator} -m venv", status)
    # Reinstall only when the requirements (or the package metadata) changed.
    install(Path(os.environ.get("COURSE_REQUIREMENTS") or "requirements.txt"),
            VENV / ".installed", creator)
    return python


def ensure_chromium() -> None:
    """Install Debian's Chromium for the real-browser test when we can (root, apt-get)."""
    chromium = Path(os.environ.get("COURSE_CHROMIUM") or "/usr/bin/chromium")
    if os.access(chromium, os.X_OK):
        return
    if not sys.platform.startswith("linux"):
        say("no Chromium at COURSE_CHROMIUM; the real-browser test will be skipped "
            "(it runs where COURSE_CHROMIUM names a Chromium, or on Linux)")
    elif is_root() and shutil.which("apt-get"):
        say("installing Chromium for the real-browser test (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        quiet = {"stdout": subprocess.DEVNULL, "env": env}
        if (subprocess.run(["apt-get", "update", "-qq"], **quiet).returncode != 0
                or subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"],
                                  **quiet).returncode != 0):
            say("could not install Chromium; the browser test will be skipped "
                "(a failure when CI=true)")
    else:
        say("Chromium is missing; the browser test will be skipped (a failure when CI=true).")
        say("install it with: sudo apt-get install chromium")


def replace_process(command: list) -> None:
    """Hand over to ``command`` as bash's ``exec`` does, and exit with its status.

    On Windows, where ``os.execv`` does not replace the process, the command runs
    as a child with Ctrl+C left to it (JupyterLab asks before it stops).
    """
    command = [str(part) for part in command]
    sys.stdout.flush()
    sys.stderr.flush()
    if not WINDOWS:
        os.execv(command[0], command)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(subprocess.run(command).returncode)


def script_path(command: str) -> Path:
    """The checkout's script behind ``command``, or an error saying it is absent."""
    path = Path(SCRIPTS[command])
    if not path.is_file():
        raise CourseError(f"'{command}' needs {path.as_posix()}, which this checkout does "
                          "not have yet")
    return path


FIRST_NOTEBOOK = "notebooks/01-hand-computing-a-blur.ipynb"
LEARNER_DIR = Path("_build") / "learner"


#: ``--lang`` code -> the folder of that edition's notebooks (and, with ``--learner``, the
#: folder its learner edition is built into).
EDITIONS = {"en": ("notebooks", LEARNER_DIR),
            "zh": ("notebooks-zh", Path("_build") / "learner-zh")}


def take_language(args: list) -> "tuple[str, list]":
    """The ``--lang CODE`` (or ``--lang=CODE``) of a command line, and the other arguments."""
    language, rest, words = "en", [], iter(args)
    for word in words:
        if word == "--lang" or word.startswith("--lang="):
            language = word.partition("=")[2] if "=" in word else next(words, "")
            if language not in EDITIONS:
                raise CourseError(f"--lang must be one of {', '.join(EDITIONS)}, got "
                                  f"'{language}'")
        else:
            rest.append(word)
    return language, rest


def lab(args: list) -> None:
    """JupyterLab on the course (its root: this folder), opened at notebook 01; with
    ``--lang zh``, the Chinese edition's notebook 01; with ``--learner``, on the learner
    edition (of that language), built first into _build/learner/ (or learner-zh/)."""
    language, args = take_language(args)
    folder, learner_dir = EDITIONS[language]
    python = setup()
    extra = ["--allow-root"] if is_root() else []  # JupyterLab refuses root unless told
    first = Path(FIRST_NOTEBOOK.replace("notebooks/", f"{folder}/", 1))
    if "--learner" in args:
        args = [arg for arg in args if arg != "--learner"]
        say(f"building the learner edition in {learner_dir.as_posix()}/")
        run([python, script_path("learner"), learner_dir, "--lang", language],
            stdout=subprocess.DEVNULL)
        extra.append(f"--ServerApp.root_dir={learner_dir}")
        first = learner_dir / "notebooks" / first.name
    replace_process([venv_executable("jupyter"), "lab", *extra, first, *args])


#: Instructors' tools, installed only by the command that needs them and by ``test``:
#: command -> the name of its requirements-NAME.txt (and of its .venv/.installed-NAME stamp).
EXTRAS = {"site": "site",          # the website's generator, Jupyter Book
          "nbgrader": "grading",   # nbgrader
          "translate": "ci",       # polib, which reads and writes the catalogues
          "test": "ci"}            # the release files' validator (CITATION.cff, workflows)


def install_extra(name: str) -> None:
    """Install requirements-NAME.txt into .venv (once; a checkout without it installs nothing)."""
    requirements = Path(f"requirements-{name}.txt")
    if requirements.is_file():
        install(requirements, VENV / f".installed-{name}")


def test(args: list) -> None:
    python = setup()
    for name in EXTRAS.values():  # tests/test_site.py, test_nbgrader.py, test_release.py
        install_extra(name)
    ensure_chromium()
    say("lint (ruff)")
    run([venv_executable("ruff"), "check", "."])
    # Build matplotlib's font cache once, before two workers start kernels: its
    # one-time notice would otherwise land in a notebook's stderr and fail nbval.
    run([python, "-c", "import matplotlib.font_manager"], stderr=subprocess.DEVNULL)
    say("tests, doctests, notebooks (nbval) and the browser test, on 2 workers")
    replace_process([python, "-m", "pytest", "-n", "2", "--dist", "loadfile", *args])


def run_script(command: str, args: list) -> None:
    script = script_path(command)
    python = setup()
    if command in EXTRAS:
        install_extra(EXTRAS[command])
    replace_process([python, script, *args])


def doctor(args: list) -> None:
    """Run the checks in .venv's Python, or in this one when .venv does not exist yet.

    The doctor installs nothing: it reports what a class would trip over.
    """
    script = script_path("doctor")
    python = venv_executable("python")
    replace_process([python if python.is_file() else sys.executable, script, *args])


COMMANDS = {"lab": lab, "test": test, "doctor": doctor}


def main(argv: list) -> int:
    command = argv[0] if argv else ""
    if command in ("", "-h", "--help"):
        print(__doc__.strip())
        return 0
    if command not in COMMANDS and command not in SCRIPTS:
        names = ", ".join(dict.fromkeys([*COMMANDS, *SCRIPTS]))
        say(f"unknown command '{command}'; the commands are: {names} "
            "(./course --help says what each does)")
        return 2
    os.chdir(ROOT)
    try:
        if command in COMMANDS:
            COMMANDS[command](argv[1:])
        else:
            run_script(command, argv[1:])
    except CourseError as error:
        say(str(error))
        return 2
    return 0


if __name__ == "__main__":
    if sys.version_info < MINIMUM_PYTHON:
        print("course: " + too_old(os.environ.get("PYTHON") or "python3",
                                   sys.version.split()[0]), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
