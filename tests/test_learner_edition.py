"""The learner edition (scripts/learner_edition.py): solutions out, everything else as committed.

Two levels:

- a small scratch notebook with cells tagged ``solution`` (the course's notebooks may
  have none yet) proves the mechanism: tagged cells removed, every other cell's outputs
  byte for byte the same, no line of a solution's source left in the edition, and
  none in its outputs once executed;
- the edition of the course's real notebooks: unchanged apart from the solution cells,
  no solution line in it, and strict nbval passes on it (which also proves that
  removing the solutions breaks no later cell); the outputs nbval's run produced are
  recorded and searched for solution lines too.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import COURSE_NOTEBOOKS, ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

sys.path.insert(0, str(ROOT / "scripts"))

import contents_page  # noqa: E402
import learner_edition  # noqa: E402
from browser_support import JupyterServer  # noqa: E402

REAL_NOTEBOOKS = COURSE_NOTEBOOKS
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def solution_lines(nb) -> list[str]:
    """The lines of every solution cell (comments included) worth searching for: at least
    8 characters, so not a lone bracket, ``else:`` or ``return x`` that any code contains,
    and not one the other cells already show (the check call, the signature the learner's
    cell gives, even inside a comment)."""
    shown = "\n".join(cell.source for cell in nb.cells if not learner_edition.is_solution(cell))
    return [line.strip() for cell in nb.cells if learner_edition.is_solution(cell)
            for line in cell.source.splitlines()
            if len(line.strip()) >= 8 and line.strip() not in shown]


def leaked(text: str, lines: list[str]) -> list[str]:
    return [line for line in lines if line in text]


def all_output_text(nb) -> str:
    return json.dumps([cell.get("outputs", []) for cell in nb.cells], ensure_ascii=False)


def scratch_notebook():
    """Exercise, solution (tagged, with outputs), a cell using the learner's own work."""
    nb = new_notebook(cells=[
        new_markdown_cell("# 99 · Scratch\n\nWrite `double(x)`."),
        new_code_cell("def double(x):\n    return x + x  # the learner's version\n"
                      "print(double(21))", execution_count=1,
                      outputs=[new_output("stream", name="stdout", text="42\n")]),
        new_code_cell("def reference_double(x):\n    secret_answer_value = 2 * x\n"
                      "    return secret_answer_value\nprint('worked solution prints', "
                      "reference_double(4))",
                      execution_count=2, metadata={"tags": ["solution"]},
                      outputs=[new_output("stream", name="stdout",
                                          text="worked solution prints 8\n")]),
        new_code_cell("import numpy as np\nnp.arange(3) * double(1)", execution_count=3,
                      outputs=[new_output("execute_result", execution_count=3,
                                          data={"text/plain": "array([0, 2, 4])"})]),
        new_markdown_cell("A second exercise.", metadata={"tags": ["exercise"]}),
        new_code_cell("print('also hidden:', 'unique-solution-token-17')",
                      execution_count=4, metadata={"tags": ["exercise", "solution"]},
                      outputs=[new_output("stream", name="stdout",
                                          text="also hidden: unique-solution-token-17\n")]),
        new_code_cell("print('after the solutions', double(5))", execution_count=5,
                      outputs=[new_output("stream", name="stdout",
                                          text="after the solutions 10\n")]),
    ])
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    return nb


@pytest.fixture
def scratch(tmp_path):
    source = tmp_path / "course" / "99-scratch.ipynb"
    source.parent.mkdir()
    nb = scratch_notebook()
    source.write_text(learner_edition.render(nb), encoding="utf-8")
    dest = tmp_path / "edition"
    removed = learner_edition.build(dest, notebooks=[source], wheel=False)
    edition = dest / "notebooks" / source.name
    return nb, source, dest, edition, removed


def test_solution_cells_are_removed_and_the_rest_kept_byte_for_byte(scratch):
    nb, source, dest, edition_path, removed = scratch
    assert removed == {"99-scratch.ipynb": 2}
    edition = json.loads(edition_path.read_text(encoding="utf-8"))
    original = json.loads(source.read_text(encoding="utf-8"))
    kept = [cell for cell in original["cells"]
            if "solution" not in cell.get("metadata", {}).get("tags", [])]
    assert len(kept) == len(original["cells"]) - 2
    assert edition["cells"] == kept  # sources, ids, metadata, outputs, execution counts
    assert [c["id"] for c in edition["cells"]] == [c["id"] for c in kept]
    for old, new in zip(kept, edition["cells"], strict=True):
        if old["cell_type"] == "code":
            assert json.dumps(new["outputs"]) == json.dumps(old["outputs"])
    assert edition["metadata"] == original["metadata"]
    assert (dest / learner_edition.MARKER).is_file()


