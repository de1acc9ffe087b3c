"""scripts/doctor.py (``./course doctor``): each check passes on the course's own
environment and fails, with a fix, on a deliberately broken one.

Broken environments are built here, never by changing .venv: fake installed
distributions are ``.dist-info`` folders in a temporary site folder, pictures a
temporary copy of images/, kernels a temporary JUPYTER_PATH.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import course_utils.images as images_module

SPEC = importlib.util.spec_from_file_location("doctor", ROOT / "scripts" / "doctor.py")
doctor = importlib.util.module_from_spec(SPEC)
sys.modules["doctor"] = doctor  # its dataclass looks its module up
SPEC.loader.exec_module(doctor)


def fake_site(tmp_path, **versions):
    """A folder of fake installed distributions: ``name=(version, [Requires-Dist...])``."""
    site = tmp_path / "site"
    for name, (version, requires) in versions.items():
        info = site / f"{name}-{version}.dist-info"
        info.mkdir(parents=True)
        lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
        lines += [f"Requires-Dist: {requirement}" for requirement in requires]
        (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(site)]


def assert_fails(check, *words):
    assert check.status == "FAIL", check.line()
    assert check.fix, "a failing check must say how to fix it"
    for word in words:
        assert word in check.line(), (word, check.line())
    assert check.line().count("\n") == 1  # the finding, then its fix


# --- Python version -------------------------------------------------------------------

@pytest.mark.parametrize("version, ok", [((3, 9, 18), False), ((3, 10, 0), True),
                                         ((3, 13, 1), True), ((2, 7, 18), False)])
def test_python_version_against_requires_python(version, ok):
    check = doctor.check_python(version)
    assert (check.status == "ok") == ok, check.line()
    assert ".".join(map(str, version)) in check.detail


def test_python_check_works_without_packaging(tmp_path, monkeypatch):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nrequires-python = ">=3.10, <3.14"\n', encoding="utf-8")
    monkeypatch.setattr(doctor, "_packaging", lambda: None)
    assert doctor.check_python((3, 12, 4), pyproject).status == "ok"
    assert_fails(doctor.check_python((3, 14, 0), pyproject), ">=3.10, <3.14")
    assert_fails(doctor.check_python((3, 9, 2), pyproject), "3.9.2")


# --- versions against the ranges and the lock ------------------------------------------

def test_requirements_in_range_pass(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\nnumpy>=2.0  # why\nscipy>=1.10\n-e .\n"
                            'tomli>=1; python_version < "3"\n', encoding="utf-8")
    site = fake_site(tmp_path, numpy=("2.1.3", []), scipy=("1.14.0", []))
    check = doctor.check_requirements(requirements, site)
    assert check.status == "ok" and "all 2 installed" in check.detail, check.line()


def test_old_and_missing_versions_fail(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("numpy>=2.0\nscipy>=1.10\nPillow>=9.5\n", encoding="utf-8")
    site = fake_site(tmp_path, numpy=("1.26.4", []), pillow=("10.0.0", []))
    assert_fails(doctor.check_requirements(requirements, site),
                 "numpy 1.26.4 is not >=2.0", "scipy is not installed",
                 "-m pip install -r requirements.txt")


def test_lock_file_pins_compare_exactly(tmp_path):
    lock = tmp_path / "requirements-lock.txt"
    lock.write_text("numpy==2.4.6\nJinja2==3.1.6\n-e .\n", encoding="utf-8")
    site = fake_site(tmp_path, numpy=("2.4.5", []), jinja2=("3.1.6", []))
    assert_fails(doctor.check_requirements(lock, site), "numpy 2.4.5 is not ==2.4.6")
    assert "Jinja2" not in doctor.check_requirements(lock, site).detail


def test_the_course_environment_meets_requirements_txt():
    check = doctor.check_requirements(ROOT / "requirements.txt")
    assert check.status == "ok", check.line()


# --- ipywidgets and jupyterlab_widgets -------------------------------------------------

def test_matching_widget_pair_passes(tmp_path):
    site = fake_site(tmp_path, ipywidgets=("8.1.9", ["jupyterlab_widgets~=3.0.17"]),
                     jupyterlab_widgets=("3.0.17", []))
    assert doctor.check_widget_pair(site).status == "ok"


def test_mismatched_widget_pair_fails(tmp_path):
    site = fake_site(tmp_path, ipywidgets=("8.1.9", ["jupyterlab_widgets~=3.0.17",
                                                     'pytest; extra == "test"']),
                     jupyterlab_widgets=("3.0.9", []))
    assert_fails(doctor.check_widget_pair(site), "jupyterlab_widgets 3.0.9",
                 "needs jupyterlab_widgets ~=3.0.17", '"jupyterlab_widgets~=3.0.17"')


def test_missing_jupyterlab_widgets_fails(tmp_path):
    site = fake_site(tmp_path, ipywidgets=("8.1.9", ["jupyterlab_widgets~=3.0.17"]))
    assert_fails(doctor.check_widget_pair(site), "jupyterlab_widgets not installed")


def test_the_course_environment_has_a_matching_pair():
    assert doctor.check_widget_pair().status == "ok"


# --- the notebooks' kernel -------------------------------------------------------------

def test_the_notebooks_name_python3_and_it_runs_this_python():
    assert doctor.notebook_kernels() == {"python3"}
    check = doctor.check_kernels()
    assert check.status == "ok", check.line()


def test_a_kernel_nobody_installed_fails():
    assert_fails(doctor.check_kernels({"no-such-kernel"}), "no-such-kernel is not installed",
                 "ipykernel install")


def test_a_python3_kernel_of_another_python_fails(tmp_path, monkeypatch):
    # A kernel in JUPYTER_PATH comes before the environment's own, as one in a
    # learner's home folder does.
    kernel = tmp_path / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": ["/opt/old/bin/python3.8", "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": "Python 3", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert_fails(doctor.check_kernels({"python3"}), "runs /opt/old/bin/python3.8",
                 "jupyter kernelspec remove python3")


# --- pictures ----------------------------------------------------------------------------

def test_the_pictures_load():
    check = doctor.check_pictures()
    assert check.status == "ok", check.line()
    assert "4 load" in check.detail


def test_a_missing_picture_fails(tmp_path, monkeypatch):
    folder = tmp_path / "images"
    shutil.copytree(images_module.IMAGES_DIR, folder)
    (folder / "chelsea.png").unlink()
    monkeypatch.setattr(images_module, "IMAGES_DIR", folder)
    check = doctor.check_pictures()
    assert_fails(check, f"chelsea: the file chelsea.png is missing from {folder}")
    assert "name must be" not in check.detail and "camera" not in check.detail  # only chelsea


def test_a_damaged_picture_fails(tmp_path, monkeypatch):
    folder = tmp_path / "images"
    shutil.copytree(images_module.IMAGES_DIR, folder)
    (folder / "camera.png").write_bytes(b"not a png")
    monkeypatch.setattr(images_module, "IMAGES_DIR", folder)
    assert_fails(doctor.check_pictures(), "camera: FileNotFoundError", "cannot be read")


# --- Chromium, disk, memory ----------------------------------------------------------------

def test_chromium_missing_fails(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CHROMIUM", str(tmp_path / "chromium"))
    assert_fails(doctor.check_chromium("linux"), "is missing", "apt-get install chromium")
    assert doctor.check_chromium("win32").status == "skip"


def test_chromium_present_passes(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("COURSE_CHROMIUM", str(fake))
    assert doctor.check_chromium("linux").status == "ok"
    assert doctor.check_chromium("darwin").status == "ok"


def test_disk_needs_more_without_venv(monkeypatch, tmp_path):
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(doctor.shutil, "disk_usage",
                        lambda folder: usage._replace(free=doctor.GIB))
    (tmp_path / "venv").mkdir()
    assert doctor.check_disk(tmp_path, venv=tmp_path / "venv").status == "ok"
    assert_fails(doctor.check_disk(tmp_path, venv=tmp_path / "no-venv"), "1.0 GiB free")


def test_memory_from_meminfo_and_cgroup(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:  16000000 kB\nMemAvailable:  8388608 kB\n")
    assert doctor.available_memory(meminfo, tmp_path / "no-cgroup") == 8 * doctor.GIB
    (tmp_path / "memory.max").write_text(f"{3 * doctor.GIB}\n")
    (tmp_path / "memory.current").write_text(f"{2 * doctor.GIB}\n")
    assert doctor.available_memory(meminfo, tmp_path) == doctor.GIB
    assert_fails(doctor.check_memory(doctor.GIB), "1.0 GiB available")
    assert doctor.check_memory(4 * doctor.GIB).status == "ok"


# --- the virtual environment ---------------------------------------------------------------

def test_venv_in_use_passes_and_another_python_fails(tmp_path):
    venv = tmp_path / ".venv"
    assert_fails(doctor.check_venv(Path(sys.prefix), venv), ".venv does not exist yet",
                 "lab")
    venv.mkdir()
    assert doctor.check_venv(venv, venv).status == "ok"
    assert_fails(doctor.check_venv(tmp_path / "elsewhere", venv), "not in .venv", "doctor")


def test_without_the_venv_the_package_checks_are_skipped(monkeypatch, capsys):
    monkeypatch.setattr(doctor, "check_venv", lambda: doctor.Check(
        "virtual environment", "FAIL", ".venv does not exist yet", "./course lab"))
    assert doctor.main() == 1
    lines = capsys.readouterr().out.splitlines()
    skipped = [line.split(":")[0] for line in lines if line.startswith("skip")]
    assert skipped == ["skip  versions vs requirements.txt",
                       "skip  ipywidgets/jupyterlab_widgets", "skip  kernel", "skip  pictures"]


# --- the command ---------------------------------------------------------------------------

def run_doctor(*args, cwd=ROOT, python=(), **env):
    """The doctor in a subprocess of this Python, taken as the course's environment (the
    suite also runs in the version matrix's environments, not only in .venv); English
    unless ``args`` or ``env`` choose a language. ``python``: that Python's own options
    (``-c CODE``) instead of the doctor's file name."""
    inherited = {key: value for key, value in os.environ.items() if key != "COURSE_LANG"}
    env = {**inherited, "COURSE_VENV": sys.prefix, **env}
    command = [sys.executable, *(python or [str(ROOT / "scripts" / "doctor.py")]), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


def test_doctor_prints_one_line_per_check_and_fails_on_an_old_version(tmp_path):
    pins = tmp_path / "old.txt"
    pins.write_text("numpy<2\n", encoding="utf-8")
    result = run_doctor(COURSE_REQUIREMENTS=str(pins),
                        COURSE_CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checks = [line for line in lines if line[:4] in ("ok  ", "FAIL", "skip")]
    names = [line[6:].split(":")[0] for line in checks]
    assert names == ["Python", "virtual environment", "versions vs requirements.txt",
                     "versions vs old.txt", "ipywidgets/jupyterlab_widgets",
                     "kernel python3", "pictures", "Chromium", "disk", "memory"]
    failed = [line for line in checks if line.startswith("FAIL")]
    assert [line[6:].split(":")[0] for line in failed] == ["versions vs old.txt", "Chromium"]
    assert "is not <2" in failed[0]
    assert lines[-1] == f"2 of {len(checks)} checks failed"
    assert result.stderr == ""


def test_doctor_prints_the_course_version_first():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+: pyproject.toml read independently
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    result = run_doctor(COURSE_CHROMIUM="/no-chromium")
    assert result.stdout.splitlines()[0] == \
        f"course version {version} (pyproject.toml; CHANGELOG.md says what changed)"


# --- its language -------------------------------------------------------------------------

#: The names of the checks in Chinese, as scripts.doctor.po gives them.
CHINESE_NAMES = ["Python", "虚拟环境", "按 requirements.txt 核对版本",
                 "ipywidgets/jupyterlab_widgets", "内核 python3", "图片", "Chromium", "磁盘",
                 "内存"]


def check_lines(result):
    return [line for line in result.stdout.splitlines() if line[:4] in ("ok  ", "FAIL", "skip")]


def assert_chinese(result):
    """Every line of the doctor's output in Chinese: the version, each check with its fix,
    the count (the missing Chromium fails)."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("课程版本 ") and lines[0].endswith("改了什么见 CHANGELOG.md）")
    checks = check_lines(result)
    assert [line[6:].split("：")[0] for line in checks] == CHINESE_NAMES
    chromium = lines.index(next(line for line in checks if line.startswith("FAIL")))
    assert lines[chromium].endswith("不存在：真实浏览器测试会被跳过（CI=true 时算作失败）")
    assert lines[chromium + 1].startswith("      解决办法：sudo apt-get install chromium（以 root")
    assert lines[-1] == f"{len(checks)} 项检查中有 1 项未通过"
    assert not [line for line in lines if " fix: " in line or "checks failed" in line]
    assert result.stderr == ""


def test_doctor_speaks_chinese_with_lang_zh(tmp_path):
    assert_chinese(run_doctor("--lang", "zh", COURSE_CHROMIUM=str(tmp_path / "no-chromium")))
    assert_chinese(run_doctor("--lang=zh", COURSE_CHROMIUM=str(tmp_path / "no-chromium")))


def test_doctor_speaks_chinese_with_course_lang_or_the_marker(tmp_path):
    assert_chinese(run_doctor(COURSE_LANG="zh", COURSE_CHROMIUM=str(tmp_path / "no-chromium")))
    deep = tmp_path / "edition" / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "edition" / ".course-language").write_text("zh_CN\n", encoding="utf-8")
    assert_chinese(run_doctor(cwd=deep, COURSE_CHROMIUM=str(tmp_path / "no-chromium")))


def test_doctor_speaks_english_by_default_and_with_lang_en(tmp_path):
    for result in (run_doctor(COURSE_CHROMIUM=str(tmp_path / "no-chromium")),
                   run_doctor("--lang", "en", COURSE_LANG="zh",
                              COURSE_CHROMIUM=str(tmp_path / "no-chromium"))):
        lines = result.stdout.splitlines()
        assert lines[0].startswith("course version "), result.stdout
        assert "\n      fix: sudo apt-get install chromium (./course test installs it" in \
            result.stdout
        assert lines[-1] == f"1 of {len(check_lines(result))} checks failed"
        assert not re.search(r"[\u4e00-\u9fff]", result.stdout)


def test_an_unknown_language_is_refused():
    result = run_doctor("--lang", "fr")
    assert result.returncode == 2 and "invalid choice: 'fr'" in result.stderr
    result = run_doctor(COURSE_LANG="klingon", COURSE_CHROMIUM="/no-chromium")
    assert result.stdout.startswith("course version ")  # English, and still every check
    assert "'klingon'; speaking English" in result.stderr


def test_chinese_without_the_course_environment(tmp_path):
    """Before .venv exists, in a Python without numpy: i18n.py is loaded by its file name,
    not with the package, and the doctor speaks Chinese."""
    code = ("import runpy, sys; sys.modules['numpy'] = None; "
            f"sys.argv = [{str(ROOT / 'scripts' / 'doctor.py')!r}, '--lang', 'zh']; "
            "runpy.run_path(sys.argv[0], run_name='__main__')")
    result = run_doctor(python=["-c", code], COURSE_VENV=str(tmp_path / ".venv"))
    lines = result.stdout.splitlines()
    assert "FAIL  虚拟环境：.venv 还不存在" in lines, result.stdout + result.stderr
    assert "      解决办法：./course lab 会创建它，并装好需要的一切" in lines
    assert "skip  内核：只在 .venv 中检查" in lines and "skip  图片：只在 .venv 中检查" in lines


def test_main_leaves_the_language_as_it_found_it(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("COURSE_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(doctor, "all_checks", lambda: [doctor.check_chromium("linux")])
    assert doctor.main(["--lang", "zh"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 项检查中有 1 项未通过"
    assert doctor.check_chromium("linux").fix.startswith("sudo apt-get install chromium (")


def test_course_doctor_passes_lang_to_the_doctor(tmp_path):
    """./course doctor --lang zh: course.py hands its arguments to the doctor."""
    result = run_doctor("doctor", "--lang", "zh", python=[str(ROOT / "course.py")],
                        COURSE_CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.stdout.startswith("课程版本 "), result.stdout + result.stderr
    assert "\n      解决办法：sudo apt-get install chromium（" in result.stdout
