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
import subprocess
import sys

import nbformat
import pytest
from conftest import COURSE_NOTEBOOKS, ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

sys.path.insert(0, str(ROOT / "scripts"))

import learner_edition  # noqa: E402

REAL_NOTEBOOKS = COURSE_NOTEBOOKS


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
    removed = learner_edition.build(dest, notebooks=[source])
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
    assert learner_edition.build(tmp_path / "out", notebooks=[source]) == {source.name: 0}
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
        learner_edition.build(tmp_path, notebooks=REAL_NOTEBOOKS[:1])
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_rebuilding_replaces_the_old_edition(tmp_path):
    learner_edition.build(tmp_path, notebooks=REAL_NOTEBOOKS[:1])
    learner_edition.build(tmp_path, notebooks=REAL_NOTEBOOKS[1:2])
    assert [p.name for p in (tmp_path / "notebooks").iterdir()] == [REAL_NOTEBOOKS[1].name]


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
    removed = learner_edition.build(dest)
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
        kept = [cell for cell in original.cells if not learner_edition.is_solution(cell)]
        assert edition.cells == kept, f"{path.name}: a cell other than a solution changed"
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