def test_no_solution_line_in_the_edition_executed_or_not(scratch):
    from nbclient import NotebookClient

    nb, source, dest, edition_path, removed = scratch
    lines = solution_lines(nb)
    assert len(lines) >= 4 and "secret_answer_value = 2 * x" in lines
    assert leaked(source.read_text(encoding="utf-8"), lines) == lines  # the search works
    text = edition_path.read_text(encoding="utf-8")
    assert leaked(text, lines) == []
    assert "unique-solution-token-17" not in text and "worked solution prints" not in text
    executed = nbformat.read(edition_path, as_version=4)
    NotebookClient(executed, timeout=120, kernel_name="python3").execute(
        cwd=str(edition_path.parent))
    printed = all_output_text(executed)
    assert "after the solutions 10" in printed  # the cells after the solutions still run
    assert leaked(printed, lines) == []
    assert "unique-solution-token-17" not in printed


def test_a_notebook_without_solutions_is_copied_byte_for_byte(tmp_path):
    nb = scratch_notebook()
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    source = tmp_path / "98-plain.ipynb"
    source.write_text(learner_edition.render(nb), encoding="utf-8")
    removed = learner_edition.build(tmp_path / "out", notebooks=[source], wheel=False)
    assert removed == {source.name: 0}
    assert (tmp_path / "out" / "notebooks" / source.name).read_bytes() == source.read_bytes()


def test_the_edition_names_the_course_version_and_carries_the_licences(scratch):
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+: pyproject.toml read independently
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    dest = scratch[2]
    readme = (dest / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# Image convolution, hands on: learner edition, version {version}\n")
    assert "CC BY 4.0 (LICENSE-CONTENT)" in readme and "MIT licence (LICENSE)" in readme
    marker = " ".join((dest / learner_edition.MARKER).read_text(encoding="utf-8").split())
    assert f"from version {version} of the course" in marker
    for name in ("LICENSE", "LICENSE-CONTENT"):
        assert (dest / name).read_bytes() == (ROOT / name).read_bytes()


def test_refuses_to_overwrite_a_folder_that_is_no_edition(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not empty and is no learner edition"):
        learner_edition.build(tmp_path, notebooks=REAL_NOTEBOOKS[:1], wheel=False)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_rebuilding_replaces_the_old_edition(tmp_path):
    learner_edition.build(tmp_path, notebooks=REAL_NOTEBOOKS[:1], wheel=False)
    learner_edition.build(tmp_path, notebooks=REAL_NOTEBOOKS[1:2], wheel=False)
    assert sorted(p.name for p in (tmp_path / "notebooks").iterdir()) == [
        REAL_NOTEBOOKS[1].name, contents_page.NAME]
    page = (tmp_path / "notebooks" / contents_page.NAME).read_text(encoding="utf-8")
    assert REAL_NOTEBOOKS[1].name in page and REAL_NOTEBOOKS[0].name not in page


# --------------------------------------------------------------------------- the real course

NBVAL_RECORDER = '''
import json, os


def pytest_runtest_makereport(item, call):
    """Record the outputs nbval's fresh kernel produced for every cell."""
    outputs = getattr(item, "test_outputs", None)
    if call.when == "call" and outputs is not None:
        with open(os.environ["CU_RECORD_OUTPUTS"], "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"cell": item.nodeid, "outputs": outputs},
                                    ensure_ascii=False, default=str) + "\\n")
'''


@pytest.fixture(scope="module")
def real_edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("learner")
    removed = learner_edition.build(dest, wheel=False)  # the wheel: tests/test_learner_wheel.py
    return dest, removed


def test_the_real_edition_has_every_notebook_and_no_solution(real_edition):
    dest, removed = real_edition
    assert sorted(removed) == [p.name for p in REAL_NOTEBOOKS]
    assert (dest / learner_edition.MARKER).is_file()
    for path in REAL_NOTEBOOKS:
        original = nbformat.read(path, as_version=4)
        edition = nbformat.read(dest / "notebooks" / path.name, as_version=4)
        assert learner_edition.solution_cells(edition) == []
        assert removed[path.name] == len(learner_edition.solution_cells(original))
        kept = [cell for index, cell in enumerate(original.cells)
                if not learner_edition.is_solution(cell)
                and not learner_edition.is_label(original.cells, index)]
        for cell in kept:
            if cell.cell_type == "markdown":
                cell.source = learner_edition.learner_text(cell.source)
        assert edition.cells == kept, (f"{path.name}: a cell other than a solution, its "
                                       "label or a promise of one changed")
        text = (dest / "notebooks" / path.name).read_text(encoding="utf-8")
        assert leaked(text, solution_lines(original)) == [], path.name
        if removed[path.name] == 0:
            assert text == path.read_text(encoding="utf-8")


def test_strict_nbval_passes_on_the_real_edition_and_prints_no_solution(real_edition, tmp_path):
    """Every notebook of the edition re-executed in a fresh kernel matches its stored outputs
    (the repo's sanitize file, nothing else ignored), and what it printed holds no solution."""
    dest, removed = real_edition
    (tmp_path / "cu_record_outputs.py").write_text(NBVAL_RECORDER, encoding="utf-8")
    record = tmp_path / "outputs.jsonl"
    env = dict(os.environ, CU_RECORD_OUTPUTS=str(record),
               PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path),
                                                         os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider",
               "-p", "cu_record_outputs", "-c", str(ROOT / "pyproject.toml"),
               "--rootdir", str(ROOT), "-o", "addopts=", "-q",
               "--nbval", "--nbval-current-env",
               "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
               str(dest / "notebooks")]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=1200)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout.splitlines()[-1]
    recorded = record.read_text(encoding="utf-8")
    cells = recorded.count("\n")
    code_cells = sum(cell.cell_type == "code"
                     for path in (dest / "notebooks").glob("*.ipynb")
                     for cell in nbformat.read(path, as_version=4).cells)
    assert cells == code_cells, f"nbval ran {cells} cells, the edition has {code_cells}"
    lines = [line for path in REAL_NOTEBOOKS
             for line in solution_lines(nbformat.read(path, as_version=4))]
    assert leaked(recorded, lines) == []


