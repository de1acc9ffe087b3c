"""Every figure has its own alt text, written with it in the notebook (issue 21 §7).

The text sits in the producing cell's ``metadata["alt"]`` (a string, or a list with
one text per figure), the site uses it as the figure's ``<img alt>``, and
scripts/alt_text.json, from which scripts/apply_alt_text.py writes it, agrees with
the notebooks.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import COURSE_NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import apply_alt_text  # noqa: E402
import build_site  # noqa: E402

#: Openings of the old alt text, taken from nearby prose, that do not describe a picture.
NOT_A_DESCRIPTION = ("Figure.", "Figure with", "Notebook 0", "The timings below")


def figure_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [cell for cell in nb.cells
            if cell.cell_type == "code" and apply_alt_text.figure_count(cell)]


def texts_of(cell) -> list:
    value = cell.metadata.get("alt")
    return [value] if isinstance(value, str) else list(value or [])


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_figure_has_its_own_description(path):
    for cell in figure_cells(path):
        count = apply_alt_text.figure_count(cell)
        value = cell.metadata.get("alt")
        assert value is not None, (
            f"{path.name}, cell {cell.get('id')}: a figure without alt text; write one into "
            "scripts/alt_text.json and run scripts/apply_alt_text.py")
        assert (isinstance(value, str) and count == 1) or (
            isinstance(value, list) and len(value) == count), (
            f"{path.name}, cell {cell.get('id')}: {count} figure(s) need "
            f"{'a string' if count == 1 else f'a list of {count} strings'}, got {value!r}")
        for text in texts_of(cell):
            words = text.split()
            assert 15 <= len(words) <= 130, f"{cell.get('id')}: {len(words)} words: {text!r}"
            assert not text.startswith(NOT_A_DESCRIPTION), text
            assert not re.search(r"\.(png|jpe?g|svg)\b", text), text
            assert "Notice" in text, f"{cell.get('id')}: say what to notice: {text!r}"


def test_no_two_figures_share_a_description():
    texts = [text for path in COURSE_NOTEBOOKS for cell in figure_cells(path)
             for text in texts_of(cell)]
    assert len(texts) == sum(apply_alt_text.figure_count(c) for p in COURSE_NOTEBOOKS
                             for c in figure_cells(p))
    assert len(set(texts)) == len(texts)


def test_the_json_and_the_notebooks_agree():
    stored = apply_alt_text.load()
    assert sorted(stored) == sorted(path.name for path in COURSE_NOTEBOOKS)
    for path in COURSE_NOTEBOOKS:
        in_notebook = {cell.get("id"): cell.metadata["alt"] for cell in figure_cells(path)}
        assert stored[path.name] == in_notebook, path.name
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "apply_alt_text.py"),
                           "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_apply_writes_the_metadata_and_is_idempotent(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    name = COURSE_NOTEBOOKS[0].name
    shutil.copy(COURSE_NOTEBOOKS[0], folder / name)
    nb = nbformat.read(folder / name, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("alt", None)
    (folder / name).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    texts = {name: apply_alt_text.load()[name]}
    (tmp_path / "alt.json").write_text(json.dumps(texts), encoding="utf-8")
    args = ["--notebooks", str(folder), "--json", str(tmp_path / "alt.json")]
    assert apply_alt_text.main([*args, "--check"]) == 1  # stripped: they disagree
    assert apply_alt_text.main(args) == 0
    first = (folder / name).read_bytes()
    assert first == COURSE_NOTEBOOKS[0].read_bytes()  # byte for byte the committed file
    assert apply_alt_text.main(args) == 0 and (folder / name).read_bytes() == first
    assert apply_alt_text.main([*args, "--check"]) == 0


def test_apply_reports_a_missing_cell_and_a_wrong_count(tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    name = COURSE_NOTEBOOKS[0].name
    shutil.copy(COURSE_NOTEBOOKS[0], folder / name)
    one = next(cell.get("id") for cell in figure_cells(folder / name)
               if apply_alt_text.figure_count(cell) == 1)
    (tmp_path / "alt.json").write_text(json.dumps(
        {name: {"no-such-cell": "x", one: ["a", "b"]}}), encoding="utf-8")
    status = apply_alt_text.main(["--notebooks", str(folder), "--json",
                                  str(tmp_path / "alt.json"), "--check"])
    error = capsys.readouterr().err
    assert status == 1
    assert "cell id 'no-such-cell' not found" in error
    assert f"cell '{one}' shows 1 figure(s), alt_text.json gives 2 text(s)" in error


def test_the_site_uses_each_figures_own_text(tmp_path):
    import base64
    import io

    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    from PIL import Image

    def figure(colour):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 3), colour).save(buffer, "png")
        return new_output("display_data", data={
            "image/png": base64.b64encode(buffer.getvalue()).decode(),
            "text/plain": "<Figure size 400x300 with 1 Axes>"})

    nb = new_notebook(cells=[
        new_markdown_cell("Notebook 02 shows why the two exist. The figure shows red."),
        new_code_cell("show(a)\nshow(b)", outputs=[figure((200, 0, 0)), figure((0, 0, 200))],
                      metadata={"alt": ["A red square. Notice the red.",
                                        "A blue square. Notice the blue."]}),
        new_code_cell("show(c)", outputs=[figure((0, 200, 0))],
                      metadata={"alt": "A green square & more. Notice the green."}),
    ])
    build_site.stage_notebook(nb, "09-scratch", tmp_path)
    alts = [re.search(r'alt="([^"]*)"', output["data"]["text/html"]).group(1)
            for cell in nb.cells[1:] for output in cell.outputs]
    assert alts == ["A red square. Notice the red.", "A blue square. Notice the blue.",
                    "A green square &amp; more. Notice the green."]
