"""Mutation check: do the tests catch small, realistic bugs? ``./course bench mutants``.

Each mutant below is one small bug of the kind a change could bring in: a
relative tolerance in the answer checker, a swapped pair of indices in the
drawing, a pool that reads one row, rounding where the lesson truncates,
numpy's 'reflect' trap... One at a time, it is written into a *temporary copy*
of the checkout (never the checkout itself), and the tests named for it run
there (``pytest -x``, stopping at the first failure). A mutant is **killed**
when one of those tests fails, and **survives** when they all pass: then no
test notices that bug, and the tests need work. Tests that cannot run (an
error while collecting, a timeout) leave the mutant **broken**, not killed.

First, the same tests run on the unchanged copy: they must pass, or a failure
would count as a kill. A mutant whose text no longer stands exactly once in its
file is **stale** (the code changed): fix its entry here.

    ./course bench mutants                 # every mutant (a few minutes)
    ./course bench mutants --list          # the names, files and tests
    ./course bench mutants clip_rounds     # only some, by name

Exit status: 0 when every mutant run is killed, 1 when one survives, is stale
or broken, or the unchanged copy fails its tests, 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Not copied: environments, caches and build output.
IGNORED = (".venv", ".git", "__pycache__", "*.egg-info", ".ipynb_checkpoints", "build",
           "_build", ".pytest_cache", ".ruff_cache", "screenshots")
#: One pytest run at most this long (seconds); longer counts as not killed.
TIMEOUT = 900


@dataclass(frozen=True)
class Mutant:
    """One bug: in ``path``, the text ``old`` (standing exactly once) becomes ``new``."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    bug: str


