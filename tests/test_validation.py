"""Every bad input gets a clear error naming the parameter, the value and what is allowed."""

from fractions import Fraction

import numpy as np
import pytest

import course_utils as cu
from course_utils import cnn, learning, valid

GOOD_IMAGE = np.zeros((8, 8))
GOOD_KERNEL = np.ones((3, 3)) / 9


# --------------------------------------------------------------------------- one table
# Every public function or class that takes an image and a kernel (and a border mode, a
# fill value, a flip), called with good arguments but one. Each bad argument is written
# once here, for every door that takes it; what only one door refuses stays in its own
# file (the stepper's size limit, the playground's kernel names, ...).


def _doors():
    from course_utils.playground import apply_kernel, playground_view
    from course_utils.stepper import StepperRenderer, render_steps
    from course_utils.widgets import KernelPlayground, SlidingWindowStepper

    gray = GOOD_IMAGE.astype(np.uint8)
    return {  # name: (call(image, kernel, mode, cval, flip), the arguments it takes, 2-D only)
        "correlate": (lambda i, k, m, c, f: cu.correlate(i, k, m, c), "ikmc", False),
        "convolve": (lambda i, k, m, c, f: cu.convolve(i, k, m, c), "ikmc", False),
        "window_at": (lambda i, k, m, c, f: cu.window_at(i, k, 0, 0, m, c, f), "ikmcf", True),
        "pad": (lambda i, k, m, c, f: cu.pad(i, (3, 3), m, c), "imc", False),
        "StepperRenderer": (lambda i, k, m, c, f: StepperRenderer(i, k, m, c), "ikmc", True),
        "render_steps": (lambda i, k, m, c, f: render_steps(i, k, [0], m, c, f), "ikmcf", True),
        "SlidingWindowStepper": (lambda i, k, m, c, f: SlidingWindowStepper(
            i, k, mode=m, cval=c, flip=f), "ikmcf", True),
        "apply_kernel": (lambda i, k, m, c, f: apply_kernel(i, k, f, m), "ikmf", False),
        "playground_view": (lambda i, k, m, c, f: playground_view(i, k, f, m), "ikmf", False),
        "KernelPlayground": (lambda i, k, m, c, f: KernelPlayground(
            i, kernel=k, mode=m, flip=f), "ikmf", False),
        "correlate_loop": (lambda i, k, m, c, f: cu.correlate_loop(
            gray if i is GOOD_IMAGE else i, k), "ik", True),
        "correlate_valid": (lambda i, k, m, c, f: valid.correlate_valid(i, k), "ik", True),
        "convolve_valid": (lambda i, k, m, c, f: valid.convolve_valid(i, k), "ik", True),
    }


