"""The files an instructor adopts the course by: CITATION.cff and the GitHub Actions
workflow validate against their schemas (check-jsonschema's vendored copies, from
requirements-ci.txt, which ./course test installs), a broken copy of each fails, and the
version is the same everywhere it is written out (pyproject.toml is the one place it is
set).
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from browser_support import ci

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from course_version import course_version  # noqa: E402


def pyproject_version() -> str:
    """pyproject.toml's version, read by a TOML parser (not by the code under test)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["project"]["version"]


def validate(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    """check-jsonschema against one of its built-in schemas (no download)."""
    if importlib.util.find_spec("check_jsonschema") is None:
        if ci():
            pytest.fail("check-jsonschema is not installed (./course test installs "
                        "requirements-ci.txt)")
        pytest.skip("check-jsonschema is not installed: pip install -r requirements-ci.txt")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


# --------------------------------------------------------------------------- the version

def test_course_version_reads_pyproject():
    assert course_version() == pyproject_version()


def test_course_version_refuses_a_pyproject_without_one(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[build-system]\nversion = "9"\n[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no version"):
        course_version(path)


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_changelog_and_readme_carry_the_version():
    version = pyproject_version()
    assert str(citation()["version"]) == version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(.+?)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, re.MULTILINE)
    assert releases[0] == ("Unreleased", "")
    assert releases[1][0] == version, "the newest release in CHANGELOG.md is not the version"
    assert str(citation()["date-released"]) == releases[1][1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f'"Image convolution, hands on" by the course\'s authors (version {version})' in readme


def test_citation_names_both_licences_and_the_source_lesson():
    found = citation()
    assert found["license"] == ["CC-BY-4.0", "MIT"]
    (lesson,) = found["references"]
    assert lesson["authors"] == [{"family-names": "Rosebrock", "given-names": "Adrian"}]
    assert lesson["url"] in (ROOT / "notebooks" / "01-hand-computing-a-blur.ipynb").read_text(
        encoding="utf-8")


# --------------------------------------------------------------------------- CITATION.cff

def test_citation_cff_is_valid():
    result = validate("vendor.citation-file-format", ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


#: Broken copies of CITATION.cff, each of which the schema must refuse.
BROKEN_CITATIONS = {
    "no-authors": lambda text: re.sub(r"^authors:\n(  .*\n)+", "", text, flags=re.MULTILINE),
    "unknown-cff-version": lambda text: text.replace("cff-version: 1.2.0", "cff-version: 9"),
    "not-an-spdx-licence": lambda text: text.replace("  - MIT\n", "  - Not-A-Licence\n"),
}


def test_a_broken_citation_cff_fails(tmp_path):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    paths = []
    for name, change in BROKEN_CITATIONS.items():
        assert change(text) != text, name
        paths.append(tmp_path / f"{name}.cff")
        paths[-1].write_text(change(text), encoding="utf-8")
    result = validate("vendor.citation-file-format", *paths)  # one run for all: faster
    assert result.returncode == 1, result.stdout + result.stderr
    for path in paths:
        assert f"{path.name}::$" in result.stdout, path.name


# --------------------------------------------------------------------------- helpers

def test_check_jsonschema_is_not_a_learners_requirement():
    learners = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "check-jsonschema" not in learners
    assert re.search(r"^check-jsonschema>=", (ROOT / "requirements-ci.txt").read_text(
        encoding="utf-8"), re.MULTILINE)


# --------------------------------------------------------------------------- the workflow

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
#: The schemas each workflow must pass: GitHub's workflow syntax (SchemaStore's schema,
#: vendored by check-jsonschema) and check-jsonschema's own rule that every job has a
#: timeout (a hung notebook kernel would otherwise hold a runner for 6 hours).
WORKFLOW_SCHEMAS = ("vendor.github-workflows", "custom.github-workflows-require-timeout")


def workflow(path: Path = ROOT / ".github" / "workflows" / "ci.yml") -> dict:
    found = yaml.safe_load(path.read_text(encoding="utf-8"))
    found["on"] = found.pop(True, found.get("on"))  # YAML 1.1 reads the key `on` as True
    return found


@pytest.mark.parametrize("schema", WORKFLOW_SCHEMAS)
def test_the_workflows_are_valid(schema):
    assert [path.name for path in WORKFLOWS] == ["ci.yml"]
    result = validate(schema, *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


#: Broken copies of ci.yml: (name, schema that must refuse it, text replaced, replacement).
BROKEN_WORKFLOWS = [
    ("no-runs-on", "vendor.github-workflows", "    runs-on: ubuntu-24.04\n", ""),
    ("jobz", "vendor.github-workflows", "\njobs:\n", "\njobz:\n"),
    ("timeout-not-a-number", "vendor.github-workflows", "timeout-minutes: 60",
     "timeout-minutes: sixty"),
    ("misspelt-step-key", "vendor.github-workflows", "      - name: bash .ci/run",
     "      - nme: bash .ci/run"),
    ("unknown-event", "vendor.github-workflows", "\n  push:\n", "\n  pushed:\n"),
    ("job-without-timeout", "custom.github-workflows-require-timeout",
     "    timeout-minutes: 45\n", ""),
]


@pytest.mark.parametrize("schema", WORKFLOW_SCHEMAS)
def test_a_broken_workflow_fails(tmp_path, schema):
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    paths = []
    for name, refusing, old, new in BROKEN_WORKFLOWS:
        if refusing == schema:
            assert text.count(old) == 1, name
            paths.append(tmp_path / f"{name}.yml")
            paths[-1].write_text(text.replace(old, new), encoding="utf-8")
    result = validate(schema, *paths)  # one run for all: faster
    assert result.returncode == 1, result.stdout + result.stderr
    for path in paths:
        assert f"{path.name}::$" in result.stdout, path.name


def test_linux_runs_ci_run_on_every_push_and_pull_request():
    found = workflow()
    assert set(found["on"]) == {"push", "pull_request"}
    assert all(found["on"][event] is None for event in found["on"])  # every branch
    linux = found["jobs"]["linux"]
    assert linux["runs-on"].startswith("ubuntu-")
    assert linux["steps"][-1]["run"] == "bash .ci/run"
    # .ci/run's lowest leg needs the oldest supported Python on PATH.
    (setup,) = [step for step in linux["steps"] if "setup-python" in step.get("uses", "")]
    assert "3.10" in setup["with"]["python-version"].split()


def test_macos_and_windows_run_the_readmes_test_command_on_the_oldest_and_newest_python():
    job = workflow()["jobs"]["macos-windows"]
    matrix = job["strategy"]["matrix"]
    assert sorted(matrix["os"]) == ["macos-latest", "windows-latest"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    oldest = re.search(r'requires-python = ">=(3\.\d+)"', pyproject).group(1)
    newest = re.findall(r"Programming Language :: Python :: (3\.\d+)", pyproject)[-1]
    assert matrix["python"] == [oldest, newest] == ["3.10", "3.13"]
    runs = {step["if"]: step["run"] for step in job["steps"] if "run" in step}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    chromium_tests = " --deselect tests/test_browser.py --deselect tests/test_site.py"
    assert runs == {"runner.os == 'macOS'": "./course test" + chromium_tests,
                    "runner.os == 'Windows'": "python course.py test" + chromium_tests}
    assert "./course test" in readme and "python course.py lab` works as well" in readme


# --------------------------------------------------------------------------- CONTRIBUTING.md

def test_contributing_names_what_the_code_has():
    """The guide to adding an exercise names tables, tags and lines the code really uses."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tests = {name: (ROOT / "tests" / name).read_text(encoding="utf-8") for name in
             ("test_checks.py", "test_checks_diagnoses.py", "test_tolerances.py")}
    for table, test in [("FUNCTION_EXERCISES", "test_checks.py"),
                        ("NOTEBOOK_VALUES", "test_checks.py"),
                        ("DIAGNOSES", "test_checks_diagnoses.py"),
                        ("TOLERANCES", "test_tolerances.py"), ("RELATIVE", "test_tolerances.py"),
                        ("EXACT", "test_tolerances.py"), ("NAMES_ONLY", "test_tolerances.py")]:
        assert f"`{table}`" in guide and re.search(rf"^{table} = ", tests[test], re.MULTILINE)
    import learner_edition  # scripts/, on sys.path above
    import nbgrader_export
    assert f"exactly `{nbgrader_export.WORKED_SOLUTION_LINE}`" in guide
    assert nbgrader_export.CHECK_LINE.match("nb06.q7.check(gaussian_kernel)")
    assert f'"tags": ["{learner_edition.SOLUTION_TAG}"]' in guide
    for command in ("./course execute notebooks/06-the-kernel-bank.ipynb",
                    "./course execute --check", "./course nbgrader", "./course learner",
                    "--fresh-timings"):
        assert command in guide, command