MUTANTS = (
    # -- the answer checker ----------------------------------------------------------
    Mutant("compare_arrays_relative", "course_utils/checks/compare.py",
           "wrong = ~np.isclose(given, expected, atol=atol, rtol=0)",
           "wrong = ~np.isclose(given, expected, atol=atol, rtol=1e-5)",
           ("tests/test_tolerances.py",),
           "compare_arrays accepts a relative error (numpy's default rtol)"),
    Mutant("compare_numbers_loose", "course_utils/checks/compare.py",
           'what: str = "your answer",\n                    atol: float = 1e-6)',
           'what: str = "your answer",\n                    atol: float = 1e-3)',
           ("tests/test_tolerances.py",),
           "compare_numbers' default tolerance a thousand times looser"),
    Mutant("compare_arrays_whole_in_float", "course_utils/checks/compare.py",
           "if whole[0] is not None and whole[1] is not None:",
           "if False:",
           ("tests/test_tolerances.py",),
           "whole-number answers compared in float64 (2**53 + 1 == 2**53)"),
    # -- the stepper's drawing ---------------------------------------------------------
    Mutant("outline_rows_cols_swapped", "course_utils/stepper/drawing.py",
           "wx0 + k_cols * cell + 1, wy0 + k_rows * cell + 1, RED)",
           "wx0 + k_rows * cell + 1, wy0 + k_cols * cell + 1, RED)",
           ("tests/test_stepper.py",),
           "the red window outline's width and height swapped"),
    Mutant("padding_columns_from_rows", "course_utils/stepper/model.py",
           "self.pad_cols = (self.kernel.shape[1] - 1) // 2",
           "self.pad_cols = (self.kernel.shape[0] - 1) // 2",
           ("tests/test_stepper.py",),
           "the stepper pads columns by the kernel's row count"),
    Mutant("blue_edge_rows_cols_swapped", "course_utils/stepper/drawing.py",
           "draw.rectangle((x0, y0, x0 + cols * layout.cell, y0 + rows * layout.cell),",
           "draw.rectangle((x0, y0, x0 + rows * layout.cell, y0 + cols * layout.cell),",
           ("tests/test_stepper.py",),
           "the blue edge of the real image drawn transposed"),
    # -- pooling -----------------------------------------------------------------------
    Mutant("max_pool_first_row", "course_utils/cnn.py",
           "return windows[..., ::stride, ::stride, :, :].max(axis=(-2, -1))",
           "return windows[..., ::stride, ::stride, 0, :].max(axis=-1)",
           ("tests/test_cnn.py",),
           "max pooling reads only the first row of each window"),
    Mutant("max_pool_stride_one", "course_utils/cnn.py",
           "stride = size if stride is None else",
           "stride = 1 if stride is None else",
           ("tests/test_cnn.py",),
           "max pooling's windows overlap by default (stride 1, not size)"),
    Mutant("average_pool_one_axis", "course_utils/cnn.py",
           "return cut.reshape(*array.shape[:-2], rows, size, cols, size).mean(axis=(-3, -1))",
           "return cut.reshape(*array.shape[:-2], rows, size, cols, size).mean(axis=-1)"
           ".max(axis=-2)",
           ("tests/test_cnn.py",),
           "average pooling averages along rows only and takes the largest down the columns"),
    # -- the display -------------------------------------------------------------------
    Mutant("clip_rounds", "course_utils/display.py",
           "return np.clip(array, 0, 255).astype(np.uint8)",
           "return np.rint(np.clip(array, 0, 255)).astype(np.uint8)",
           ("tests/test_display.py", "tests/test_playground.py"),
           "the clip display rounds where the lesson's uint8 output truncates"),
    Mutant("abs_forgets_abs", "course_utils/display.py",
           "return np.clip(np.abs(array), 0, 255).astype(np.uint8)",
           "return np.clip(array, 0, 255).astype(np.uint8)",
           ("tests/test_display.py", "tests/test_playground.py"),
           "the 'abs' display forgets the absolute value"),
    Mutant("signed_colours_255_bins", "course_utils/display.py",
           "scaled = (array + limit) * (256 / (2 * limit))",
           "scaled = (array + limit) * (255 / (2 * limit))",
           ("tests/test_display.py", "tests/test_playground.py"),
           "the signed display bins into 255 colours where matplotlib uses 256"),
    # -- padding -----------------------------------------------------------------------
    Mutant("reflect_trap", "course_utils/borders.py",
           'BorderMode("reflect", "BORDER_REFLECT", cv2.BORDER_REFLECT, "symmetric",',
           'BorderMode("reflect", "BORDER_REFLECT", cv2.BORDER_REFLECT, "reflect",',
           ("tests/test_borders.py",),
           "scipy's 'reflect' padded with numpy's 'reflect' (which is scipy's 'mirror')"),
    Mutant("constant_ignores_cval", "course_utils/borders.py",
           'return np.pad(array, widths, mode="constant", constant_values=cval)',
           'return np.pad(array, widths, mode="constant")',
           ("tests/test_borders.py", "tests/test_windows.py", "tests/test_filtering.py"),
           "'constant' padding fills with 0 whatever cval says"),
    # -- the loops ---------------------------------------------------------------------
    Mutant("lesson_loop_rounds", "course_utils/classic.py",
           'output = (output * 255).astype("uint8")',
           'output = np.rint(output * 255).astype("uint8")',
           ("tests/test_classic.py",),
           "the lesson's loop rounds its output instead of truncating"),
    Mutant("lesson_loop_short_window", "course_utils/classic.py",
           "roi = padded[y - pad_y:y + pad_y + 1, x - pad_x:x + pad_x + 1]",
           "roi = padded[y - pad_y:y + pad_y + 1, x - pad_x:x + pad_x]",
           ("tests/test_classic.py",),
           "the lesson's loop cuts each window one column short"),
    Mutant("window_slice_transposed", "course_utils/windows.py",
           "window = padded[row:row + rows, col:col + cols]",
           "window = padded[row:row + cols, col:col + rows]",
           ("tests/test_windows.py", "tests/test_stepper.py"),
           "window_at slices a 3×5 kernel's window as 5×3"),
    # -- the numerical core ------------------------------------------------------------
    Mutant("convolve_flips_rows_only", "course_utils/filtering.py",
           "flipped = kernel[::-1, ::-1]  # rotate by 180°",
           "flipped = kernel[::-1]  # rotate by 180°",
           ("tests/test_filtering.py",),
           "convolve flips the kernel on one axis only"),
    Mutant("fft_crop_offset", "course_utils/filtering.py",
           "return np.ascontiguousarray(full[rows - 1:rows - 1 + image.shape[0],",
           "return np.ascontiguousarray(full[rows // 2:rows // 2 + image.shape[0],",
           ("tests/test_filtering.py",),
           "the FFT method crops its output from the wrong row"),
    Mutant("box_sum_corner_sign", "course_utils/fast.py",
           "return float(t[bottom, right] - t[top, right] - t[bottom, left] + t[top, left])",
           "return float(t[bottom, right] - t[top, right] - t[bottom, left] - t[top, left])",
           ("tests/test_fast.py", "tests/test_filtering.py"),
           "the integral image's box sum subtracts the top-left corner instead of adding it"),
    Mutant("layer_size_off_by_one", "course_utils/valid.py",
           "return (size + 2 * padding - kernel_size) // stride + 1",
           "return (size + 2 * padding - kernel_size) // stride",
           ("tests/test_cnn.py", "tests/test_properties_numerics.py"),
           "a layer's output size forgets the window at position 0"),
    Mutant("separable_factors_swapped", "course_utils/_tuned.py",
           "kernels = [np.asarray(row_weights)[None, :], np.asarray(col_weights)[:, None]]",
           "kernels = [np.asarray(col_weights)[None, :], np.asarray(row_weights)[:, None]]",
           ("tests/test_filtering.py",),
           "the separable method runs the column factor along the rows and back"),
)


