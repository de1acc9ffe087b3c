"""Every bad input gets a clear error naming the parameter, the value and what is allowed."""

from fractions import Fraction

import numpy as np
import pytest

import course_utils as cu
from course_utils import cnn, learning, valid

GOOD_IMAGE = np.zeros((8, 8))
GOOD_KERNEL = np.ones((3, 3)) / 9


@pytest.mark.parametrize("function", [cu.correlate, cu.convolve])
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


@pytest.mark.parametrize("function", [cu.correlate, cu.convolve])
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
    for function in (cu.correlate, cu.convolve):
        with pytest.raises(error, match=pattern):
            function(GOOD_IMAGE, GOOD_KERNEL, mode=mode)
    with pytest.raises(error, match=pattern):
        cu.window_at(GOOD_IMAGE, GOOD_KERNEL, 0, 0, mode=mode)
    with pytest.raises(error, match=pattern):
        cu.pad(GOOD_IMAGE, (3, 3), mode=mode)


@pytest.mark.parametrize("cval, error, pattern", [
    ("0", TypeError, r"cval must be a real number, got '0'"),
    (np.nan, ValueError, r"cval must be a finite real number, got nan"),
    (1j, TypeError, r"cval must be a real number"),
])
def test_bad_cval(cval, error, pattern):
    with pytest.raises(error, match=pattern):
        cu.correlate(GOOD_IMAGE, GOOD_KERNEL, mode="constant", cval=cval)


def test_bad_method():
    with pytest.raises(ValueError, match=r"method must be one of \('auto', 'direct', "
                                         r"'separable', 'fft'\), got 'fast'"):
        cu.correlate(GOOD_IMAGE, GOOD_KERNEL, method="fast")


@pytest.mark.parametrize("row, col, error, pattern", [
    (8, 0, ValueError, r"row must be an integer from 0 to 7, got 8"),
    (-1, 0, ValueError, r"row must be an integer from 0 to 7, got -1"),
    (0, 8, ValueError, r"col must be an integer from 0 to 7, got 8"),
    (1.0, 0, TypeError, r"row must be an integer, got 1.0"),
    (0, True, TypeError, r"col must be an integer, got True"),
])
def test_bad_positions(row, col, error, pattern):
    with pytest.raises(error, match=pattern):
        cu.window_at(GOOD_IMAGE, GOOD_KERNEL, row, col)


def test_window_at_needs_one_channel():
    with pytest.raises(ValueError, match=r"image must be 2-D \(H×W\), got 3-D"):
        cu.window_at(np.zeros((8, 8, 3)), GOOD_KERNEL, 0, 0)


def test_correlate_loop_needs_gray_uint8():
    with pytest.raises(TypeError, match=r"image must have dtype uint8.*got float64"):
        cu.correlate_loop(np.zeros((8, 8)), GOOD_KERNEL)
    with pytest.raises(ValueError, match=r"image must be 2-D \(H×W\), got 3-D"):
        cu.correlate_loop(np.zeros((8, 8, 3), np.uint8), GOOD_KERNEL)
    with pytest.raises(ValueError, match=r"kernel must have an odd number"):
        cu.correlate_loop(np.zeros((8, 8), np.uint8), np.ones((4, 4)))
    with pytest.raises(TypeError, match=r"progress must be callable"):
        cu.correlate_loop(np.zeros((8, 8), np.uint8), GOOD_KERNEL, progress=5)


def test_pad_checks_kernel_shape():
    with pytest.raises(ValueError, match=r"kernel_shape must be two odd positive sizes"):
        cu.pad(GOOD_IMAGE, (2, 3))


def test_unknown_image_lists_available_names():
    with pytest.raises(FileNotFoundError, match=r"no image named 'kamera'.*available: "
                                                r"\[.*'camera'.*\]"):
        cu.load_image("kamera")
    with pytest.raises(FileNotFoundError, match=r"no image named '../README.md'"):
        cu.load_image("../README.md")
    with pytest.raises(TypeError, match=r"name must be a string"):
        cu.load_image(3)


# Issue 10, "Found": inputs that slipped through or got unclear messages.

@pytest.mark.parametrize("flip", ["False", "no", 0, 1, None, [True]])
def test_window_at_flip_is_true_or_false_only(flip):
    with pytest.raises(TypeError, match=r"flip must be True or False, got "):
        cu.window_at(GOOD_IMAGE, GOOD_KERNEL, 0, 0, flip=flip)


