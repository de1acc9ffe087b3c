"""The lesson's loop against the vectorised package, scipy and OpenCV, side by side.

On the 512×512 camera photo, for 3×3, 7×7 and 21×21 kernels, prints the time of
``correlate_loop`` (one run: it takes about a second) and the best of several
runs of ``correlate`` (method 'auto' and 'direct'), ``scipy.ndimage.correlate``
and ``cv2.filter2D``, then each one's speed-up over the loop.

    python benchmarks/bench_filtering.py
"""

from __future__ import annotations

import cv2
import numpy as np
import scipy.ndimage as ndi

from course_utils import KERNEL_BANK, correlate, correlate_loop, load_image
from course_utils.timing import best_time, format_seconds

KERNELS = {
    "3x3 sharpen": KERNEL_BANK["sharpen"],
    "7x7 small_blur": KERNEL_BANK["small_blur"],
    "21x21 large_blur": KERNEL_BANK["large_blur"],
}


def measure(image: np.ndarray, kernel: np.ndarray, repeat: int = 5) -> dict[str, float]:
    """Seconds per call of each implementation on ``image`` with ``kernel``."""
    as_float = image.astype(np.float64)
    return {
        "correlate_loop": best_time(correlate_loop, image, kernel, repeat=1),
        "correlate (auto)": best_time(correlate, image, kernel, repeat=repeat),
        "correlate (direct)": best_time(correlate, image, kernel, method="direct",
                                        repeat=repeat),
        "scipy.ndimage.correlate": best_time(ndi.correlate, as_float, kernel, mode="reflect",
                                             repeat=repeat),
        "cv2.filter2D": best_time(cv2.filter2D, as_float, cv2.CV_64F, kernel,
                                  borderType=cv2.BORDER_REFLECT, repeat=repeat),
    }


def main() -> None:
    image = load_image("camera")
    print(f"image: camera, {image.shape[1]}x{image.shape[0]} uint8; "
          "speed-up = loop time / time")
    header = f"{'kernel':<17} {'implementation':<24} {'time':>9} {'speed-up':>9}"
    print(header)
    print("-" * len(header))
    for label, kernel in KERNELS.items():
        times = measure(image, kernel)
        loop = times["correlate_loop"]
        for name, seconds in times.items():
            print(f"{label:<17} {name:<24} {format_seconds(seconds):>9} "
                  f"{loop / seconds:>8.0f}×")


if __name__ == "__main__":
    main()