# ------------------------------------------------------------ no seams: labels, promises

def labelled_exercise_notebook(intro: str):
    """An exercises' introduction, a learner's cell, its label and its solution."""
    nb = scratch_notebook()
    nb.cells[:3] = [
        new_markdown_cell(f"## Exercises\n\n{intro}\n\n**1.** Double 21."),
        new_code_cell("answer = ...", execution_count=1),
        new_markdown_cell("Worked solution (click to open):"),
        new_code_cell("answer = 42", execution_count=2, metadata={"tags": ["solution"]}),
    ]
    return nb


def test_labels_go_with_their_solution_and_promises_are_rewritten():
    intro = ("Check it with the cell below; `nb01.q1.hint()` prints a hint. Each worked\n"
             "solution sits in a collapsed cell below the exercise: open it\nonce you have tried.")
    nb = labelled_exercise_notebook(intro)
    edition = learner_edition.learner_notebook(nb)
    texts = [cell.source for cell in edition.cells]
    assert "Worked solution (click to open):" not in texts
    assert "answer = 42" not in texts and "answer = ..." in texts
    assert len(edition.cells) == len(nb.cells) - 3  # label, both solutions
    assert texts[0] == ("## Exercises\n\nCheck it with the cell below; `nb01.q1.hint()` "
                        "prints a hint. The worked solutions are not in this edition (ask "
                        "your instructor).\n\n**1.** Double 21.")


@pytest.mark.parametrize("intro, extra", [
    ("The worked solution of each exercise is in the cell below it.", None),
    ("Each exercise has a check.", "Worked solution (click to open):"),  # above no solution
])
def test_a_promise_the_edition_cannot_keep_stops_the_build(intro, extra):
    nb = labelled_exercise_notebook(intro)
    assert learner_edition.learner_notebook(labelled_exercise_notebook("A check."))
    if extra:
        nb.cells.append(new_markdown_cell(extra))
    with pytest.raises(SystemExit, match=r"99-x.ipynb, cell .* speaks of a worked solution"):
        learner_edition.learner_notebook(nb, "99-x.ipynb")


def test_the_real_edition_has_no_orphan_label_and_promises_no_solution(real_edition):
    dest, removed = real_edition
    labels = 0
    for path in REAL_NOTEBOOKS:
        original = nbformat.read(path, as_version=4)
        labels += sum(learner_edition.is_label(original.cells, index)
                      for index in range(len(original.cells)))
        edition = nbformat.read(dest / "notebooks" / path.name, as_version=4)
        for cell in edition.cells:
            if cell.cell_type == "markdown":
                assert "click to open" not in cell.source.lower(), path.name
                rest = cell.source.lower().replace(learner_edition.NOT_HERE, "")
                assert "worked solution" not in rest.replace("\n", " "), path.name
    assert labels == sum(removed.values())  # every solution had its label, none is left


# ------------------------------------------------------------------ the contents pages

def nav_links(path: Path) -> dict[str, str]:
    """{link text: target} of a notebook's last cell."""
    nb = nbformat.read(path, as_version=4)
    return {text: target for text, target in LINK.findall(nb.cells[-1].source)}


def test_the_committed_contents_page_is_current():
    assert contents_page.main(["--check"]) == 0, "run: python scripts/contents_page.py"


