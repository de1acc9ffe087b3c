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


@pytest.mark.parametrize("change", [
    lambda text: re.sub(r"^authors:\n(  .*\n)+", "", text, flags=re.MULTILINE),  # no authors
    lambda text: text.replace("cff-version: 1.2.0", "cff-version: 9"),
    lambda text: text.replace("  - MIT\n", "  - Not-A-Licence\n"),
], ids=["no authors", "unknown cff-version", "not an SPDX licence"])
def test_a_broken_citation_cff_fails(tmp_path, change):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken = change(text)
    assert broken != text
    path = tmp_path / "CITATION.cff"
    path.write_text(broken, encoding="utf-8")
    result = validate("vendor.citation-file-format", path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CITATION.cff::" in result.stdout


# --------------------------------------------------------------------------- helpers

def test_check_jsonschema_is_not_a_learners_requirement():
    learners = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "check-jsonschema" not in learners
    assert re.search(r"^check-jsonschema>=", (ROOT / "requirements-ci.txt").read_text(
        encoding="utf-8"), re.MULTILINE)