def test_window_at_accepts_numpy_bools_and_integers():
    plain = cu.window_at(GOOD_IMAGE + np.arange(8), cu.KERNEL_BANK["sobel_x"], 2, 3, flip=True)
    numpy_typed = cu.window_at(GOOD_IMAGE + np.arange(8), cu.KERNEL_BANK["sobel_x"], np.int64(2),
                            np.uint8(3), flip=np.True_)
    assert numpy_typed.value == plain.value and numpy_typed.flip is True
    assert (numpy_typed.row, numpy_typed.col) == (2, 3)


@pytest.mark.parametrize("kernel_shape", [(3.7, 3), "33", ("3", "3"), (True, True), 3,
                                          None, (np.float64(3), 3), b"33"])
def test_pad_refuses_kernel_shapes_that_are_not_two_integers(kernel_shape):
    with pytest.raises(TypeError, match=r"kernel_shape must be a pair \(rows, columns\) of "
                                        r"integers, got "):
        cu.pad(GOOD_IMAGE, kernel_shape)


@pytest.mark.parametrize("kernel_shape", [(3,), (3, 3, 3), (0, 3), (-1, 3), (3, 4)])
def test_pad_refuses_wrong_counts_and_sizes(kernel_shape):
    with pytest.raises(ValueError, match=r"kernel_shape must be two odd positive sizes"):
        cu.pad(GOOD_IMAGE, kernel_shape)


def test_pad_accepts_numpy_integers_lists_and_a_kernels_shape():
    expected = cu.pad(GOOD_IMAGE + np.arange(8), (3, 5))
    for kernel_shape in ((np.int64(3), np.int32(5)), [3, 5], np.ones((3, 5)).shape,
                         np.array([3, 5])):
        np.testing.assert_array_equal(cu.pad(GOOD_IMAGE + np.arange(8), kernel_shape), expected)


def test_im2col_with_one_number_says_what_it_wants():
    with pytest.raises(TypeError, match=r"kernel_shape must be a pair \(rows, columns\) of "
                                        r"integers, got 3"):
        valid.im2col(GOOD_IMAGE, 3)


def test_correlate_valid_refuses_a_non_finite_kernel():
    for bad in (np.nan, np.inf, -np.inf):
        with pytest.raises(ValueError, match=r"kernel must hold finite numbers only"):
            valid.correlate_valid(GOOD_IMAGE, [[1.0, bad]])
        with pytest.raises(ValueError, match=r"kernel must hold finite numbers only"):
            valid.convolve_valid(GOOD_IMAGE, [[1.0, bad]])


@pytest.mark.parametrize("learning_rate, error, pattern", [
    (np.inf, ValueError, r"learning_rate must be a finite real number, got inf"),
    (np.nan, ValueError, r"learning_rate must be a finite real number, got nan"),
    (0, ValueError, r"learning_rate must be a finite real number greater than 0, got 0.0"),
    ("0.1", TypeError, r"learning_rate must be a real number, got '0.1'"),
    (1e6, ValueError, r"learning_rate 1000000.0 is too large for this input: gradient "
                      r"descent diverges"),
])
def test_learn_kernel_refuses_learning_rates_that_cannot_learn(learning_rate, error, pattern):
    x = np.arange(36.0).reshape(6, 6) % 7
    with pytest.raises(error, match=pattern):
        learning.learn_kernel(x, valid.correlate_valid(x, np.eye(3)), steps=50,
                              learning_rate=learning_rate)


def test_numpy_integers_count_as_integers_everywhere():
    n = np.int64(300)
    assert valid.conv_output_size(n, np.int64(3), np.int32(1), np.uint8(1)) == 300
    assert cnn.dense_parameter_count(n, np.int16(2)) == 602
    assert cnn.conv_parameter_count(np.int64(1), np.int64(2), (np.int64(3), np.int64(3))) == 20
    assert cnn.max_pool(np.zeros((4, 4)), np.int64(2)).shape == (2, 2)
    x = np.arange(36.0).reshape(6, 6) % 7
    result = learning.learn_kernel(x, valid.correlate_valid(x, np.eye(3)), steps=np.int64(4))
    assert len(result.losses) == 5