def test_every_contents_page_and_contents_link_resolves(real_edition):
    dest, _ = real_edition
    learner_page = nbformat.read(dest / "notebooks" / contents_page.NAME, as_version=4)
    full_page = nbformat.read(contents_page.PAGE, as_version=4)
    assert "learner edition" in learner_page.cells[0].source
    assert "learner edition" not in full_page.cells[0].source
    for folder, page in ((ROOT / "notebooks", full_page), (dest / "notebooks", learner_page)):
        targets = [target for _, target in LINK.findall(page.cells[0].source)]
        assert targets == [p.name for p in REAL_NOTEBOOKS]
        assert all((folder / target).is_file() for target in targets)
        for path in REAL_NOTEBOOKS:
            links = {text.lower(): target for text, target in nav_links(folder / path.name)
                     .items()}
            assert links.get("contents") == contents_page.NAME, (folder, path.name, links)


def lab_answers(server: JupyterServer, path: str) -> int:
    """The HTTP status of JupyterLab's contents API for ``path`` (relative to its root)."""
    request = urllib.request.Request(f"{server.url}/api/contents/{path}?content=0",
                                     headers={"Authorization": f"token {server.token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("edition", ["full, served from notebooks/ (./course lab)",
                                     "full, served from the course's folder",
                                     "learner (./course lab --learner)"])
def test_jupyterlab_opens_every_notebooks_links(edition, real_edition):
    """A real JupyterLab resolves each link of each notebook's last cell as its markdown
    renderer does (relative to the notebook, inside the server's root) and serves it: 200.
    A link that leaves the root (what ../README.md did from notebooks/ or in the learner
    edition) would be refused, which JupyterLab shows as nothing at all."""
    dest, _ = real_edition
    # ./course lab names notebook 01, so JupyterLab's root is notebooks/; --learner sets
    # the root to the edition's folder.
    root, folder = {"full, served from notebooks/ (./course lab)": (ROOT / "notebooks", ""),
                    "full, served from the course's folder": (ROOT, "notebooks"),
                    "learner (./course lab --learner)": (dest, "notebooks")}[edition]
    with JupyterServer(root) as server:
        assert lab_answers(server, posixpath.join(folder, "no-such-page.ipynb")) == 404
        for path in REAL_NOTEBOOKS + [contents_page.PAGE]:
            nb = nbformat.read(root / folder / path.name, as_version=4)
            cell = nb.cells[-1].source if path.name != contents_page.NAME else nb.cells[0].source
            for _, target in LINK.findall(cell):
                resolved = posixpath.normpath(posixpath.join(folder or ".", target))
                assert not resolved.startswith(".."), f"{path.name}: {target} leaves the root"
                assert lab_answers(server, resolved) == 200, (path.name, target)


# ------------------------------------------------------------------ the Chinese edition

@pytest.fixture(scope="module")
def chinese_edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("learner-zh")
    removed = learner_edition.build(dest, wheel=False, language="zh")
    return dest, removed


def test_the_chinese_edition_leaves_out_what_the_english_one_does(chinese_edition, real_edition):
    """The same cells as the English learner edition, each the Chinese notebook's (outputs
    included), its markdown the translation of the English edition's: no solution, no label,
    no promise of one."""
    dest, removed = chinese_edition
    english_dest, english_removed = real_edition
    assert removed == english_removed
    assert (dest / learner_edition.LANGUAGE_MARKER).read_text(encoding="utf-8") == "zh_CN\n"
    assert (dest / learner_edition.MARKER).is_file()
    chinese_folder = ROOT / "notebooks-zh"
    for path in REAL_NOTEBOOKS:
        english = nbformat.read(english_dest / "notebooks" / path.name, as_version=4)
        edition = nbformat.read(dest / "notebooks" / path.name, as_version=4)
        full = {cell.id: cell for cell in nbformat.read(chinese_folder / path.name,
                                                        as_version=4).cells}
        assert [cell.id for cell in edition.cells] == [cell.id for cell in english.cells]
        for cell in edition.cells:
            if cell.cell_type == "code":
                assert cell == full[cell.id], f"{path.name}: code cell {cell.id} changed"
        text = (dest / "notebooks" / path.name).read_text(encoding="utf-8")
        assert leaked(text, solution_lines(nbformat.read(path, as_version=4))) == [], path.name
        assert "参考解答（点击展开）" not in text and "Worked solution" not in text


def test_the_chinese_edition_has_its_own_contents_page(chinese_edition):
    dest, removed = chinese_edition
    page = nbformat.read(dest / "notebooks" / "contents.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in page.cells)
    assert "学习者版" in text
    for name in removed:
        assert f"]({name})" in text