def copy_checkout(destination: Path) -> Path:
    """A copy of the checkout's files (as they are on disk, no .venv or .git)."""
    target = destination / "checkout"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)
    return target


def environment(copy: Path) -> dict:
    """The environment for a run in ``copy``: its package found first, no bytecode left."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    return env


def check_isolated(copy: Path) -> None:
    """Make sure a run in the copy imports the copy's package, not the checkout's."""
    found = subprocess.run(
        [sys.executable, "-c", "import course_utils; print(course_utils.__file__)"],
        cwd=copy, env=environment(copy), capture_output=True, text=True, timeout=300)
    where = Path(found.stdout.strip()).resolve()
    if found.returncode or copy.resolve() not in where.parents:
        raise RuntimeError(f"a run in the copy imports course_utils from {where or '?'}, "
                           f"not from the copy {copy}: {found.stderr.strip()}")


def run_tests(copy: Path, tests) -> tuple[str, str]:
    """Run ``tests`` in ``copy``: ('passed' | 'failed' | 'broken', what pytest said).

    'failed' is pytest's exit status 1, a test failed; 'broken' is anything else
    that is not a pass (an error while collecting, a timeout), which kills no mutant.
    """
    # The project's addopts (doctests of the package, nbval on the notebooks) are not
    # wanted for test files, and loading nbval doubles the start-up time.
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-o", "addopts=", "-p", "no:nbval",
               "-p", "no:randomly", "-p", "no:cacheprovider", *tests]
    try:
        run = subprocess.run(command, cwd=copy, env=environment(copy), capture_output=True,
                             text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "broken", f"timed out after {TIMEOUT} s"
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    summary = next((line.strip("= ") for line in reversed(lines)
                    if re.search(r"\d+ (passed|failed|errors?)\b", line)), "no summary")
    first = next((line.split(" - ")[0].split(" ", 1)[1] for line in lines
                  if line.startswith(("FAILED ", "ERROR "))), None)
    if first:
        summary = f"{summary}; first: {first}"
    return {0: "passed", 1: "failed"}.get(run.returncode, "broken"), summary


def apply(copy: Path, mutant: Mutant) -> str | None:
    """Write ``mutant`` into the copy; the original text, or None when the mutant is stale."""
    path = copy / mutant.path
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.old) != 1:
        return None
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    return text


def run(mutants, say=print) -> dict[str, str]:
    """Run each mutant in one temporary copy, restored after each; name -> 'killed',
    'SURVIVED', 'STALE' (its text is not in its file) or 'BROKEN' (the tests could not run).

    An unchanged copy that fails the mutants' tests gives {'(unchanged)': 'FAILED'}.
    """
    outcomes = {}
    with tempfile.TemporaryDirectory(prefix="course-mutants-") as folder:
        copy = copy_checkout(Path(folder))
        check_isolated(copy)
        tests = sorted({test for mutant in mutants for test in mutant.tests})
        result, summary = run_tests(copy, tests)
        say(f"unchanged copy: {summary}")
        if result != "passed":
            say("the tests fail without any mutant: fix them first")
            return {"(unchanged)": "FAILED"}
        for mutant in mutants:
            started = time.monotonic()
            original = apply(copy, mutant)
            if original is None:
                outcomes[mutant.name] = "STALE"
                say(f"STALE     {mutant.name}: its text is not exactly once in {mutant.path}")
                continue
            try:
                result, summary = run_tests(copy, mutant.tests)
            finally:
                (copy / mutant.path).write_text(original, encoding="utf-8")
            outcomes[mutant.name] = {"passed": "SURVIVED", "failed": "killed"}.get(result,
                                                                                "BROKEN")
            say(f"{outcomes[mutant.name]:<9} {mutant.name}: {mutant.bug} "
                f"({summary}; {time.monotonic() - started:.0f} s)")
    return outcomes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="./course bench mutants",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="run only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    by_name = {mutant.name: mutant for mutant in MUTANTS}
    unknown = [name for name in args.names if name not in by_name]
    if unknown:
        print(f"error: no such mutant: {unknown}; available: {list(by_name)}", file=sys.stderr)
        return 2
    chosen = [by_name[name] for name in args.names] or list(MUTANTS)
    if args.list:
        for mutant in chosen:
            print(f"{mutant.name:<30} {mutant.path:<34} {' '.join(mutant.tests)}")
        return 0
    print(f"{len(chosen)} mutant{'' if len(chosen) == 1 else 's'}, each in a temporary copy "
          f"of {ROOT.name}/", flush=True)
    outcomes = run(chosen, say=lambda line: print(line, flush=True))
    killed = sum(outcome == "killed" for outcome in outcomes.values())
    print(f"killed {killed} of {len(chosen)} mutants"
          + ("" if killed == len(chosen) else
             "; not killed: " + ", ".join(n for n, o in outcomes.items() if o != "killed")))
    return 0 if killed == len(chosen) and len(outcomes) == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
