"""A wheel built from the checkout carries the pictures and their credits, its metadata
the course's licences and version, and an installed course_utils loads the pictures from
any folder, not only from a checkout.

The wheel is built from a copy of the package's sources (so the checkout gets no
build/ or .egg-info folder), installed with ``pip --target`` into a temporary folder
that comes first on PYTHONPATH, and used from another temporary folder.
"""

import email.parser
import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from course_utils import IMAGES_DIR, available_images, load_image

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT", "course_utils",
           "images")


def lowest_setuptools() -> tuple[int, int]:
    """The setuptools release pyproject.toml's [build-system] requires (77: PEP 639)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'requires = \["setuptools>=(\d+)(?:\.(\d+))?"\]', text)
    return int(found.group(1)), int(found.group(2) or 0)


def can_build_without_isolation() -> bool:
    """Whether this environment's setuptools builds wheels itself (no download).

    It must be as new as pyproject.toml requires (77, for the SPDX licence). setuptools
    70.1 ships bdist_wheel; older releases need the ``wheel`` package. Otherwise pip
    builds in an isolated environment, which needs PyPI or pip's cache.
    """
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    major_minor = tuple(int(part) for part in version.split(".")[:2])
    if major_minor < lowest_setuptools():
        return False
    if major_minor >= (70, 1):
        return True
    try:
        importlib.metadata.version("wheel")
    except importlib.metadata.PackageNotFoundError:
        return False
    return major_minor >= (64, 0)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
               str(source)]
    if can_build_without_isolation():
        command.insert(4, "--no-build-isolation")
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = dist.glob("course_utils-*.whl")
    return path


def test_the_wheel_carries_every_picture_and_the_credits(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"course_utils/_images/{path.name}" for path in IMAGES_DIR.iterdir()
                if path.is_file()}
    assert "course_utils/_images/CREDITS.md" in expected
    assert expected <= names
    assert not any(name.startswith("images/") for name in names)


def wheel_metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_wheel_metadata_carries_the_licences_and_the_files(wheel):
    metadata = wheel_metadata(wheel)
    # PEP 639: the SPDX expression, and each licence file named and shipped unchanged.
    assert metadata["License-Expression"] == "MIT AND CC-BY-4.0 AND CC0-1.0"
    assert sorted(metadata.get_all("License-File")) == \
        ["LICENSE", "LICENSE-CONTENT", "images/CREDITS.md"]
    with zipfile.ZipFile(wheel) as archive:
        for name in ("LICENSE", "LICENSE-CONTENT", "images/CREDITS.md"):
            shipped = f"course_utils-{metadata['Version']}.dist-info/licenses/{name}"
            assert archive.read(shipped) == (ROOT / name).read_bytes(), name
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8").startswith(
        "Attribution 4.0 International")


def test_the_wheel_has_the_course_version(wheel):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from course_version import course_version
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    version = course_version()
    assert wheel_metadata(wheel)["Version"] == version
    assert wheel.name.startswith(f"course_utils-{version}-")


def test_the_installed_wheel_loads_pictures_from_any_folder(wheel, tmp_path):
    target, elsewhere = tmp_path / "target", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, timeout=120)
    script = (
        "import hashlib, json, course_utils\n"
        "from course_utils import IMAGES_DIR, available_images, load_image\n"
        "print(json.dumps({'package': course_utils.__file__, 'images': str(IMAGES_DIR),\n"
        "    'credits': (IMAGES_DIR / 'CREDITS.md').is_file(), 'names': available_images(),\n"
        "    'camera': hashlib.sha256(load_image('camera').tobytes()).hexdigest(),\n"
        "    'chelsea': hashlib.sha256(load_image('chelsea', gray=True).tobytes()).hexdigest()}))\n"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["package"]).is_relative_to(target)
    assert Path(found["images"]) == target / "course_utils" / "_images"
    assert found["credits"] and found["names"] == available_images()
    assert found["camera"] == hashlib.sha256(load_image("camera").tobytes()).hexdigest()
    assert found["chelsea"] == hashlib.sha256(
        load_image("chelsea", gray=True).tobytes()).hexdigest()


def test_a_checkout_reads_the_top_level_images_folder():
    # This suite runs from the editable checkout (requirements.txt installs '-e .').
    assert IMAGES_DIR == ROOT / "images"