#: (the argument, its bad value, the error, the message's pattern, the doors it skips).
BAD_ARGUMENTS = {
    "kernel-even": ("k", np.ones((2, 2)), ValueError,
                    r"kernel must have an odd number of rows and of columns .*got shape "
                    r"\(2, 2\)", {"correlate_valid", "convolve_valid"}),
    "kernel-even-columns": ("k", np.ones((3, 4)), ValueError,
                            r"kernel must have an odd number.*got shape \(3, 4\)",
                            {"correlate_valid", "convolve_valid"}),
    "kernel-1d": ("k", np.ones(3), ValueError, r"kernel must be 2-D.*got 1-D array of "
                                               r"shape \(3,\)", set()),
    "kernel-3d": ("k", np.ones((3, 3, 3)), ValueError, r"kernel must be 2-D.*got 3-D", set()),
    "kernel-nan": ("k", np.array([[1, np.nan, 1]] * 3), ValueError,
                   r"kernel must hold finite numbers only", set()),
    "kernel-inf": ("k", np.array([[1, np.inf, 1]] * 3), ValueError,
                   r"kernel must hold finite numbers only", set()),
    "kernel-complex": ("k", np.ones((3, 3), dtype=complex), TypeError,
                       r"kernel must have a bool, integer or float dtype, got dtype complex128",
                       set()),
    "kernel-larger": ("k", np.ones((9, 9)), ValueError, r"kernel of shape \(9, 9\) is larger "
                                                        r"than the image of shape \(8, 8\)",
                      {"correlate_valid", "convolve_valid"}),
    # the playground also takes a kernel's name: its own test refuses unknown names
    "kernel-string": ("k", "sharpen", TypeError, r"kernel must be an array.*got 'sharpen'",
                      {"KernelPlayground"}),
    "image-1d": ("i", np.zeros(8), ValueError, r"image must be 2-D \(H×W\).*got 1-D", set()),
    "image-4d": ("i", np.zeros((2, 8, 8, 3)), ValueError,
                 r"image must be 2-D \(H×W\).*got 4-D array of shape", set()),
    "image-empty": ("i", np.zeros((0, 8)), ValueError,
                    r"image must not be empty, got shape \(0, 8\)", set()),
    "image-complex": ("i", np.zeros((8, 8), dtype=complex), TypeError,
                      r"image must have a bool, integer or float dtype, got dtype complex128",
                      set()),
    "image-object": ("i", np.array([[object()] * 8] * 8), TypeError,
                     r"image must have .* dtype, got dtype object", set()),
    "image-strings": ("i", np.array([["a"] * 8] * 8), TypeError,
                      r"image must have .* dtype, got dtype <U1", set()),
    "image-name": ("i", "camera", TypeError,
                   r"image must be an array of bool, integer or float numbers", set()),
    "image-none": ("i", None, TypeError, r"image must be an array", set()),
    "image-ragged": ("i", [[1, 2], [3]], ValueError, r"image must be a rectangular array",
                     set()),
    "mode-typo": ("m", "reflct", ValueError, r"mode must be one of \('reflect', 'mirror', "
                                             r"'nearest', 'wrap', 'constant'\), got 'reflct'",
                  set()),
    "mode-opencv-name": ("m", "BORDER_REFLECT", ValueError, r"got 'BORDER_REFLECT'", set()),
    "mode-number": ("m", 4, TypeError, r"mode must be a string.*got 4", set()),
    "cval-string": ("c", "0", TypeError, r"cval must be a real number, got '0'", set()),
    "cval-nan": ("c", np.nan, ValueError, r"cval must be a finite real number, got nan", set()),
    "cval-complex": ("c", 1j, TypeError, r"cval must be a real number", set()),
    "flip-string": ("f", "yes", TypeError, r"flip must be True or False, got 'yes'", set()),
    "flip-number": ("f", 1, TypeError, r"flip must be True or False, got 1", set()),
}
#: A 3-D image is a colour image for the filters; the stepper and the loops take 2-D only.
TWO_D_ONLY = ("i", np.zeros((8, 8, 3)), ValueError, r"image must be 2-D \(H×W\), got 3-D",
              set())
DOOR_NAMES = list(_doors())
CASES = [pytest.param(door, row, id=f"{door}-{name}")
         for door in DOOR_NAMES
         for name, row in [*BAD_ARGUMENTS.items(), ("image-3d", TWO_D_ONLY)]
         if row[0] in _doors()[door][1] and door not in row[4]
         and (name != "image-3d" or _doors()[door][2])]


@pytest.mark.parametrize("door, row", CASES)
def test_every_door_refuses_each_bad_argument_by_name(door, row):
    call, _, _ = _doors()[door]
    arguments = {"i": GOOD_IMAGE, "k": GOOD_KERNEL, "m": "constant", "c": 0.0, "f": False}
    argument, value, error, pattern, _ = row
    arguments[argument] = value
    with pytest.raises(error, match=pattern):
        call(*arguments.values())


@pytest.mark.parametrize("door", DOOR_NAMES)
def test_every_door_takes_the_good_arguments(door):
    call, _, _ = _doors()[door]
    call(GOOD_IMAGE, GOOD_KERNEL, "constant", 0.0, False)


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


def test_correlate_loop_needs_gray_uint8():
    with pytest.raises(TypeError, match=r"image must have dtype uint8.*got float64"):
        cu.correlate_loop(np.zeros((8, 8)), GOOD_KERNEL)
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
    (lambda: learning.kernel_loss("x", GOOD_IMAGE[1:-1, 1:-1], GOOD_KERNEL), "x"),
    (lambda: learning.kernel_gradient(GOOD_IMAGE, [["0"] * 6] * 6, GOOD_KERNEL), "target"),
    (lambda: learning.learn_kernel(GOOD_IMAGE, GOOD_IMAGE[1:-1, 1:-1], initial="eye"), "initial"),
    (lambda: learning.learn_kernel(GOOD_IMAGE, GOOD_IMAGE[1:-1, 1:-1], shape="33"), "shape"),
    (lambda: cnn.compose_kernels("box", GOOD_KERNEL), "first"),
    (lambda: valid.conv_output_size("32", 3), "size"),
    (lambda: cnn.max_pool(GOOD_IMAGE, "2"), "size"),
    (lambda: learning.kernel_loss(GOOD_IMAGE, GOOD_IMAGE[1:-1, 1:-1], GOOD_KERNEL, 1), "operation"),
    (lambda: cnn.dense_parameter_count(3, 4, bias="no"), "bias"),
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
