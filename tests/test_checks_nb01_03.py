"""The exercises of notebooks 01-03: worked solutions pass, wrong answers fail quietly.

"Quietly" means the message says what is off without printing the right answer.
"""

import cv2
import numpy as np
import pytest
from scipy.signal import convolve2d, correlate2d

from course_utils import (
    BORDER_MODES,
    EXAMPLE_REGION,
    KERNEL_BANK,
    border_table,
    convolve,
    correlate,
    correlate_loop,
    load_image,
    pad,
    window_at,
)
from course_utils.checks import NB02_KERNELS, NB02_Q1_KERNEL, NB02_Q3_KERNEL, nb01, nb02, nb03

NAMESPACE = {
    "np": np, "cv2": cv2, "convolve2d": convolve2d, "correlate2d": correlate2d,
    "BORDER_MODES": BORDER_MODES, "EXAMPLE_REGION": EXAMPLE_REGION,
    "KERNEL_BANK": KERNEL_BANK, "border_table": border_table, "convolve": convolve,
    "correlate": correlate, "correlate_loop": correlate_loop, "load_image": load_image,
    "pad": pad, "window_at": window_at, "NB02_KERNELS": NB02_KERNELS,
    "NB02_Q1_KERNEL": NB02_Q1_KERNEL, "NB02_Q3_KERNEL": NB02_Q3_KERNEL,
    "region": np.array([[12, 200, 31], [45, 90, 77], [250, 3, 64]], dtype=np.uint8),
}

EXERCISES = {f"nb0{n}.{q}": ex for n, group in ((1, nb01), (2, nb02), (3, nb03))
             for q, ex in vars(group).items()}


def solve(exercise):
    """Run the exercise's printed worked solution and return its ``answer``."""
    namespace = dict(NAMESPACE)
    exec(exercise.solution_text, namespace)  # noqa: S102 - our own solution text
    return namespace["answer"]


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_worked_solution_passes(name):
    exercise = EXERCISES[name]
    result = exercise.check(solve(exercise))
    assert result.ok, result.message
    assert repr(result).startswith("Correct!")


def _right(name):
    return solve(EXERCISES[name])