@pytest.mark.parametrize("function", [
    lambda cval: cu.pad(GOOD_IMAGE, (3, 3), "constant", cval),
    lambda cval: cu.window_at(GOOD_IMAGE, GOOD_KERNEL, 0, 0, "constant", cval).window,
    lambda cval: cu.correlate(GOOD_IMAGE, GOOD_KERNEL, "constant", cval),
])
def test_cval_accepts_any_real_number_and_names_huge_ones(function):
    np.testing.assert_array_equal(function(Fraction(1, 2)), function(0.5))
    np.testing.assert_array_equal(function(2 ** 70), function(float(2 ** 70)))
    np.testing.assert_array_equal(function(np.float32(0.5)), function(0.5))
    with pytest.raises(ValueError, match=r"cval must be a finite real number \(at most about "
                                         r"1.8e308 in size\), got an integer of 401 digits"):
        function(10 ** 400)


@pytest.mark.parametrize("call, name", [
    (lambda: cnn.relu("abc"), "x"),
    (lambda: cnn.max_pool("abc"), "x"),
    (lambda: cnn.conv2d("abc", GOOD_KERNEL), "x"),
    (lambda: cnn.conv2d(GOOD_IMAGE, "sobel_x"), "weights"),
    (lambda: cnn.conv2d(GOOD_IMAGE, GOOD_KERNEL, bias="1"), "bias"),
    (lambda: cnn.relative_change("ab", "ab"), "before"),
    (lambda: cnn.relative_change([1.0], "a"), "after"),
    (lambda: learning.standardize("camera"), "image"),
    (lambda: valid.correlate_valid(GOOD_IMAGE, "k"), "kernel"),
    (lambda: valid.correlate_valid(["1", "2"], GOOD_KERNEL), "image"),
    (lambda: learning.kernel_loss("x", GOOD_IMAGE[1:-1, 1:-1], GOOD_KERNEL), "x"),
    (lambda: learning.kernel_gradient(GOOD_IMAGE, [["0"] * 6] * 6, GOOD_KERNEL), "target"),
    (lambda: learning.learn_kernel(GOOD_IMAGE, GOOD_IMAGE[1:-1, 1:-1], initial="eye"), "initial"),
    (lambda: learning.learn_kernel(GOOD_IMAGE, GOOD_IMAGE[1:-1, 1:-1], shape="33"), "shape"),
    (lambda: cnn.compose_kernels("box", GOOD_KERNEL), "first"),
    (lambda: valid.conv_output_size("32", 3), "size"),
    (lambda: cnn.max_pool(GOOD_IMAGE, "2"), "size"),
    (lambda: learning.kernel_loss(GOOD_IMAGE, GOOD_IMAGE[1:-1, 1:-1], GOOD_KERNEL, 1), "operation"),
    (lambda: cnn.dense_parameter_count(3, 4, bias="no"), "bias"),
    (lambda: cu.correlate_loop(np.zeros((8, 8), np.uint8), "box"), "kernel"),
])
def test_strings_and_wrong_types_get_a_type_error_naming_the_parameter(call, name):
    with pytest.raises(TypeError, match=rf"^{name} must ") as caught:
        call()
    assert "could not convert" not in str(caught.value)


def test_learn_kernel_shape_and_initial_must_agree():
    x = np.arange(36.0).reshape(6, 6) % 7
    y = valid.correlate_valid(x, np.eye(3))
    with pytest.raises(ValueError, match=r"shape \(5, 5\) disagrees with initial of shape"):
        learning.learn_kernel(x, y, shape=(5, 5), initial=np.zeros((3, 3)))
    result = learning.learn_kernel(x, y, steps=3, initial=np.eye(3))   # shape follows initial
    np.testing.assert_array_equal(result.kernel, np.eye(3))   # already exact: no step moves it


@pytest.mark.parametrize("kernels, error, pattern", [
    ({"box": "1 1 1"}, TypeError, r"kernels\['box'\] must be an array"),
    ({"box": [[1, 1]]}, ValueError, r"kernels\['box'\] must have an odd number"),
    ({"box": [[np.nan]]}, ValueError, r"kernels\['box'\] must hold finite numbers"),
    ({3: [[1]]}, TypeError, r"kernels must be keyed by name \(a string\), got 3"),
    ([("box", [[1]])], TypeError, r"kernels must be a mapping"),
])
def test_a_kernel_bank_holds_only_kernels(kernels, error, pattern):
    with pytest.raises(error, match=pattern):
        cu.KernelBank(kernels)
