"""The exercises of notebooks 04 and 05: worked solutions pass, wrong answers are told apart."""

import cv2
import numpy as np
import pytest
from skimage.exposure import rescale_intensity

from course_utils import KERNEL_BANK, correlate, correlate_loop, load_image
from course_utils.checks import (
    NB04_CROP,
    NB04_RESPONSES,
    compare_names,
    compare_tuples,
    nb04,
    nb05,
)


def namespace():
    """What the notebooks have imported and defined when the exercises start."""
    return {"np": np, "cv2": cv2, "rescale_intensity": rescale_intensity,
            "KERNEL_BANK": KERNEL_BANK, "correlate": correlate,
            "correlate_loop": correlate_loop, "load_image": load_image,
            "camera": load_image("camera"), "crop": load_image("camera")[NB04_CROP]}


def run_solution(exercise):
    scope = namespace()
    exec(exercise.solution_text, scope)
    return scope["answer"]


EXERCISES = [(f"nb04.{name}", q) for name, q in vars(nb04).items()] + [
    (f"nb05.{name}", q) for name, q in vars(nb05).items()]


@pytest.mark.parametrize("label, exercise", EXERCISES, ids=[label for label, _ in EXERCISES])
def test_the_worked_solution_is_correct(label, exercise):
    result = exercise.check(run_solution(exercise))
    assert result.ok, f"{label}: {result.message}"
    assert repr(result).startswith("Correct!")


@pytest.mark.parametrize("label, exercise", EXERCISES, ids=[label for label, _ in EXERCISES])
def test_the_placeholder_is_not_yet(label, exercise, capsys):
    result = exercise.check(None)
    assert not result.ok and repr(result).startswith("Not yet: ")
    exercise.hint()
    assert capsys.readouterr().out.startswith("Hint: ")
    exercise.solution()
    assert "answer =" in capsys.readouterr().out
    assert label.split(".")[0] in ("nb04", "nb05") and repr(exercise).startswith("Exercise: ")


def test_nb04_q1_pads_each_axis_by_its_own_half():
    assert nb04.q1.check((1, 3)).ok
    assert not nb04.q1.check((3, 3)).ok  # the lesson's single pad
    assert "position 0" in nb04.q1.check((3, 3)).message


def test_nb04_q2_wants_truncation_and_clipping():
    responses = np.array(NB04_RESPONSES, np.float32)
    rounded = np.clip(np.rint(responses), 0, 255).astype(np.uint8)
    result = nb04.q2.check(rounded)
    assert not result.ok and "rounded" in result.message and "truncates" in result.message
    off_by_one = rounded.copy()
    off_by_one[0] = 7
    assert "differs in" in nb04.q2.check(off_by_one).message
    truncated = np.clip(responses, 0, 255).astype(np.uint8)
    assert nb04.q2.check(truncated).ok
    assert "uint8" in nb04.q2.check(truncated.astype(float)).message
    # every trap is present: rounding and truncation differ, and so do clipping and not
    assert not np.array_equal(rounded, truncated)
    assert (responses < 0).any() and (responses > 255).any()
    np.testing.assert_array_equal(truncated, (rescale_intensity(responses, in_range=(0, 255))
                                              * 255).astype("uint8"))


def test_nb04_q2_inputs_are_not_the_values_the_notebook_prints():
    shown = np.array([-20.0, 17.8, 200.5, 270.0])  # notebook 04, step 4
    assert np.min(np.abs(np.subtract.outer(NB04_RESPONSES, shown))) > 10


def test_nb04_q3_counts_truncation_differences():
    crop = load_image("camera")[NB04_CROP]
    box = np.full((5, 5), 1 / 25)
    count = int(np.count_nonzero(correlate_loop(crop, box)
                                 != cv2.filter2D(crop, -1, box, borderType=cv2.BORDER_REPLICATE)))
    assert count > 1000  # about half the pixels: truncation vs rounding
    assert nb04.q3.check(count).ok
    assert nb04.q3.check(count + 1).message.endswith("too large.")


def test_nb04_q4_needs_both_the_border_and_the_rounding():
    crop = load_image("camera")[NB04_CROP]
    blur = KERNEL_BANK["small_blur"]
    right_border = correlate(crop, blur, mode="mirror")
    assert nb04.q4.check(np.clip(np.rint(right_border), 0, 255).astype(np.uint8)).ok
    assert not nb04.q4.check(np.clip(right_border, 0, 255).astype(np.uint8)).ok
    wrong_border = correlate(crop, blur, mode="nearest")
    assert not nb04.q4.check(np.clip(np.rint(wrong_border), 0, 255).astype(np.uint8)).ok
    floats = nb04.q4.check(right_border)  # the float result, not rounded to uint8
    assert not floats.ok and "fractions" in floats.message and "uint8" in floats.message


def test_nb04_q5_counts_negative_responses_with_opencvs_default_border():
    camera = load_image("camera")
    true = correlate(camera, KERNEL_BANK["sobel_y"], mode="mirror")
    opencv = cv2.filter2D(camera, -1, KERNEL_BANK["sobel_y"])
    float_opencv = cv2.filter2D(camera.astype(np.float64), cv2.CV_64F, KERNEL_BANK["sobel_y"])
    assert int((float_opencv < 0).sum()) == int((true < 0).sum())  # the same border as OpenCV
    assert int((opencv == 0).sum()) >= int((true < 0).sum())
    assert nb04.q5.check(int((true < 0).sum())).ok
    assert "exactly 0" in nb04.q5.check(int((true <= 0).sum())).message
    replicate = correlate(camera, KERNEL_BANK["sobel_y"], mode="nearest")
    assert int((replicate < 0).sum()) != int((true < 0).sum())  # the border matters here
    wrong = nb04.q5.check(int((replicate < 0).sum()))
    assert not wrong.ok and "BORDER_REFLECT_101" in wrong.message