def _wrong_answers():
    """(exercise, wrong answer, text the message must contain)."""
    blur_total = int(NAMESPACE["region"].astype(int).sum())
    sharpen_products = EXAMPLE_REGION.astype(float) * KERNEL_BANK["sharpen"]
    emboss = NB02_Q1_KERNEL
    combined = convolve2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL)
    return [
        ("nb01.q1", blur_total / 9, "exact sum"),
        ("nb01.q1", round(blur_total / 9), "did you round"),
        ("nb01.q1", 80, "too small"),
        ("nb01.q1", "85", "should be a number"),
        ("nb01.q2", EXAMPLE_REGION.astype(float) @ KERNEL_BANK["sharpen"], "matrix product"),
        ("nb01.q2", sharpen_products + np.eye(3), "differs in 3 of 9 entries"),
        ("nb01.q2", sharpen_products[:2], "shape"),
        ("nb01.q3", lambda shape: (shape[0] // 2, shape[1] // 2), "no centre pixel"),
        ("nb01.q3", lambda shape: (shape[0] // 2 + 1, 0) if shape[0] % 2 else None,
         "wrong centre"),
        ("nb01.q3", lambda shape: shape[3], "raised IndexError"),
        ("nb01.q3", (1, 1), "should be a function"),
        ("nb01.q3", lambda shape: ((shape[0] - 1) / 2, (shape[1] - 1) / 2)
         if shape[0] % 2 and shape[1] % 2 else None, "holds floats"),
        ("nb02.q1", emboss, "S itself"),
        ("nb02.q1", emboss[:, ::-1], "only one axis"),
        ("nb02.q1", emboss[::-1], "only one axis"),
        ("nb02.q1", emboss[::-1, ::-1] * 2, "differs"),
        ("nb02.q2", {"gaussian"}, "misses"),
        ("nb02.q2", set(NB02_KERNELS), "does not belong"),
        # mirror symmetry is the trap: the left-right symmetric kernels are the wrong set
        ("nb02.q2", {name for name, k in NB02_KERNELS.items() if np.array_equal(k, k[:, ::-1])},
         "misses"),
        ("nb02.q2", "sharpen", "not one string"),
        ("nb02.q3", correlate2d(NB02_Q3_KERNEL, KERNEL_BANK["sobel_y"]), "correlating"),
        ("nb02.q3", correlate2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL), "correlating"),
        ("nb02.q3", combined[::-1, ::-1], "rotated by 180°"),
        ("nb02.q3", combined[1:6, 1:6], "not the right size"),  # the 5×5 of the lesson's pair
        ("nb02.q3", convolve2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL, mode="same"),
         "not the right size"),
        ("nb02.q3", combined + np.eye(7), "differs in 7 of 49 entries"),
        ("nb02.q3", "K", "array of numbers"),
        ("nb03.q1", (512, 512), "your number of rows is too large"),
        ("nb03.q1", (492, 491), "your number of columns is too small"),
        ("nb03.q1", 492, "tuple"),
        ("nb03.q1", np.array([492, 491]), "your number of columns is too small"),
        ("nb03.q2", pad([[5, 9, 2, 7, 3]], (1, 5), "reflect")[0], "BORDER_REFLECT "),
        ("nb03.q2", pad([[5, 9, 2, 7, 3]], (1, 5), "nearest")[0], "BORDER_REPLICATE"),
        ("nb03.q2", pad([[1, 2, 3, 4, 5]], (1, 5), "mirror")[0], "differs"),
        ("nb03.q2", [1, 2, 3], "shape"),
        ("nb03.q3", 120 * 80, "too large"),
        ("nb03.q3", 120 * 80 - 118 * 76, "too small"),  # halves swapped
    ]


@pytest.mark.parametrize("name, wrong, said", _wrong_answers())
def test_wrong_answers_fail_and_do_not_reveal_the_answer(name, wrong, said):
    result = EXERCISES[name].check(wrong)
    assert not result.ok
    assert repr(result).startswith("Not yet:")
    assert said in result.message
    right = _right(name)
    if callable(right):
        secrets = [str(right(shape)) for shape in [(3, 3), (5, 3), (3, 5), (7, 1)]]
    elif np.ndim(right) == 0 or isinstance(right, tuple):
        secrets = [str(right)] + ([str(v) for v in right] if isinstance(right, tuple) else [])
    elif isinstance(right, set):
        secrets = sorted(right)
    else:
        array = np.asarray(right)
        secrets = [str(array), str(array.tolist()), np.array2string(array, precision=1)]
    for secret in secrets:
        assert secret not in result.message


def test_the_right_answers_are_what_the_notebooks_teach():
    # Computed independently of the checks, from the formulas the notebooks show.
    assert _right("nb01.q1") == 85  # 772 / 9 = 85.78, truncated
    assert _right("nb03.q1") == (492, 492)
    assert nb03.q1.check(np.array([492, 492])).ok  # any sequence of two whole numbers
    assert nb03.q1.check([492, 492]).ok
    np.testing.assert_array_equal(_right("nb03.q2"), np.pad([5, 9, 2, 7, 3], 2, mode="reflect"))
    assert _right("nb03.q3") == 120 * 80 - (120 - 4) * (80 - 8)
    assert _right("nb02.q2") == {"gaussian", "diagonal", "ridge"}
    image = np.random.default_rng(0).normal(size=(16, 16))  # measured, not by symmetry
    assert _right("nb02.q2") == {name for name, k in NB02_KERNELS.items()
                                 if np.allclose(correlate(image, k), convolve(image, k))}
    image = np.random.default_rng(1).normal(size=(9, 9))
    np.testing.assert_allclose(correlate(image, _right("nb02.q1")), convolve(image, NB02_Q1_KERNEL))
    # the combined kernel: scipy's full convolution, and the two steps on a photo crop
    np.testing.assert_allclose(_right("nb02.q3"),
                               convolve2d(KERNEL_BANK["sobel_y"], NB02_Q3_KERNEL, mode="full"))
    crop = load_image("camera")[:40, :50].astype(float)
    two_steps = convolve(convolve(crop, KERNEL_BANK["sobel_y"], mode="wrap"), NB02_Q3_KERNEL,
                         mode="wrap")
    np.testing.assert_allclose(convolve(crop, _right("nb02.q3"), mode="wrap"), two_steps,
                               atol=1e-9)
    assert _right("nb01.q2").dtype == np.float64  # uint8 region × float kernel is float


def test_the_size_of_the_combined_kernel_is_not_given_away(capsys):
    size = str(_right("nb02.q3").shape[0])  # 3 + 5 - 1
    message = nb02.q3.check(np.zeros((5, 5))).message
    nb02.q3.hint()
    assert size not in message + capsys.readouterr().out + nb02.q3.prompt


def test_hints_and_prompts_do_not_reveal_the_answers(capsys):
    for name, exercise in EXERCISES.items():
        exercise.hint()
        hint = capsys.readouterr().out
        assert hint.startswith("Hint:")
        right = _right(name)
        if np.ndim(right) == 0 and not callable(right) and not isinstance(right, set):
            assert str(right) not in hint + exercise.prompt, name
