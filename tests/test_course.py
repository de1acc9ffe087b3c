"""course.py, the entry point (``./course`` on Linux and macOS, ``py course.py`` on Windows).

The commands run in a fake checkout in a temporary folder whose ``.venv`` holds fake
programs that only log how they were called, so each test checks what would run,
in which order, with which arguments, in both venv layouts: ``bin/python`` (Linux,
macOS) and ``Scripts\\python.exe`` (Windows; tested on Linux by setting
``course.WINDOWS``, which is all the Windows code path depends on).
"""

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SPEC = importlib.util.spec_from_file_location("course", ROOT / "course.py")
course = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(course)

LOGGER = '#!/bin/sh\necho "$0 $*" >> "$COURSE_TEST_LOG"\nexit "${FAKE_STATUS:-0}"\n'


class Replaced(Exception):
    """Raised instead of ``os.execv`` replacing the test process."""


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture(params=["posix", "windows"])
def checkout(request, tmp_path, monkeypatch):
    """A fake checkout with a fake .venv in the layout of ``request.param``; cwd is it."""
    windows = request.param == "windows"
    monkeypatch.setattr(course, "WINDOWS", windows)
    monkeypatch.setattr(course, "ROOT", tmp_path)
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "calls.log"
    monkeypatch.setenv("COURSE_TEST_LOG", str(log))
    monkeypatch.delenv("COURSE_REQUIREMENTS", raising=False)
    monkeypatch.setenv("COURSE_INSTALLER", "pip")  # the uv tests below unset it
    monkeypatch.setenv("PYTHON", sys.executable)
    chromium = executable(tmp_path / "chromium", "#!/bin/sh\n")
    monkeypatch.setenv("COURSE_CHROMIUM", str(chromium))
    (tmp_path / "requirements.txt").write_text("numpy>=2.0\n-e .\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    for name in ("python", "jupyter", "ruff", "pip"):
        executable(course.venv_executable(name), LOGGER)

    def calls():
        """The logged calls, with the fake checkout's folder left out."""
        if not log.is_file():
            return []
        return [line.replace(f"{tmp_path}{os.sep}", "") for line in log.read_text().splitlines()]

    monkeypatch.setattr(course.os, "execv", lambda path, argv: (_ for _ in ()).throw(
        Replaced(argv)))
    monkeypatch.setattr(course.signal, "signal", lambda *args: None)
    return type("Checkout", (), {"path": tmp_path, "calls": staticmethod(calls),
                                 "windows": windows, "python": str(course.venv_executable(
                                     "python"))})


def test_venv_layout_per_system(monkeypatch):
    monkeypatch.setattr(course, "WINDOWS", False)
    assert course.venv_executable("python").as_posix() == ".venv/bin/python"
    assert course.venv_executable("jupyter").as_posix() == ".venv/bin/jupyter"
    monkeypatch.setattr(course, "WINDOWS", True)
    assert course.venv_executable("python").as_posix() == ".venv/Scripts/python.exe"
    assert course.venv_executable("jupyter").as_posix() == ".venv/Scripts/jupyter.exe"
    assert course.is_root() is False  # no uid on Windows, so never --allow-root


def run_command(argv):
    """``course.main(argv)``, returning the exit status and the command it handed over to."""
    try:
        return course.main(argv), None
    except Replaced as replaced:
        return 0, replaced.args[0]
    except SystemExit as exit_:
        return exit_.code, None


def test_setup_installs_once_and_again_when_requirements_change(checkout):
    python = checkout.python
    course.setup()
    install = [f"{python} -m pip install --upgrade pip",
               f"{python} -m pip install -r requirements.txt"]
    assert checkout.calls() == install
    stamp = Path(".venv/.installed").read_text().strip()
    data = Path("requirements.txt").read_bytes() + Path("pyproject.toml").read_bytes()
    assert stamp == hashlib.sha256(data).hexdigest()
    course.setup()
    assert checkout.calls() == install  # nothing new: the stamp matches
    Path("requirements.txt").write_text("numpy>=2.1\n-e .\n")
    course.setup()
    assert checkout.calls() == install * 2


def test_the_stamp_is_the_one_the_bash_script_wrote(checkout):
    if shutil.which("sha256sum") is None:
        pytest.skip("needs sha256sum")
    bash = subprocess.run("cat requirements.txt pyproject.toml | sha256sum", shell=True,
                          capture_output=True, text=True, check=True).stdout.split()[0]
    assert course.requirements_hash(Path("requirements.txt")) == bash


def test_course_requirements_chooses_the_file(checkout, monkeypatch):
    Path("requirements-lock.txt").write_text("numpy==2.4.6\n")
    monkeypatch.setenv("COURSE_REQUIREMENTS", "requirements-lock.txt")
    course.setup()
    assert checkout.calls()[-1].endswith("-m pip install -r requirements-lock.txt")


def test_a_missing_requirements_file_is_an_error(checkout, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_REQUIREMENTS", "requirements-nope.txt")
    assert run_command(["lab"]) == (2, None)
    assert "no requirements file requirements-nope.txt" in capsys.readouterr().err


def test_a_failing_pip_stops_and_names_its_log(checkout, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_STATUS", "3")
    assert run_command(["lab"]) == (2, None)
    assert not Path(".venv/.installed").exists()
    err = capsys.readouterr().err
    assert "installing requirements.txt with pip failed (exit status 3)" in err
    assert f"the whole log: {Path('_build/setup.log').resolve()}" in err


def test_set_up_is_quiet_and_its_installers_write_the_log(checkout, capsys):
    pip = executable(course.venv_executable("python"),
                     '#!/bin/sh\necho "pip says a lot"\necho "and warns" >&2\n')
    course.setup()
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0].startswith("course: installing requirements.txt into .venv with pip")
    assert lines[1].startswith("course: installed requirements.txt in ") and len(lines) == 2
    log = Path("_build/setup.log").read_text()
    assert f"$ {pip} -m pip install -r requirements.txt" in log
    assert log.count("pip says a lot") == 2 and "and warns" in log


FAKE_UV = '#!/bin/sh\necho "uv $*" >> "$COURSE_TEST_LOG"\nexit "${FAKE_UV_STATUS:-0}"\n'


def test_uv_on_path_installs(checkout, monkeypatch, capsys):
    monkeypatch.delenv("COURSE_INSTALLER")
    uv = executable(checkout.path / "fake-bin" / "uv", FAKE_UV)
    monkeypatch.setenv("PATH", f"{uv.parent}{os.pathsep}{os.environ['PATH']}")
    course.setup()
    assert checkout.calls() == [f"uv pip install --python {checkout.python} -r requirements.txt"]
    assert "with uv" in capsys.readouterr().err


def test_without_uv_on_path_pip_installs_uv_into_the_venv(checkout, monkeypatch):
    monkeypatch.delenv("COURSE_INSTALLER")
    monkeypatch.setattr(course.shutil, "which", lambda name: None)
    uv = course.venv_executable("uv")
    executable(course.venv_executable("python"), (
        '#!/bin/sh\necho "$0 $*" >> "$COURSE_TEST_LOG"\n'
        f'if [ "$5" = uv ]; then cp "{checkout.path / "fake-uv"}" "{uv}"; fi\n'))
    executable(checkout.path / "fake-uv", FAKE_UV)
    course.setup()
    assert checkout.calls() == [f"{checkout.python} -m pip install --quiet uv",
                                f"uv pip install --python {checkout.python} -r requirements.txt"]
    Path("requirements.txt").write_text("numpy>=2.1\n-e .\n")
    course.setup()  # the second time uv is in .venv already
    assert checkout.calls()[2:] == [
        f"uv pip install --python {checkout.python} -r requirements.txt"]


def test_when_uv_cannot_be_had_or_fails_pip_installs(checkout, monkeypatch, capsys):
    monkeypatch.delenv("COURSE_INSTALLER")
    monkeypatch.setattr(course.shutil, "which", lambda name: None)
    course.setup()  # pip "installs" uv, but no uv appears in .venv
    pip = [f"{checkout.python} -m pip install --upgrade pip",
           f"{checkout.python} -m pip install -r requirements.txt"]
    assert checkout.calls() == [f"{checkout.python} -m pip install --quiet uv", *pip]
    assert "could not install uv; installing with pip instead" in capsys.readouterr().err
    executable(course.venv_executable("uv"), FAKE_UV)
    monkeypatch.setenv("FAKE_UV_STATUS", "1")
    Path("requirements.txt").write_text("numpy>=2.1\n-e .\n")
    course.setup()
    assert checkout.calls()[3:] == [
        f"uv pip install --python {checkout.python} -r requirements.txt", *pip]
    assert "uv failed (exit status 1); trying pip" in capsys.readouterr().err


def test_the_venv_is_created_with_python(checkout, monkeypatch):
    shutil.rmtree(".venv")
    layout = course.venv_executable("python")  # .venv/bin/python or .venv/Scripts/python.exe
    logger = executable(checkout.path / "logger", LOGGER)
    creator = executable(checkout.path / "python-creator", (
        '#!/bin/sh\nif [ "$1" = -m ] && [ "$2" = venv ]; then\n'
        '  echo "creator $*" >> "$COURSE_TEST_LOG"\n'
        f'  mkdir -p "$3/{layout.parent.name}"\n'
        f'  cp "{logger}" "$3/{layout.parent.name}/{layout.name}"\n'
        f'  exit 0\nfi\nexec "{sys.executable}" "$@"\n'))
    monkeypatch.setenv("PYTHON", str(creator))
    course.setup()
    calls = checkout.calls()
    assert calls[0] == "creator -m venv .venv"
    assert calls[-1] == f"{checkout.python} -m pip install -r requirements.txt"


def test_an_old_python_is_refused(checkout, monkeypatch):
    old = executable(checkout.path / "python3.9", '#!/bin/sh\necho 3.9.18\nexit 1\n')
    monkeypatch.setenv("PYTHON", str(old))
    with pytest.raises(course.CourseError, match=r"needs Python 3.10 or newer; .* is "
                                                 r"Python 3.9.18"):
        course.base_python()
    monkeypatch.setenv("PYTHON", "no-such-python")
    assert run_command(["lab"]) == (2, None)


def fake_python(path: Path, version: str) -> Path:
    """A program that answers python_version's probe as Python ``version`` would."""
    return executable(path, f'#!/bin/sh\necho {version.replace(".", " ")}\n')


def test_an_old_python_gets_the_newer_one_on_path_named(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir / "python3.12", "3.12.1")
    fake_python(bin_dir / "python3.13", "3.13.0")
    executable(bin_dir / "python3.11", "#!/bin/sh\nexit 127\n")  # a shim that does not run
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(course, "WINDOWS", False)
    message = course.too_old("python3", "3.9.18")
    assert message == ("needs Python 3.10 or newer; 'python3' is Python 3.9.18. Choose a "
                       "newer one with PYTHON=, e.g.: PYTHON=python3.13 ./course lab (found "
                       "on PATH: python3.12, python3.13)")


def test_an_old_python_gets_pyenv_or_an_install_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(course, "WINDOWS", False)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    assert "Install Python 3.10 or newer" in course.too_old("python3", "3.8.18")
    assert "PYTHON=python3.12 ./course lab" in course.too_old("python3", "3.8.18")
    for version in ("3.9.18", "3.10.13", "3.12.1"):
        (tmp_path / "pyenv" / "versions" / version).mkdir(parents=True)
    assert course.too_old("python3", "3.8.18").endswith(
        "pyenv has 3.10.13, 3.12.1: PYENV_VERSION=3.12.1 PYTHON=python3.12 ./course lab")
    monkeypatch.setattr(course, "WINDOWS", True)
    assert "py -3.12 course.py lab" in course.too_old("py", "3.9.13")


@pytest.mark.parametrize("version", ["3.6", "3.9"])
def test_course_py_itself_on_an_old_python_says_how_to_fix_it(version):
    old = shutil.which(f"python{version}")
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates = [old] * bool(old) + sorted(root.glob(f"versions/{version}.*/bin/python"))
    runs = [c for c in candidates if course.python_version(str(c))]
    if not runs:
        pytest.skip(f"no Python {version} on this machine")
    result = subprocess.run([str(runs[0]), str(ROOT / "course.py"), "lab"], cwd="/",
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHON": f"python{version}"})
    assert result.returncode == 2
    assert result.stderr.startswith(f"course: needs Python 3.10 or newer; 'python{version}' "
                                    f"is Python {version}.")
    assert "PYTHON=" in result.stderr or "pyenv" in result.stderr


@pytest.mark.parametrize("root", [False, True])
def test_lab_opens_notebook_01(checkout, monkeypatch, root):
    monkeypatch.setattr(course, "is_root", lambda: root)
    status, argv = run_command(["lab", "--port", "9999"])
    allow = ["--allow-root"] if root else []
    expected = [str(course.venv_executable("jupyter")), "lab", *allow,
                "notebooks/01-hand-computing-a-blur.ipynb", "--port", "9999"]
    if checkout.windows:  # a child process, not exec: its call is logged
        assert checkout.calls()[-1] == " ".join(expected)
    else:
        assert argv == expected


def test_lab_lang_zh_opens_the_chinese_notebook_01(checkout, monkeypatch):
    monkeypatch.setattr(course, "is_root", lambda: False)
    status, argv = run_command(["lab", "--lang", "zh", "--port", "9999"])
    expected = [str(course.venv_executable("jupyter")), "lab",
                "notebooks-zh/01-hand-computing-a-blur.ipynb", "--port", "9999"]
    if checkout.windows:
        assert checkout.calls()[-1] == " ".join(expected)
    else:
        assert argv == expected


def test_lab_lang_zh_learner_builds_the_chinese_learner_edition(checkout, monkeypatch):
    monkeypatch.setattr(course, "is_root", lambda: False)
    Path("scripts").mkdir()
    Path("scripts/learner_edition.py").write_text("")
    status, argv = run_command(["lab", "--learner", "--lang=zh"])
    edition = Path("_build/learner-zh")
    assert f"{checkout.python} scripts/learner_edition.py {edition} --lang zh" in \
        checkout.calls()
    expected = [str(course.venv_executable("jupyter")), "lab",
                f"--ServerApp.root_dir={edition}",
                str(edition / "notebooks/01-hand-computing-a-blur.ipynb")]
    if checkout.windows:
        assert checkout.calls()[-1] == " ".join(expected)
    else:
        assert argv == expected


def test_lab_names_a_language_the_course_lacks(checkout, capsys):
    assert course.main(["lab", "--lang", "fr"]) == 2
    assert "--lang must be one of en, zh, got 'fr'" in capsys.readouterr().err


def test_lab_learner_builds_the_edition_and_serves_it(checkout, monkeypatch):
    monkeypatch.setattr(course, "is_root", lambda: False)
    Path("scripts").mkdir()
    Path("scripts/learner_edition.py").write_text("")
    status, argv = run_command(["lab", "--learner", "--port", "9999"])
    edition = Path("_build/learner")
    assert f"{checkout.python} scripts/learner_edition.py {edition} --lang en" in \
        checkout.calls()
    expected = [str(course.venv_executable("jupyter")), "lab",
                f"--ServerApp.root_dir={edition}",
                str(edition / "notebooks/01-hand-computing-a-blur.ipynb"), "--port", "9999"]
    if checkout.windows:
        assert checkout.calls()[-1] == " ".join(expected)
    else:
        assert argv == expected


def test_test_lints_warms_the_font_cache_then_runs_pytest_on_two_workers(checkout):
    status, argv = run_command(["test", "-k", "images"])
    python, ruff = checkout.python, str(course.venv_executable("ruff"))
    pytest_call = [python, "-m", "pytest", "-n", "2", "--dist", "loadfile", "-k", "images"]
    calls = checkout.calls()[2:]  # after the two pip calls
    assert calls[:2] == [f"{ruff} check .", f"{python} -c import matplotlib.font_manager"]
    if checkout.windows:
        assert calls[2:] == [" ".join(pytest_call)]
    else:
        assert argv == pytest_call


def test_test_installs_the_website_grading_and_ci_requirements_for_their_tests(checkout):
    Path("requirements-site.txt").write_text("jupyter-book<2\n")
    Path("requirements-grading.txt").write_text("nbgrader<0.10\n")
    Path("requirements-ci.txt").write_text("check-jsonschema>=0.35\n")
    run_command(["test"])
    for extra in ("requirements-site.txt", "requirements-grading.txt", "requirements-ci.txt"):
        install = f"{checkout.python} -m pip install -r {extra}"
        assert checkout.calls().count(install) == 1


def test_a_lint_failure_stops_the_tests(checkout, monkeypatch):
    course.setup()
    executable(course.venv_executable("ruff"), LOGGER.replace('"${FAKE_STATUS:-0}"', "1"))
    assert run_command(["test"]) == (1, None)
    assert not any("pytest" in call for call in checkout.calls())


@pytest.mark.parametrize("command, script", [("learner", "scripts/learner_edition.py"),
                                             ("site", "scripts/build_site.py"),
                                             ("execute", "scripts/execute_notebooks.py"),
                                             ("bench", "benchmarks/run.py")])
def test_a_missing_script_is_named_and_nothing_installed(checkout, capsys, command, script):
    assert run_command([command]) == (2, None)
    assert f"'{command}' needs {script}, which this checkout does not have" in \
        capsys.readouterr().err
    assert checkout.calls() == []


@pytest.mark.parametrize("command, script", [("learner", "scripts/learner_edition.py"),
                                             ("site", "scripts/build_site.py"),
                                             ("nbgrader", "scripts/nbgrader_export.py")])
def test_learner_site_and_nbgrader_run_their_script_in_the_venv(checkout, command, script):
    Path(script).parent.mkdir(exist_ok=True)
    Path(script).write_text("")
    Path("requirements-site.txt").write_text("jupyter-book<2\n")
    Path("requirements-grading.txt").write_text("nbgrader<0.10\n")
    status, argv = run_command([command, "out/dir"])
    expected = [checkout.python, script, "out/dir"]
    calls = checkout.calls()
    site_install = f"{checkout.python} -m pip install -r requirements-site.txt"
    grading_install = f"{checkout.python} -m pip install -r requirements-grading.txt"
    assert (site_install in calls) == (command == "site")
    assert (grading_install in calls) == (command == "nbgrader")
    if checkout.windows:
        assert calls[-1] == " ".join(expected) and status == 0
    else:
        assert argv == expected
    if command == "site":  # installed once; the next build installs nothing
        count = len(checkout.calls())
        run_command([command])
        assert len(checkout.calls()) == count + checkout.windows  # + the script's own call
        assert checkout.calls().count(site_install) == 1


def test_doctor_installs_nothing_and_uses_the_venv(checkout):
    Path("scripts").mkdir()
    Path("scripts/doctor.py").write_text("")
    status, argv = run_command(["doctor"])
    expected = [checkout.python, "scripts/doctor.py"]
    if checkout.windows:
        assert checkout.calls() == [" ".join(expected)]
    else:
        assert argv == expected and checkout.calls() == []


def run_entry(*args, env=None, wrapper=False):
    command = [str(ROOT / "course")] if wrapper else [sys.executable, str(ROOT / "course.py")]
    return subprocess.run(command + list(args), capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})}, cwd="/")


