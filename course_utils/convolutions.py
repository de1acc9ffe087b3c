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

__all__ = [
    "FIGURE_FORMATS",
    "UsageError",
    "main",
    "run",
    "compare_kernel",
    "build_parser",
    "read_gray",
    "check_output",
    "check_size",
]


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


#: Figure formats matplotlib's Agg backend writes without LaTeX ('pgf' needs LaTeX).
FIGURE_FORMATS = ("png", "jpg", "jpeg", "pdf", "svg", "svgz", "eps", "ps", "tif", "tiff", "webp")


class UsageError(Exception):
    """A problem with the command line's files, reported on one line with status 2.

    Examples
    --------
    >>> str(UsageError("no such image file: cat.png"))
    'no such image file: cat.png'
    """


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _shown(path: Path) -> str:
    """``path`` for a message: bytes that are not UTF-8 shown as ``\\xe9``, never a crash."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def read_gray(path: Path) -> np.ndarray:
    """Read any image OpenCV can decode, as uint8 grayscale.

    The bytes are read by Python and decoded by ``cv2.imdecode``, because
    ``cv2.imread`` crashes on a file name that is not valid UTF-8.

    Raises
    ------
    UsageError
        When the file is missing, unreadable or not an image.

    Examples
    --------
    >>> from course_utils.images import IMAGES_DIR
    >>> read_gray(IMAGES_DIR / "camera.png").shape
    (512, 512)
    """
    try:
        if not path.is_file():
            raise UsageError(f"no such image file: {_shown(path)}")
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as error:
        raise UsageError(f"cannot read {_shown(path)}: {_reason(error)}") from None
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
    if image is None:
        raise UsageError(f"OpenCV cannot read {_shown(path)} as an image")
    return image


def check_output(output: Path) -> None:
    """Refuse, before any work, a figure path that cannot be written or has no usable format.

    The file is opened for writing (and removed again if it did not exist), so
    every reason the system has (missing folder, permissions, a read-only or
    virtual file system such as /proc, a name too long) is found now.

    Raises
    ------
    UsageError
        With the reason, in one line.

    Examples
    --------
    >>> check_output(Path("figure.pgf"))
    Traceback (most recent call last):
    ...
    course_utils.convolutions.UsageError: cannot save a figure as figure.pgf: the extension
    must be one of png, jpg, jpeg, pdf, svg, svgz, eps, ps, tif, tiff, webp
    """
    if output.suffix.lstrip(".").lower() not in FIGURE_FORMATS:
        raise UsageError(f"cannot save a figure as {_shown(output)}: the extension must be "
                         f"one of {', '.join(FIGURE_FORMATS)}")
    try:
        if output.is_dir():
            raise UsageError(f"cannot write the figure to {_shown(output)}: it is a folder")
        existed = output.exists()
        with open(output, "ab"):
            pass
        if not existed:
            output.unlink()
    except OSError as error:
        raise UsageError(
            f"cannot write the figure to {_shown(output)}: {_reason(error)}") from None


def check_size(gray: np.ndarray, kernels=KERNEL_BANK) -> None:
    """Refuse an image smaller than the largest kernel of the bank (the loop needs it to fit).

    Examples
    --------
    >>> check_size(np.zeros((20, 40), np.uint8))
    Traceback (most recent call last):
    ...
    course_utils.convolutions.UsageError: the image is 40x20 pixels, smaller than the bank's
    largest kernel, large_blur (21x21): use an image of at least 21x21 pixels
    """
    name = max(kernels, key=lambda key: max(kernels[key].shape))
    rows, cols = kernels[name].shape
    height, width = gray.shape
    if height < rows or width < cols:
        raise UsageError(f"the image is {width}x{height} pixels, smaller than the bank's "
                         f"largest kernel, {name} ({rows}x{cols}): use an image of at least "
                         f"{cols}x{rows} pixels")


def main(argv=None) -> int:
    """Run the command line; returns the exit status.

    Problems with the files are reported on one line of stderr, with status 2,
    before the (slow) computation starts.

    Examples
    --------
    >>> main(["--image", "no-such-photo.png"])
    2
    """
    args = build_parser().parse_args(argv)
    image_path, output = Path(args.image), Path(args.output)
    try:
        gray = read_gray(image_path)
        check_size(gray)
        check_output(output)
    except UsageError as error:
        return _fail(str(error))

    print(f"{_shown(image_path.name)}: {gray.shape[1]}x{gray.shape[0]} pixels, grayscale; "
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
        return _fail(f"cannot write the figure to {_shown(output)}: {_reason(error)}")
    print(f"saved {_shown(output)}", file=sys.stderr)
    return 0


def run(argv=None) -> int:
    """:func:`main` with no traceback ever: Ctrl-C ends with status 130, any other
    unexpected error with one line and status 1.

    Examples
    --------
    >>> run(["--image", "no-such-photo.png"])
    2
    """
    try:
        return main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the command line promises no traceback
        print(f"error: unexpected {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(run())
