"""The lesson's driver script, without GUI windows.

Run ``python -m course_utils.convolutions --image images/camera.png`` to apply
every kernel of the bank to a photo, once with the hand-written loop
(``correlate_loop``) and once with ``cv2.filter2D`` (same replicate border), save
a figure comparing them and print how much they differ.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from .classic import correlate_loop
from .kernels import KERNEL_BANK

__all__ = ["main", "compare_kernel", "build_parser"]


def compare_kernel(gray: np.ndarray, kernel: np.ndarray, progress=None):
    """The loop's and OpenCV's results for one kernel, and how they differ.

    Returns
    -------
    tuple
        ``(loop, opencv, max_abs_difference, share_of_differing_pixels)``.

    Examples
    --------
    >>> gray = np.arange(25, dtype=np.uint8).reshape(5, 5) * 10
    >>> loop, opencv, max_diff, share = compare_kernel(gray, np.full((3, 3), 1 / 9))
    >>> int(max_diff) <= 1
    True
    """
    loop = correlate_loop(gray, kernel, progress=progress)
    opencv = cv2.filter2D(gray, -1, kernel, borderType=cv2.BORDER_REPLICATE)
    difference = np.abs(loop.astype(np.int16) - opencv.astype(np.int16))
    return loop, opencv, int(difference.max()), float(np.mean(difference > 0))


def _save_figure(gray, results, output: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .plotting import show_image

    fig, axes = plt.subplots(len(results), 4, figsize=(12, 3 * len(results)), squeeze=False)
    for row, (name, (loop, opencv, max_diff, share)) in zip(axes, results.items(), strict=True):
        show_image(gray, ax=row[0], title="original", axis_labels=False)
        show_image(loop, ax=row[1], title=f"{name}: correlate_loop", axis_labels=False)
        show_image(opencv, ax=row[2], title=f"{name}: cv2.filter2D", axis_labels=False)
        diff = np.abs(loop.astype(np.int16) - opencv.astype(np.int16))
        shown = row[3].imshow(diff, cmap="magma", vmin=0, vmax=max(1, max_diff))
        row[3].set_title(f"|difference| (max {max_diff}, {share:.1%} of pixels)")
        row[3].set_axis_off()
        fig.colorbar(shown, ax=row[3], fraction=0.046, pad=0.04)
    fig.tight_layout()
    fig.savefig(output, dpi=80)
    plt.close(fig)


def build_parser() -> argparse.ArgumentParser:
    """The command line's argument parser.

    Examples
    --------
    >>> args = build_parser().parse_args(["--image", "images/camera.png"])
    >>> args.image, args.output
    ('images/camera.png', 'convolutions.png')
    """
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.convolutions",
        description=(
            "Apply every kernel of the course's bank to a photo twice: with the lesson's "
            "hand-written double loop (correlate_loop) and with cv2.filter2D, both with a "
            "replicate border. Saves one figure (a row per kernel: original, loop, OpenCV, "
            "difference) and prints, per kernel, the largest difference and the share of "
            "pixels that differ. The loop is slow: about a second per kernel for a "
            "512x512 photo."
        ),
    )
    parser.add_argument("--image", "-i", required=True,
                        help="path to any image OpenCV can read; colour is converted to gray")
    parser.add_argument("--output", "-o", default="convolutions.png",
                        help="where to save the figure (default: convolutions.png)")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def main(argv=None) -> int:
    """Run the command line; returns the exit status.

    Problems with the files are reported on one line of stderr, with status 2.

    Examples
    --------
    >>> main(["--image", "no-such-photo.png"])
    2
    """
    args = build_parser().parse_args(argv)
    image_path, output = Path(args.image), Path(args.output)

    if not image_path.is_file():
        return _fail(f"no such image file: {image_path}")
    image = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
    if image is None:
        return _fail(f"OpenCV cannot read {image_path} as an image")
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)

    from matplotlib.figure import Figure

    formats = Figure().canvas.get_supported_filetypes()
    if output.suffix.lstrip(".").lower() not in formats:
        return _fail(f"cannot save a figure as {output}: the extension must be one of "
                     f"{sorted(formats)}")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir() or not os.access(folder, os.W_OK) or output.is_dir():
        return _fail(f"cannot write the figure to {output}: its folder does not exist "
                     "or is not writable")

    print(f"{image_path.name}: {gray.shape[1]}x{gray.shape[0]} pixels, grayscale; "
          f"{len(KERNEL_BANK)} kernels", file=sys.stderr)
    results = {}
    live = sys.stderr.isatty()
    for index, (name, kernel) in enumerate(KERNEL_BANK.items(), start=1):
        label = f"[{index}/{len(KERNEL_BANK)}] {name} {kernel.shape[0]}x{kernel.shape[1]}"
        start = time.perf_counter()

        def progress(done, total, label=label):
            if live and (done == total or done % 32 == 0):
                print(f"\r{label}: loop {done * 100 // total:3d}%", end="", file=sys.stderr)

        results[name] = compare_kernel(gray, kernel, progress=progress)
        print(f"\r{label}: done in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    print(f"{'kernel':<12} {'max |loop - OpenCV|':>20} {'pixels that differ':>19}")
    for name, (_, _, max_diff, share) in results.items():
        print(f"{name:<12} {max_diff:>20d} {share:>19.2%}")

    try:
        _save_figure(gray, results, output)
    except OSError as error:
        return _fail(f"cannot write the figure to {output}: {error.strerror or error}")
    print(f"saved {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
