"""The kernel bank holds exactly the brief's seven kernels and cannot be corrupted."""

import numpy as np
import pytest

from course_utils import EXAMPLE_REGION, KERNEL_BANK


def test_names_and_order():
    assert list(KERNEL_BANK) == ["small_blur", "large_blur", "sharpen", "laplacian",
                                 "sobel_x", "sobel_y", "emboss"]


def test_values():
    expected = {
        "small_blur": np.full((7, 7), 1 / 49),
        "large_blur": np.full((21, 21), 1 / 441),
        "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
        "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
        "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
        "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    }
    for name, values in expected.items():
        kernel = KERNEL_BANK[name]
        assert kernel.dtype == np.float64 and kernel.ndim == 2
        np.testing.assert_array_equal(kernel, np.asarray(values, dtype=np.float64))


def test_sums_tell_what_a_kernel_keeps():
    sums = {name: KERNEL_BANK[name].sum() for name in KERNEL_BANK}
    for name in ("small_blur", "large_blur", "sharpen", "emboss"):
        assert sums[name] == pytest.approx(1)
    for name in ("laplacian", "sobel_x", "sobel_y"):
        assert sums[name] == 0


def test_mutating_what_you_get_does_not_change_the_bank():
    kernel = KERNEL_BANK["sharpen"]
    kernel[1, 1] = 100
    kernel *= 2
    assert KERNEL_BANK["sharpen"][1, 1] == 5
    with pytest.raises(TypeError):
        KERNEL_BANK["sharpen"] = np.zeros((3, 3))
    with pytest.raises(TypeError):
        del KERNEL_BANK["sharpen"]
    for kernel in KERNEL_BANK.values():
        kernel[:] = 0
    assert KERNEL_BANK["laplacian"][1, 1] == -4


def test_unknown_name_lists_the_bank():
    with pytest.raises(KeyError, match="no kernel named 'blur'.*small_blur"):
        KERNEL_BANK["blur"]


def test_example_region():
    assert EXAMPLE_REGION.dtype == np.uint8
    np.testing.assert_array_equal(EXAMPLE_REGION, [[93, 139, 101], [26, 252, 196],
                                                   [135, 230, 18]])
    with pytest.raises(ValueError):
        EXAMPLE_REGION[0, 0] = 0
    assert int(EXAMPLE_REGION.astype(int).sum()) == 1190
