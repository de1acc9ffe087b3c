"""How fast the sliding-window stepper redraws one step on a 16×16 image.

    python benchmarks/bench_stepper.py

Builds a ``SlidingWindowStepper`` on a 16×16 crop of the camera photo for a
3×3 and a 5×5 kernel and moves its slider through every position (256 steps),
twice: correlation, then convolution. Each step runs the widget's whole
redraw path (the model's window, the frame, the PNG encoding and the readout
HTML).
Prints the mean and the worst time per step and their ratio to the 50 ms
budget (below 1 means fast enough). The first drawing of each kind, which
builds the cached background, is timed separately: it happens once per widget
and once per flip.
"""

from __future__ import annotations

import time

import numpy as np

from course_utils import KERNEL_BANK, load_image
from course_utils.timing import format_seconds
from course_utils.widgets import SlidingWindowStepper

__all__ = ["BUDGET_SECONDS", "time_steps", "main"]

#: A step must redraw in less than this.
BUDGET_SECONDS = 0.050

KERNELS = {
    "3x3 box blur": np.full((3, 3), 1 / 9),
    "5x5 box blur": np.full((5, 5), 1 / 25),
    "3x3 sobel_x": KERNEL_BANK["sobel_x"],
}


def time_steps(stepper: SlidingWindowStepper, flip: bool) -> np.ndarray:
    """Seconds per step while the slider moves through every position once."""
    stepper.flip_toggle.value = flip
    stepper.slider.value = stepper.slider.max  # warm: the cached background exists
    times = []
    for index in range(stepper.slider.max + 1):
        start = time.perf_counter()
        stepper.slider.value = index
        times.append(time.perf_counter() - start)
    return np.array(times)


def main() -> None:
    image = load_image("camera")[200:216, 240:256]
    print(f"image: 16x16 crop of camera, {image.size} steps per pass; "
          f"budget {format_seconds(BUDGET_SECONDS)} per step")
    header = (f"{'kernel':<14} {'kind':<12} {'first draw':>10} {'mean step':>10} "
              f"{'worst step':>10} {'mean/budget':>11} {'worst/budget':>12}")
    print(header)
    print("-" * len(header))
    for label, kernel in KERNELS.items():
        start = time.perf_counter()
        stepper = SlidingWindowStepper(image, kernel)
        first = time.perf_counter() - start
        for flip in (False, True):
            if flip:
                start = time.perf_counter()
                stepper.flip_toggle.value = True
                first = time.perf_counter() - start
            times = time_steps(stepper, flip)
            kind = "convolution" if flip else "correlation"
            print(f"{label:<14} {kind:<12} {format_seconds(first):>10} "
                  f"{format_seconds(times.mean()):>10} {format_seconds(times.max()):>10} "
                  f"{times.mean() / BUDGET_SECONDS:>11.2f} {times.max() / BUDGET_SECONDS:>12.2f}")


if __name__ == "__main__":
    main()