def test_nb05_q1_is_the_new_kernels_that_sum_to_one():
    from course_utils.checks import NB05_Q1_KERNELS

    keep = {name for name, K in NB05_Q1_KERNELS.items() if abs(K.sum() - 1) < 1e-9}
    assert keep and keep != set(NB05_Q1_KERNELS)      # some keep brightness, some do not
    assert not set(NB05_Q1_KERNELS) & set(KERNEL_BANK)  # none of them is in the bank
    assert nb05.q1.check(keep).ok
    bank = nb05.q1.check({"small_blur", "large_blur", "sharpen", "emboss"})  # the Summary's list
    assert not bank.ok and "bank" in bank.message
    one_wrong = (keep - {min(keep)}) | {"brighten"}
    result = nb05.q1.check(one_wrong)
    assert result.message == "your set of kernels misses 1 and has 1 that does not belong."
    assert min(keep) not in result.message  # does not give the answer away
    assert not nb05.q1.check("gauss_3").ok


def test_nb05_q2_rejects_clipped_gradients_and_the_notebooks_own_magnitude():
    astronaut = load_image("astronaut", gray=True)
    gx = correlate(astronaut, KERNEL_BANK["sobel_x"], mode="mirror")
    gy = correlate(astronaut, KERNEL_BANK["sobel_y"], mode="mirror")
    assert nb05.q2.check(np.hypot(gx, gy)).ok
    assert not nb05.q2.check(np.hypot(np.clip(gx, 0, 255), np.clip(gy, 0, 255))).ok
    assert not nb05.q2.check(np.abs(gx) + np.abs(gy)).ok
    camera = load_image("camera")
    shortcut = np.hypot(correlate(camera, KERNEL_BANK["sobel_x"]),
                        correlate(camera, KERNEL_BANK["sobel_y"]))  # `magnitude` of the notebook
    result = nb05.q2.check(shortcut)
    assert not result.ok and "camera" in result.message
    default_border = np.hypot(correlate(astronaut, KERNEL_BANK["sobel_x"]),
                              correlate(astronaut, KERNEL_BANK["sobel_y"]))
    result = nb05.q2.check(default_border)
    assert not result.ok and "border" in result.message


def test_nb05_q3_and_q4_and_q5_reject_near_misses():
    from course_utils import convolve

    camera = load_image("camera")
    blurred = correlate(camera, np.full((3, 3), 1 / 9))
    assert not nb05.q3.check(float(correlate(blurred, KERNEL_BANK["laplacian"]).var())).ok
    blurred5 = correlate(camera, np.full((5, 5), 1 / 25))
    variance = float(correlate(blurred5, KERNEL_BANK["laplacian"]).var())
    assert nb05.q3.check(round(variance, 1)).ok  # the value as the notebook prints it
    assert 0.05 < abs(round(variance) - variance) <= 0.5
    close = nb05.q3.check(float(round(variance)))  # rounded to a whole number: too coarse
    assert not close.ok and "decimals" in close.message
    assert nb05.q3.check(variance + 3).message.endswith("too large.")

    astronaut = load_image("astronaut", gray=True)
    relief = KERNEL_BANK["emboss"]
    relief[1, 1] -= 1
    right = np.clip(correlate(astronaut, relief, mode="mirror") + 128, 0, 255)
    assert nb05.q4.check(right.astype(np.uint8)).ok
    assert "uint8" in nb05.q4.check(right).message
    emboss = np.clip(correlate(astronaut, KERNEL_BANK["emboss"], mode="mirror"), 0, 255)
    assert not nb05.q4.check(emboss.astype(np.uint8)).ok
    shifted = np.clip(correlate(camera, relief) + 128, 0, 255).astype(np.uint8)  # the notebook's
    result = nb05.q4.check(shifted)
    assert not result.ok and "camera" in result.message

    emboss_kernel = KERNEL_BANK["emboss"]
    no_flip = correlate(astronaut, emboss_kernel, mode="wrap")
    result = nb05.q5.check(no_flip)
    assert not result.ok and "correlation" in result.message
    result = nb05.q5.check(convolve(astronaut, emboss_kernel, mode="reflect"))
    assert not result.ok and "border" in result.message
    # the notebook's own OpenCV result (sobel_x on the camera) is not the answer
    padded = cv2.copyMakeBorder(camera.astype(np.float64), 1, 1, 1, 1, cv2.BORDER_WRAP)
    earlier = cv2.filter2D(padded, cv2.CV_64F, KERNEL_BANK["sobel_x"])[1:-1, 1:-1]
    assert not nb05.q5.check(earlier).ok


def test_nb05_hints_do_not_hold_the_solution():
    for exercise in vars(nb05).values():
        code_lines = [line.split("=", 1)[-1].strip() for line in
                      exercise.solution_text.splitlines() if "=" in line]
        assert not any(line and line in exercise.hint_text for line in code_lines)
    for word in ("np.clip", "astype", "copyMakeBorder", "hypot", ".var()", "[::-1"):
        assert not any(word in q.hint_text for q in vars(nb05).values())


def test_compare_helpers():
    assert compare_tuples((1, 2), (1, 2)).ok
    assert compare_tuples((0, 2, 3), (1, 2, 4)).message == (
        "your answer is wrong in position 0, 2 of 3.")
    assert not compare_tuples((1,), (1, 2)).ok
    assert compare_names(("x",), {"x"}).ok
    assert compare_names(set(), {"x"}).message == "your set of names misses 1."
    assert not compare_names(None, {"x"}).ok
