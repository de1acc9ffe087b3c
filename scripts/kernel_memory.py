"""Measure the memory a learner needs: each notebook's kernel at its peak, and JupyterLab.

    .venv/bin/python scripts/kernel_memory.py                  # every notebook
    .venv/bin/python scripts/kernel_memory.py notebooks/06-*.ipynb
    .venv/bin/python scripts/kernel_memory.py --server         # also JupyterLab's server
    .venv/bin/python scripts/kernel_memory.py --server --save  # and write RESULTS

Each notebook runs top to bottom in a fresh kernel, exactly as ``./course execute``
runs it (scripts/execute_notebooks.py), on a copy in memory: nothing is saved. One cell
is appended that reads the kernel's peak resident memory (the most physical memory the
kernel process ever held: ``VmHWM`` on Linux, ``ru_maxrss`` on macOS; see
:data:`PEAK_CELL`; the module ``resource`` does not exist on Windows). ``--server`` also
starts a JupyterLab server as a learner's would be (no browser), waits until it answers
and reads its resident memory (``VmRSS``, Linux only), the part of a learner's memory that
is not a kernel.

``--save`` writes the measurements, with the date, the machine and the library versions,
to benchmarks/results/kernel_memory.json; INSTRUCTORS.md's *A class on a JupyterHub* shows them
as :func:`markdown_table` prints them, and tests/test_kernel_memory.py checks that the guide's
table is this file's. Run it again after a change to a notebook or a library.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import execute_notebooks  # noqa: E402

MIB = 1024 * 1024
RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "kernel_memory.json"
#: The libraries whose versions the results record.
LIBRARIES = ("numpy", "scipy", "opencv-python-headless", "matplotlib", "scikit-image",
             "ipykernel", "jupyterlab")
#: nbgrader's server extensions, switched off in the measured server.
NBGRADER_EXTENSIONS = ("formgrader", "validate_assignment", "assignment_list", "course_list")
#: Appended to the notebook: the kernel's peak resident memory, in bytes. On Linux the
#: kernel's own high-water mark, VmHWM. Not ru_maxrss: Linux carries the peak of the process
#: that started the kernel over the exec into it (a kernel started by a 400 MiB process reads
#: 411 MiB of ru_maxrss and 11 MiB of VmHWM, tried), so it would report the launcher's memory.
#: macOS has no /proc; its ru_maxrss (bytes) is used there, with that caveat unchecked.
PEAK_CELL = ("import re, resource\n"
             "try:\n"
             "    status = open('/proc/self/status').read()\n"
             "    peak = int(re.search(r'^VmHWM:\\s+(\\d+) kB', status, re.M).group(1)) * 1024\n"
             "except OSError:\n"
             "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "print('peak-rss-bytes', peak)")


def kernel_peak(path: Path, timeout: int = 600) -> int:
    """The peak resident memory, in bytes, of a fresh kernel that ran ``path``."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    execute_notebooks.execute_notebook(nb, path.parent, timeout=timeout)
    text = "".join(output.get("text", "") for output in nb.cells[-1].outputs)
    match = re.search(r"peak-rss-bytes (\d+)", text)
    if match is None:
        raise SystemExit(f"kernel_memory: {path.name} printed no peak: {text!r}")
    return int(match.group(1))


def resident(pid: int) -> int:
    """A process's resident memory now, in bytes (Linux: /proc/PID/status VmRSS)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024


def server_resident(timeout: float = 120) -> int:
    """The resident memory of a JupyterLab server just started, idle, with no kernel."""
    port = 8900 + os.getpid() % 90
    # A learner's server: without the server extensions nbgrader (requirements-grading.txt,
    # instructors only) adds to an instructor's .venv, which cost about 40 MiB (measured).
    off = {f"nbgrader.server_extensions.{name}": False for name in NBGRADER_EXTENSIONS}
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.token=", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.jpserver_extensions={off!r}"]
    if os.name != "nt" and os.geteuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("kernel_memory: JupyterLab did not answer") from None
                time.sleep(1)
        time.sleep(2)
        return resident(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = names[0].strip() if names else cpu
    meminfo = Path("/proc/meminfo")
    total = None
    if meminfo.is_file():
        total = int(re.search(r"^MemTotal:\s+(\d+) kB", meminfo.read_text(),
                              re.MULTILINE).group(1)) * 1024
    return {"system": f"{platform.system()} {platform.release()}", "cpu": cpu,
            "cpus": os.cpu_count(), "memory_bytes": total,
            "python": platform.python_version()}


def markdown_table(results: dict) -> str:
    """The instructors' guide's table of the measurements (MiB, rounded up)."""
    rows = ["| notebook | kernel's peak resident memory |", "|---|---|"]
    for name, peak in results["kernels"].items():
        rows.append(f"| `{name}` | {-(-peak // MIB)} MiB |")
    if results.get("server_idle_bytes"):
        rows.append(f"| JupyterLab server, idle, no kernel | "
                    f"{-(-results['server_idle_bytes'] // MIB)} MiB |")
    return "\n".join(rows)


def hub_summary(results: dict, classes: tuple[int, ...] = (30, 100)) -> str:
    """What a learner and a class need, from the table's rounded-up numbers.

    One learner runs one notebook at a time: the idle server plus the largest kernel. With
    the two largest kernels running at once (JupyterLab keeps a notebook's kernel until it is
    shut down), a learner needs the server plus both.
    """
    kernels = sorted((-(-peak // MIB) for peak in results["kernels"].values()), reverse=True)
    server = -(-results["server_idle_bytes"] // MIB)
    one, two = server + kernels[0], server + sum(kernels[:2])
    lines = [f"- one learner, one notebook at a time: {server} + {kernels[0]} = {one} MiB",
             f"- one learner with the two largest kernels open: {server} + {kernels[0]} + "
             f"{kernels[1]} = {two} MiB"]
    for size in classes:
        lines.append(f"- {size} learners, each running the largest notebook at once: "
                     f"{size} × {one} MiB = {size * one / 1024:.1f} GiB")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to measure (default: every notebook)")
    parser.add_argument("--server", action="store_true",
                        help="also measure an idle JupyterLab server")
    parser.add_argument("--save", action="store_true",
                        help=f"write the results to {RESULTS.relative_to(RESULTS.parents[2])}")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(execute_notebooks.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    peaks = {}
    for path in paths:
        peaks[path.name] = kernel_peak(path.resolve())
        print(f"{path.name:<48} kernel peak {peaks[path.name] / MIB:7.0f} MiB", flush=True)
    print(f"{'largest kernel peak':<48} {max(peaks.values()) / MIB:12.0f} MiB")
    server = server_resident() if args.server else None
    if server is not None:
        print(f"{'JupyterLab server, idle':<48} {server / MIB:12.0f} MiB")
    if args.save:
        results = {"date": datetime.date.today().isoformat(), "machine": machine(),
                   "versions": {name: importlib.metadata.version(name) for name in LIBRARIES},
                   "kernels": peaks, "server_idle_bytes": server}
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(markdown_table(results))
        if server is not None:
            print(hub_summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
