"""The command line: the lesson's driver without GUI windows."""

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import KERNEL_BANK
from course_utils.convolutions import (
    FIGURE_FORMATS,
    UsageError,
    check_output,
    compare_kernel,
    main,
)


@pytest.fixture
def small_photo(tmp_path):
    from course_utils import load_image

    path = tmp_path / "small.png"
    cv2.imwrite(str(path), cv2.cvtColor(load_image("chelsea")[100:148, 200:260],
                                        cv2.COLOR_RGB2BGR))
    return path


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "course_utils.convolutions", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def test_runs_saves_figure_and_prints_table(small_photo, tmp_path):
    """Also with file names that are not UTF-8: cv2.imread segfaults on such a name, the
    command reads the bytes itself and shows the odd byte as \\xe9."""
    folder = os.fsencode(tmp_path)
    image = os.path.join(folder, b"caf\xe9.png")
    output = os.path.join(folder, b"r\xe9sultat.png")
    with open(image, "wb") as file:
        file.write(small_photo.read_bytes())
    result = subprocess.run([sys.executable, "-m", "course_utils.convolutions",
                             b"--image", image, b"--output", output],
                            capture_output=True, timeout=300)
    stdout, stderr = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, stderr
    figure = cv2.imdecode(np.fromfile(output, np.uint8), cv2.IMREAD_COLOR)
    assert figure is not None and figure.shape[0] > figure.shape[1]  # a row per kernel
    lines = stdout.strip().splitlines()
    assert lines[0].split()[0] == "kernel"
    assert [line.split()[0] for line in lines[1:]] == list(KERNEL_BANK)
    for name in KERNEL_BANK:
        assert f"{name} " in stderr  # progress names every kernel
    assert "caf\\xe9.png: 60x48 pixels" in stderr
    assert stderr.strip().endswith("saved " + os.fsdecode(output).encode(
        "utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def test_table_numbers_are_the_real_differences(small_photo):
    gray = cv2.imread(str(small_photo), cv2.IMREAD_GRAYSCALE)
    for name in ("small_blur", "laplacian"):
        loop, opencv, max_diff, share = compare_kernel(gray, KERNEL_BANK[name])
        diff = np.abs(loop.astype(int) - opencv.astype(int))
        assert max_diff == diff.max() and share == pytest.approx((diff > 0).mean())
    # Truncation vs rounding: the blur differs by one grey level, the Laplacian not at all.
    assert compare_kernel(gray, KERNEL_BANK["small_blur"])[2] == 1
    assert compare_kernel(gray, KERNEL_BANK["laplacian"])[2] == 0


def test_default_output_is_convolutions_png(small_photo, tmp_path):
    result = run_cli("--image", str(small_photo), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "convolutions.png").is_file()


@pytest.fixture
def tiny_photo(tmp_path):
    path = tmp_path / "tiny.png"
    cv2.imwrite(str(path), np.full((20, 40), 128, np.uint8))   # 40 wide, 20 tall: < 21
    return path


LONG = "a" * 300


@pytest.mark.parametrize("make_args, message", [
    (lambda tmp, photo: ["--image", str(tmp / "missing.png")], "no such image file"),
    (lambda tmp, photo: ["--image", str(Path(__file__))], "OpenCV cannot read"),
    (lambda tmp, photo: ["--image", str(tmp)], "no such image file"),
    (lambda tmp, photo: ["--image", str(tmp / "empty.png")], "OpenCV cannot read"),
    (lambda tmp, photo: ["--image", str(tmp / "tiny.png")],
     "the image is 40x20 pixels, smaller than the bank's largest kernel, large_blur (21x21)"),
    (lambda tmp, photo: ["--image", str(tmp / f"{LONG}.png")], "File name too long"),
    (lambda tmp, photo: ["--image", str(photo), "--output", str(tmp / f"{LONG}.png")],
     "cannot write the figure to"),
    (lambda tmp, photo: ["--image", str(photo), "--output", str(tmp / "no" / "dir.png")],
     "cannot write the figure"),
    (lambda tmp, photo: ["--image", str(photo), "--output", str(tmp / "figure.xyz")],
     "the extension must be one of"),
    (lambda tmp, photo: ["--image", str(photo), "--output", str(tmp / "figure.pgf")],
     "the extension must be one of png"),
    (lambda tmp, photo: ["--image", str(photo), "--output", "/proc/figure.png"],
     "cannot write the figure to /proc/figure.png"),
    (lambda tmp, photo: ["--image", str(photo), "--output", str(tmp / "folder.png")],
     "it is a folder"),
])
def test_bad_paths_give_one_line_and_status_2_before_any_work(tmp_path, small_photo,
                                                              tiny_photo, make_args, message):
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "folder.png").mkdir()
    result = run_cli(*make_args(tmp_path, small_photo))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    # One line: the error. The first line of the computation ("... 7 kernels") never came.
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "figure.pgf").exists()


def test_a_missing_file_whose_name_is_not_utf8_is_reported_not_a_crash(tmp_path):
    missing = os.path.join(os.fsencode(tmp_path), b"\xff.png")
    result = subprocess.run([sys.executable, "-m", "course_utils.convolutions",
                             b"--image", missing], capture_output=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip() == (b"error: no such image file: "
                                     + os.path.join(os.fsencode(tmp_path), b"\\xff.png"))


def test_checking_the_output_leaves_no_file_and_keeps_an_existing_one(tmp_path):
    new = tmp_path / "new.png"
    check_output(new)
    assert not new.exists()
    old = tmp_path / "old.png"
    old.write_bytes(b"keep me")
    check_output(old)
    assert old.read_bytes() == b"keep me"
    with pytest.raises(UsageError, match=r"the extension must be one of png"):
        check_output(tmp_path / "figure.pgf")
    for extension in FIGURE_FORMATS:  # every format offered is one matplotlib can write
        assert extension in Figure().canvas.get_supported_filetypes()


def test_unwritable_output(tmp_path, small_photo, capsys):
    # A path under a regular file: nobody can write there, root included.
    file = tmp_path / "a-file"
    file.write_bytes(b"not a folder")
    output = file / "x.png"
    assert main(["--image", str(small_photo), "--output", str(output)]) == 2
    error = capsys.readouterr().err
    assert f"cannot write the figure to {output}" in error and "Traceback" not in error
    assert file.read_bytes() == b"not a folder"


def test_help_explains_it():
    result = run_cli("--help")
    assert result.returncode == 0
    for word in ("--image", "--output", "correlate_loop", "cv2.filter2D", "convolutions.png"):
        assert word in result.stdout


def test_missing_argument_is_a_usage_error():
    result = run_cli()
    assert result.returncode == 2 and "--image" in result.stderr
    assert "Traceback" not in result.stderr