COMMAND_NAMES = ("lab", "test", "execute", "bench", "doctor", "learner", "site", "nbgrader",
                 "translate")


@pytest.mark.parametrize("wrapper", [False, True])
def test_help_and_exit_statuses(wrapper):
    for args in ((), ("--help",), ("-h",)):
        result = run_entry(*args, wrapper=wrapper)
        assert result.returncode == 0, result
        assert "./course lab" in result.stdout and "py course.py lab" in result.stdout
        for command in COMMAND_NAMES:
            assert f"./course {command}" in result.stdout


@pytest.mark.parametrize("wrapper", [False, True])
def test_an_unknown_command_is_named_and_the_commands_listed(wrapper):
    result = run_entry("nonsense", wrapper=wrapper)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("course: unknown command 'nonsense'; the commands are: lab, test")
    listed = line.split("the commands are: ")[1].split(" (")[0].split(", ")
    assert sorted(listed) == sorted(COMMAND_NAMES)


def test_the_wrapper_names_a_missing_python():
    result = run_entry("lab", env={"PYTHON": "no-such-python3"}, wrapper=True)
    assert result.returncode == 2
    assert "needs Python 3.10 or newer as 'no-such-python3'" in result.stderr


@pytest.mark.parametrize("root", [True, False])
def test_missing_chromium_is_installed_with_apt_get_only_as_root(checkout, monkeypatch, capsys,
                                                                 root):
    monkeypatch.setenv("COURSE_CHROMIUM", str(checkout.path / "no-chromium"))
    bin_dir = checkout.path / "fake-bin"
    executable(bin_dir / "apt-get", LOGGER)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(course, "is_root", lambda: root)
    monkeypatch.setattr(course.sys, "platform", "linux")
    course.ensure_chromium()
    apt = str(bin_dir / "apt-get").replace(f"{checkout.path}{os.sep}", "")
    if root:
        assert checkout.calls() == [f"{apt} update -qq", f"{apt} install -y -qq chromium"]
    else:
        assert checkout.calls() == []
        assert "install it with: sudo apt-get install chromium" in capsys.readouterr().err


