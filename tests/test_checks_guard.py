"""The guard against forbidden shortcuts (course_utils.checks.guard), through the exercises.

For every exercise that forbids a function, a right answer built on that function is
refused whatever route reaches it (a module attribute, an alias imported earlier, a name in
the notebook's globals, a default argument, a closure, a lambda wrapper, a
functools.partial wrapper), and the message names the function; the worked solutions still
pass (test_checks.py). The own-line counter ignores frozen frames and filler lines.
"""

from __future__ import annotations

import functools
import importlib
import sys

import numpy as np
import pytest

from course_utils.checks import nb02, nb04
from course_utils.checks.compare import _is_learner_code, call_counting_lines
from course_utils.checks.guard import Forbid, forbidding, guarded

# (exercise, module, attribute, the name the refusal gives, signature, body with {F})
SHORTCUTS = [
    ("nb01.q4", "course_utils.windows", "window_at", "the package's window_at",
     "image, row, col, shape",
     "return {F}(image, np.ones(shape), row, col, mode='nearest').window"),
    ("nb02.q4", "numpy", "rot90", "np.rot90", "kernel", "return {F}(kernel, 2)"),
    ("nb02.q4", "numpy", "flip", "np.flip", "kernel", "return {F}(kernel)"),
    ("nb03.q4", "numpy", "pad", "np.pad", "image, kernel_shape",
     "h, w = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
     "    return {F}(image, ((h, h), (w, w)), mode='reflect')"),
    ("nb04.q1", "cv2", "copyMakeBorder", "cv2.copyMakeBorder", "image, kernel_shape",
     "h, w = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
     "    return {F}(image, h, h, w, w, 1)"),
    ("nb04.q1", "course_utils.borders", "pad", "the package's pad", "image, kernel_shape",
     "return {F}(image, kernel_shape, mode='nearest')"),
    ("nb04.q2", "course_utils.filtering", "correlate", "the package's correlate",
     "image, kernel", "return {F}(image, kernel, mode='nearest')"),
    ("nb04.q2", "cv2", "filter2D", "cv2.filter2D", "image, kernel",
     "return {F}(image.astype(float), -1, kernel, borderType=1)"),
    ("nb04.q4", "course_utils.filtering", "convolve", "the package's convolve",
     "image, kernel", "return {F}(image, kernel, mode='nearest')"),
    ("nb04.q5", "scipy.ndimage", "correlate", "scipy.ndimage.correlate", "image, kernel",
     "return {F}(image.astype(float), kernel, mode='nearest')"),
    ("nb06.q7", "cv2", "getGaussianKernel", "cv2.getGaussianKernel", "size, sigma",
     "g = {F}(size, sigma)\n    return g @ g.T"),
    ("nb07.q4", "course_utils.cnn", "conv2d", "the package's conv2d",
     "x, w, b, stride, padding", "return {F}(x, w, b, stride=stride, padding=padding)"),
    ("nb07.q5", "course_utils.cnn", "max_pool", "the package's max_pool", "a, size",
     "return {F}(a, size)"),
    ("nb07.q6", "course_utils.learning", "kernel_gradient", "the package's kernel_gradient",
     "x, y, K, eta", "return K - eta * {F}(x, y, K)"),
    ("nb08.q2", "course_utils.fast", "box_sum", "the package's box_sum",
     "table, top, left, bottom, right",
     "return {F}(table, top, left, bottom - top + 1, right - left + 1)"),
    ("nb08.q3", "course_utils.filtering", "separable_factors",
     "the package's separable_factors", "kernel", "return {F}(kernel)"),
]


