"""The README for newcomers and the instructors' and authors' guide (INSTRUCTORS.md).

The README keeps what the course is, the two set-up commands, the contents and where to go
next; everything for instructors and authors is in the guide, which the README links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "INSTRUCTORS.md"
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


def sections(path: Path) -> list[str]:
    return re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.M)


def test_the_readme_links_the_guide_and_keeps_the_newcomers_sections():
    readme = README.read_text(encoding="utf-8")
    assert "](INSTRUCTORS.md)" in readme
    assert {"Set up", "Contents", "Where to go next"} <= set(sections(README))
    assert readme.count("```bash\n./course") == 2  # the two set-up commands, nothing else


def test_the_instructors_material_is_in_the_guide_not_the_readme():
    moved = {"The helper package", "Speed, measured", "Why these dependencies",
             "For instructors", "Editions and the website", "A class on a JupyterHub",
             "Forking, pinning a version, CI"}
    assert moved <= set(sections(GUIDE))
    assert not moved & set(sections(README))


@pytest.mark.parametrize("path", [README, GUIDE], ids=lambda p: p.name)
def test_every_relative_link_resolves(path):
    for text, target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: [{text}]({target})"