def test_missing_chromium_elsewhere_is_only_reported(checkout, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_CHROMIUM", str(checkout.path / "no-chromium"))
    monkeypatch.setattr(course, "is_root", lambda: True)
    monkeypatch.setattr(course.sys, "platform", "win32")
    course.ensure_chromium()
    assert checkout.calls() == []
    assert "the real-browser test will be skipped" in capsys.readouterr().err


def test_a_new_venv_without_pip_gets_uv_from_the_creators_pip_and_pip_from_uv(
        checkout, monkeypatch):
    monkeypatch.delenv("COURSE_INSTALLER")
    monkeypatch.setattr(course.shutil, "which", lambda name: None)
    shutil.rmtree(".venv")
    layout = course.venv_executable("python")
    bin_dir = layout.parent.name
    uv = course.venv_executable("uv")
    executable(checkout.path / "fake-uv", FAKE_UV)
    creator = executable(checkout.path / "python-creator", (
        '#!/bin/sh\necho "creator $*" >> "$COURSE_TEST_LOG"\n'
        'if [ "$2" = venv ]; then\n'
        f'  mkdir -p "$4/{bin_dir}"; cp "{checkout.path / "logger"}" "$4/{bin_dir}/{layout.name}"\n'
        f'elif [ "$7" = uv ]; then cp "{checkout.path / "fake-uv"}" "{uv}"\n'
        f'else exec "{sys.executable}" "$@"\nfi\n'))
    executable(checkout.path / "logger", LOGGER)
    monkeypatch.setenv("PYTHON", str(creator))
    course.setup()
    assert checkout.calls()[1:] == [  # after the version probe
        "creator -m venv --without-pip .venv",
        "creator -m pip install --quiet --prefix .venv uv",
        f"uv pip install --python {checkout.python} -r requirements.txt pip"]