def _routes(module: str, attribute: str, signature: str, body: str) -> dict[str, str]:
    """Source code of the same shortcut, each reaching the function another way."""
    setup = f"import functools\nimport numpy as np\nimport {module} as _m\n"

    def define(ref, extra=""):
        return f"def answer({signature}{extra}):\n    {body.format(F=ref)}\n"

    closure = (f"def _make():\n    _f = _m.{attribute}\n"
               + "\n".join("    " + line for line in define("_f").splitlines())
               + "\n    return answer\nanswer = _make()\n")
    return {
        "attribute": setup + define(f"_m.{attribute}"),
        "alias": setup + f"from {module} import {attribute} as _alias\n" + define("_alias"),
        "global": setup + f"_shortcut = getattr(_m, {attribute!r})\n" + define("_shortcut"),
        "default argument": setup + define("_f", f", _f=_m.{attribute}"),
        "closure": setup + closure,
        "lambda": setup + f"_helper = lambda *a, **k: _m.{attribute}(*a, **k)\n"
                  + define("_helper"),
        "partial": setup + f"_helper = functools.partial(_m.{attribute})\n"
                   + define("_helper"),
    }


def _exercise(name: str):
    notebook, question = name.split(".")
    return getattr(importlib.import_module(f"course_utils.checks.{notebook}"), question)


CASES = [(name, route, source, shown)
         for name, module, attribute, shown, signature, body in SHORTCUTS
         for route, source in _routes(module, attribute, signature, body).items()]


@pytest.mark.parametrize(("name", "route", "source", "shown"), CASES,
                         ids=[f"{c[0]}-{c[3]}-{c[1]}" for c in CASES])
def test_every_route_to_a_forbidden_function_is_refused_by_name(name, route, source, shown):
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - a learner's cell, written by this test
    result = _exercise(name).check(namespace["answer"])
    assert not result.ok, f"{name} {route}: accepted"
    assert f"your function called {shown}," in result.message, result.message


@pytest.mark.parametrize("name", sorted({c[0] for c in SHORTCUTS}))
def test_each_forbidding_exercise_declares_its_list(name):
    assert isinstance(_exercise(name).forbid, Forbid) and _exercise(name).forbid.names


def test_the_shortcut_taken_inside_a_try_is_still_refused():
    def rotate180(kernel):
        try:
            return np.rot90(kernel, 2)
        except Exception:  # the learner's fallback cannot swallow the guard
            return kernel[::-1, ::-1]

    assert "np.rot90" in nb02.q4.check(rotate180).message


def test_a_c_function_is_back_and_untouched_after_the_check():
    import cv2

    original = cv2.filter2D
    prebuilt = functools.partial(cv2.filter2D, ddepth=-1)
    assert not nb04.q2.check(lambda image, kernel: prebuilt(image.astype(float),
                                                            kernel=kernel)).ok
    assert cv2.filter2D is original and prebuilt.func is original
    assert sys.getprofile() is None
    image = np.arange(25, dtype=np.float64).reshape(5, 5)
    assert np.allclose(prebuilt(image, kernel=np.ones((1, 1))), image)


def test_outside_a_forbidding_check_nothing_is_guarded():
    assert np.array_equal(guarded(np.rot90, np.eye(2), 2), np.eye(2))
    with forbidding(None):
        assert guarded(np.flip, np.arange(3)).tolist() == [2, 1, 0]


def test_frozen_frames_are_not_the_learners_lines():
    assert not _is_learner_code("<frozen importlib._bootstrap>")
    assert _is_learner_code("<string>")

    def imports():
        import importlib.util as util  # runs frozen importlib code
        return util is not None

    assert call_counting_lines(imports, where="x")[1] <= 2


_FILLED = '''
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from course_utils import pad
def answer(image, kernel):
    filler = 0
''' + "    filler += 1\n" * 300 + '''
    windows = sliding_window_view(pad(image, kernel.shape, mode="nearest"), kernel.shape)
    return (windows * kernel).sum(axis=(2, 3))
'''


def test_filler_lines_do_not_pass_a_one_expression_answer_as_a_loop():
    namespace: dict = {}
    exec(_FILLED, namespace)  # noqa: S102 - a learner's cell, written by this test
    for exercise in (nb04.q2, nb04.q5):
        result = exercise.check(namespace["answer"])
        assert not result.ok and "lines of your own code per" in result.message
