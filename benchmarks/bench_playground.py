"""How fast the kernel playground redraws: one update per bank kernel on a 512×512 photo.

    python benchmarks/bench_playground.py

Each line times the widget's own update path (compute with ``correlate``/
``convolve`` method 'auto', render the picture, encode the PNG, describe the
result) after a control changes, and gives its ratio to the 100 ms budget
(below 1 means fast enough). The best of several runs is reported, because
the minimum is the least disturbed by whatever else the machine is doing.
"""

from __future__ import annotations

import sys

import numpy as np

from course_utils import KERNEL_BANK, choose_method, load_image
from course_utils.timing import format_seconds
from course_utils.widgets import KernelPlayground

__all__ = ["BUDGET_SECONDS", "time_update", "main"]

#: The issue's budget for one update of the playground.
BUDGET_SECONDS = 0.100


def time_update(playground: KernelPlayground, change, repeat: int = 5) -> float:
    """The best time, in seconds, of ``change(playground, i)`` (which changes a control
    and so runs the widget's update) over ``repeat`` runs.

    Examples
    --------
    >>> pg = KernelPlayground(np.zeros((32, 32)), kernel="sharpen")
    >>> seconds = time_update(pg, lambda p, i: setattr(p.flip_toggle, "value", i % 2 == 0), 2)
    >>> 0 < seconds < 10
    True
    """
    import time

    best = float("inf")
    for index in range(repeat):
        start = time.perf_counter()
        change(playground, index)
        best = min(best, time.perf_counter() - start)
    return best


def _cases():
    """(label, kernel, how to change the playground to it) for every case."""
    for name in KERNEL_BANK:
        yield name, KERNEL_BANK[name], lambda p, i, n=name: _select(p, n, i)
    random21 = np.random.default_rng(7).normal(size=(21, 21))
    yield ("random 21×21 (no structure)", random21,
           lambda p, i: _flip_with_kernel(p, random21, i))


def _select(playground: KernelPlayground, name: str, index: int) -> None:
    """Choose ``name``, toggling the flip on odd runs so every run is a real change."""
    if playground.kernel_picker.value != name:
        playground.kernel_picker.value = name
    else:
        playground.flip_toggle.value = not playground.flip_toggle.value


def _flip_with_kernel(playground: KernelPlayground, kernel, index: int) -> None:
    if index == 0:
        playground.set_kernel(kernel)
    else:
        playground.flip_toggle.value = not playground.flip_toggle.value


def main(argv=None) -> int:
    """Print the update time of every case and its ratio to the budget; 1 if over it."""
    photo = load_image("camera")
    print(f"KernelPlayground update on a {photo.shape[0]}×{photo.shape[1]} photo "
          f"(budget {format_seconds(BUDGET_SECONDS)}, best of 5)")
    over = []
    for display in ("clip", "signed"):
        playground = KernelPlayground(photo, kernel="custom", display=display)
        print(f"\ndisplay = {display!r}")
        print(f"{'kernel':30s} {'shape':>7s} {'method':>9s} {'update':>9s} {'/budget':>8s}")
        for label, kernel, change in _cases():
            playground.set_kernel("custom")
            seconds = time_update(playground, change)
            ratio = seconds / BUDGET_SECONDS
            shape = f"{kernel.shape[0]}×{kernel.shape[1]}"
            print(f"{label:30s} {shape:>7s} {choose_method(kernel):>9s} "
                  f"{format_seconds(seconds):>9s} {ratio:8.2f}")
            if ratio >= 1:
                over.append((display, label))
    if over:
        print(f"\nover budget: {over}")
        return 1
    print("\nevery update is within the budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
