"""The border table: one rule per mode, the same in scipy, OpenCV and numpy.pad."""

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
from conftest import MODES

from course_utils import BORDER_MODES, border_table, pad

ROW = np.array([[1.0, 2.0, 3.0, 4.0]])


def test_table_lists_the_five_scipy_modes_in_order():
    assert tuple(BORDER_MODES) == MODES
    assert [row["scipy.ndimage"] for row in border_table()] == list(MODES)


def test_opencv_names_match_constants():
    for mode in BORDER_MODES.values():
        assert getattr(cv2, mode.opencv_name) == mode.opencv_flag
    assert BORDER_MODES["mirror"].opencv_name == "BORDER_REFLECT_101"
    assert cv2.BORDER_DEFAULT == BORDER_MODES["mirror"].opencv_flag


@pytest.mark.parametrize("mode", MODES)
def test_numpy_opencv_and_scipy_pad_alike(rng, mode):
    image = rng.random((6, 7))
    border = BORDER_MODES[mode]
    ours = pad(image, (5, 5), mode, cval=0.0)
    by_numpy = np.pad(image, 2, mode=border.numpy_mode)
    by_opencv = cv2.copyMakeBorder(image, 2, 2, 2, 2, border.opencv_flag, value=0)
    np.testing.assert_array_equal(ours, by_numpy)
    np.testing.assert_array_equal(ours, by_opencv)
    # scipy: correlating with a kernel that picks one corner value reads the padding.
    picker = np.zeros((5, 5))
    picker[0, 0] = 1
    np.testing.assert_array_equal(ndi.correlate(image, picker, mode=mode, cval=0.0),
                                  ours[:6, :7])


def letters_to_values(side: str) -> list:
    return [{"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "k": 0.0}[ch] for ch in side.split()]


@pytest.mark.parametrize("mode", MODES)
def test_patterns_describe_what_pad_does(mode):
    left, middle, right = BORDER_MODES[mode].pattern.split(" | ")
    width = len(left.split())
    assert len(right.split()) == width and middle == "a b c d"
    padded = pad(ROW, (1, 2 * width + 1), mode, cval=0.0)[0]
    assert list(padded[:width]) == letters_to_values(left)
    assert list(padded[-width:]) == letters_to_values(right)


def test_filter2d_refuses_wrap_as_the_table_says():
    image = np.zeros((5, 5))
    with pytest.raises(cv2.error):
        cv2.filter2D(image, cv2.CV_64F, np.ones((3, 3)), borderType=cv2.BORDER_WRAP)
    assert not BORDER_MODES["wrap"].filter2d_supports
    assert all(m.filter2d_supports for name, m in BORDER_MODES.items() if name != "wrap")


def test_pad_keeps_channels_apart(rng):
    image = rng.random((4, 5, 3))
    padded = pad(image, (3, 3), "reflect")
    assert padded.shape == (6, 7, 3)
    for c in range(3):
        np.testing.assert_array_equal(padded[..., c], pad(image[..., c], (3, 3), "reflect"))
