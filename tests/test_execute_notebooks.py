"""scripts/execute_notebooks.py (``./course execute``): idempotent, and refuses bad outputs.

Each test executes a small scratch notebook built here in a temporary folder, never
a committed one. The course's own notebooks are re-executed by nbval instead.
"""

import importlib.util
import json

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SPEC = importlib.util.spec_from_file_location("execute_notebooks",
                                              ROOT / "scripts" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(execute_notebooks)


def scratch_notebook(*sources):
    nb = new_notebook(cells=[new_markdown_cell("# 99 · Scratch")]
                      + [new_code_cell(source) for source in sources])
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"  # stable ids, as committed notebooks have
    return nb


def write(tmp_path, nb, name="99-scratch.ipynb"):
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_executing_twice_changes_no_byte(tmp_path):
    nb = scratch_notebook(
        "import numpy as np\n"
        "import matplotlib.pyplot as plt\n"
        "from course_utils.plotting import use_course_style\n"
        "from course_utils.timing import best_time, timing_line\n"
        "use_course_style()",
        "rng = np.random.default_rng(7)\nrng.random(3)",
        "fig, ax = plt.subplots()\nax.plot(rng.random(10))\nax.set_title('noise')\nplt.show()",
        "print(timing_line('sum', best_time(sum, range(100))))",
        "import ipywidgets\nipywidgets.IntSlider(3)",
    )
    path = write(tmp_path, nb)
    assert execute_notebooks.execute(path, timeout=120) is True  # outputs were empty
    first = path.read_bytes()
    assert execute_notebooks.execute(path, timeout=120) is False
    assert path.read_bytes() == first

    saved = nbformat.read(path, as_version=4)
    code = [cell for cell in saved.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    assert any("image/png" in out.get("data", {}) for out in code[2].outputs)
    widget = code[4].outputs[0]["data"]
    assert execute_notebooks.WIDGET_MIME not in widget
    assert widget["text/plain"] == execute_notebooks.WIDGET_TEXT
    assert "widgets" not in saved.metadata
    assert saved.metadata["kernelspec"]["name"] == "python3"


def test_check_mode_reports_stale_outputs_without_writing(tmp_path):
    path = write(tmp_path, scratch_notebook("print(6 * 7)"))
    before = path.read_bytes()
    assert execute_notebooks.main(["--check", str(path)]) == 1
    assert path.read_bytes() == before
    assert execute_notebooks.main([str(path)]) == 0
    assert execute_notebooks.main(["--check", str(path)]) == 0
    assert "42" in json.dumps(nbformat.read(path, as_version=4).cells[1].outputs)


@pytest.mark.parametrize("source, problem", [
    ("1 / 0", "error ZeroDivisionError"),
    ("import os\nprint(os.getcwd())", "absolute path"),
    ("print('/tmp/' + 'x.png')", "absolute path"),
    ("object()", "memory address"),
])
def test_refuses_to_save_errors_paths_and_addresses(tmp_path, source, problem):
    path = write(tmp_path, scratch_notebook(source))
    before = path.read_bytes()
    with pytest.raises(SystemExit, match=problem):
        execute_notebooks.execute(path, timeout=120)
    assert path.read_bytes() == before


def test_unknown_notebook_is_an_error(tmp_path, capsys):
    assert execute_notebooks.main([str(tmp_path / "missing.ipynb")]) == 2
    assert "no such notebook" in capsys.readouterr().err


def test_a_real_change_beside_a_timing_line_is_saved(tmp_path):
    source = ("from course_utils.timing import timing_line\n"
              "print(timing_line('work', {seconds}))\nprint({value})")
    nb = scratch_notebook(source.format(seconds=0.5, value=1))
    path = write(tmp_path, nb)
    execute_notebooks.execute(path, timeout=120)
    # Only the timing changed: the old outputs are kept, byte for byte.
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = source.format(seconds=0.25, value=1)
    before = execute_notebooks.render(nb)
    path.write_text(before, encoding="utf-8")
    assert execute_notebooks.execute(path, timeout=120) is False
    assert "500 ms" in path.read_text(encoding="utf-8")
    # A number that nbval compares changed: the new outputs are saved.
    nb.cells[1].source = source.format(seconds=0.25, value=2)
    path.write_text(execute_notebooks.render(nb), encoding="utf-8")
    assert execute_notebooks.execute(path, timeout=120) is True
    text = path.read_text(encoding="utf-8")
    assert "250 ms" in text and "2\\n" in text
