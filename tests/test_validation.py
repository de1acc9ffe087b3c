"""Every bad input gets a clear error naming the parameter, the value and what is allowed."""

import numpy as np
import pytest

from course_utils import convolve, correlate, correlate_loop, load_image, pad, window_at

GOOD_IMAGE = np.zeros((8, 8))
GOOD_KERNEL = np.ones((3, 3)) / 9


@pytest.mark.parametrize("function", [correlate, convolve])
@pytest.mark.parametrize("kernel, error, pattern", [
    (np.ones((2, 2)), ValueError, r"kernel must have an odd number.*got shape \(2, 2\)"),
    (np.ones((3, 4)), ValueError, r"kernel must have an odd number.*got shape \(3, 4\)"),
    (np.ones(3), ValueError, r"kernel must be 2-D.*got 1-D array of shape \(3,\)"),
    (np.ones((3, 3, 3)), ValueError, r"kernel must be 2-D.*got 3-D"),
    (np.array([[1, np.nan, 1]] * 3), ValueError, r"kernel must hold finite numbers"),
    (np.array([[1, np.inf, 1]] * 3), ValueError, r"kernel must hold finite numbers"),
    (np.ones((3, 3), dtype=complex), TypeError, r"kernel must have a bool, integer or float "
                                                r"dtype, got dtype complex128"),
    (np.ones((9, 9)), ValueError, r"kernel of shape \(9, 9\) is larger than the image of "
                                  r"shape \(8, 8\)"),
    ("sharpen", TypeError, r"kernel must be an array.*got 'sharpen'"),
])
def test_bad_kernels(function, kernel, error, pattern):
    with pytest.raises(error, match=pattern):
        function(GOOD_IMAGE, kernel)


@pytest.mark.parametrize("function", [correlate, convolve])
@pytest.mark.parametrize("image, error, pattern", [
    (np.zeros(8), ValueError, r"image must be 2-D \(H×W\) or 3-D \(H×W×C\), got 1-D"),
    (np.zeros((2, 8, 8, 3)), ValueError, r"image must be 2-D.*got 4-D array of shape"),
    (np.zeros((0, 8)), ValueError, r"image must not be empty, got shape \(0, 8\)"),
    (np.zeros((8, 8), dtype=complex), TypeError, r"image must have a bool, integer or float "
                                                  r"dtype, got dtype complex128"),
    (np.array([[object()] * 8] * 8), TypeError, r"image must have .* dtype, got dtype object"),
    (np.array([["a"] * 8] * 8), TypeError, r"image must have .* dtype, got dtype <U1"),
    ("camera", TypeError, r"image must be an array of bool, integer or float numbers"),
    (None, TypeError, r"image must be an array"),
    ([[1, 2], [3]], ValueError, r"image must be a rectangular array"),
])
def test_bad_images(function, image, error, pattern):
    with pytest.raises(error, match=pattern):
        function(image, GOOD_KERNEL)


@pytest.mark.parametrize("mode, error, pattern", [
    ("reflct", ValueError, r"mode must be one of \('reflect', 'mirror', 'nearest', 'wrap', "
                           r"'constant'\), got 'reflct'"),
    ("BORDER_REFLECT", ValueError, r"got 'BORDER_REFLECT'"),
    (4, TypeError, r"mode must be a string.*got 4"),
])
def test_bad_modes(mode, error, pattern):
    for function in (correlate, convolve):
        with pytest.raises(error, match=pattern):
            function(GOOD_IMAGE, GOOD_KERNEL, mode=mode)
    with pytest.raises(error, match=pattern):
        window_at(GOOD_IMAGE, GOOD_KERNEL, 0, 0, mode=mode)
    with pytest.raises(error, match=pattern):
        pad(GOOD_IMAGE, (3, 3), mode=mode)


@pytest.mark.parametrize("cval, error, pattern", [
    ("0", TypeError, r"cval must be a real number, got '0'"),
    (np.nan, ValueError, r"cval must be a finite real number, got nan"),
    (1j, TypeError, r"cval must be a real number"),
])
def test_bad_cval(cval, error, pattern):
    with pytest.raises(error, match=pattern):
        correlate(GOOD_IMAGE, GOOD_KERNEL, mode="constant", cval=cval)


def test_bad_method():
    with pytest.raises(ValueError, match=r"method must be one of \('auto', 'direct', "
                                         r"'separable', 'fft'\), got 'fast'"):
        correlate(GOOD_IMAGE, GOOD_KERNEL, method="fast")


@pytest.mark.parametrize("row, col, error, pattern", [
    (8, 0, ValueError, r"row must be an integer from 0 to 7, got 8"),
    (-1, 0, ValueError, r"row must be an integer from 0 to 7, got -1"),
    (0, 8, ValueError, r"col must be an integer from 0 to 7, got 8"),
    (1.0, 0, TypeError, r"row must be an integer, got 1.0"),
    (0, True, TypeError, r"col must be an integer, got True"),
])
def test_bad_positions(row, col, error, pattern):
    with pytest.raises(error, match=pattern):
        window_at(GOOD_IMAGE, GOOD_KERNEL, row, col)


def test_window_at_needs_one_channel():
    with pytest.raises(ValueError, match=r"image must be 2-D \(H×W\), got 3-D"):
        window_at(np.zeros((8, 8, 3)), GOOD_KERNEL, 0, 0)


def test_correlate_loop_needs_gray_uint8():
    with pytest.raises(TypeError, match=r"image must have dtype uint8.*got float64"):
        correlate_loop(np.zeros((8, 8)), GOOD_KERNEL)
    with pytest.raises(ValueError, match=r"image must be 2-D \(H×W\), got 3-D"):
        correlate_loop(np.zeros((8, 8, 3), np.uint8), GOOD_KERNEL)
    with pytest.raises(ValueError, match=r"kernel must have an odd number"):
        correlate_loop(np.zeros((8, 8), np.uint8), np.ones((4, 4)))
    with pytest.raises(TypeError, match=r"progress must be callable"):
        correlate_loop(np.zeros((8, 8), np.uint8), GOOD_KERNEL, progress=5)


def test_pad_checks_kernel_shape():
    with pytest.raises(ValueError, match=r"kernel_shape must be two odd positive sizes"):
        pad(GOOD_IMAGE, (2, 3))


def test_unknown_image_lists_available_names():
    with pytest.raises(FileNotFoundError, match=r"no image named 'kamera'.*available: "
                                                r"\[.*'camera'.*\]"):
        load_image("kamera")
    with pytest.raises(FileNotFoundError, match=r"no image named '../README.md'"):
        load_image("../README.md")
    with pytest.raises(TypeError, match=r"name must be a string"):
        load_image(3)
