"""scripts/kernel_memory.py, which measures the memory a learner's kernel needs for the
instructors' guide's JupyterHub section: its peak counts memory the kernel held and freed again, its
table rounds up, and the guide shows the committed measurements.
"""

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import kernel_memory  # noqa: E402
from kernel_memory import MIB  # noqa: E402


def one_cell_notebook(folder: Path, name: str, source: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss (module resource) is Unix only")
def test_the_peak_counts_memory_the_kernel_held_and_freed(tmp_path):
    small = kernel_memory.kernel_peak(one_cell_notebook(
        tmp_path, "small", "import numpy as np\nx = np.zeros(1)"))
    # 256 MiB of float64 ones, written (so resident), then freed before the peak is read.
    big = kernel_memory.kernel_peak(one_cell_notebook(
        tmp_path, "big", "import numpy as np\nx = np.ones(256 * 2**20 // 8)\ndel x"))
    # At least the array and a Python with numpy (25 MiB measured alone); at most the array
    # on top of everything a kernel that never allocated it held at its own peak, give or
    # take a few pages (measured: 61.73 and 317.74 MiB, 256.004 MiB apart).
    assert 256 * MIB + 20 * MIB <= big <= 256 * MIB + small + 16 * MIB, (small / MIB, big / MIB)
    # Not the memory of the process that started the kernel (this test's, several hundred
    # MiB under pytest), which ru_maxrss would carry over into the kernel on Linux.
    assert small < 256 * MIB


def test_the_table_rounds_up_to_whole_mib():
    results = {"kernels": {"01-a.ipynb": 3 * MIB + 1, "02-b.ipynb": 5 * MIB},
               "server_idle_bytes": 85 * MIB - 1}
    assert kernel_memory.markdown_table(results).splitlines() == [
        "| notebook | kernel's peak resident memory |", "|---|---|",
        "| `01-a.ipynb` | 4 MiB |", "| `02-b.ipynb` | 5 MiB |",
        "| JupyterLab server, idle, no kernel | 85 MiB |"]


def test_the_summary_adds_the_server_to_the_largest_kernels():
    results = {"kernels": {"a": 100 * MIB, "b": 300 * MIB - 5, "c": 200 * MIB},
               "server_idle_bytes": 85 * MIB}
    assert kernel_memory.hub_summary(results, classes=(30,)).splitlines() == [
        "- one learner, one notebook at a time: 85 + 300 = 385 MiB",
        "- one learner with the two largest kernels open: 85 + 300 + 200 = 585 MiB",
        "- 30 learners, each running the largest notebook at once: 30 × 385 MiB = 11.3 GiB"]


def test_the_guide_shows_the_committed_measurements_of_every_notebook():
    results = json.loads(kernel_memory.RESULTS.read_text(encoding="utf-8"))
    notebooks = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert list(results["kernels"]) == notebooks
    readme = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")  # its hub section
    assert kernel_memory.markdown_table(results) in readme
    assert kernel_memory.hub_summary(results) in readme
    assert f"measured on {results['date']}" in readme
