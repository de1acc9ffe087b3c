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
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import check_unguarded
from test_checks import solve

from course_utils.checks import nb02, nb04
from course_utils.checks.compare import _is_learner_code, call_counting_lines
from course_utils.checks.framework import Refused
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
    ("nb05.q2", "cv2", "filter2D", "cv2.filter2D", "image, kernel",
     "return {F}(image, -1, kernel)"),
    ("nb06.q5", "course_utils.filtering", "convolve", "the package's convolve", "image, kernel",
     "return {F}(image, kernel, mode='wrap')"),
    ("nb06.q7", "cv2", "getGaussianKernel", "cv2.getGaussianKernel", "size, sigma",
     "g = {F}(size, sigma)\n    return g @ g.T"),
    ("nb07.q1", "course_utils.cnn", "conv2d", "the package's conv2d",
     "x, w, b, stride, padding", "return {F}(x, w, b, stride=stride, padding=padding)"),
    ("nb07.q2", "course_utils.cnn", "max_pool", "the package's max_pool",
     "a, size, stride=None, padding=0", "return {F}(a, size, stride, padding)"),
    ("nb07.q2", "scipy.ndimage", "maximum_filter", "scipy.ndimage.maximum_filter",
     "a, size, stride=None, padding=0", "return {F}(a, size=(1, size, size))[:, ::size, ::size]"),
    ("nb07.q3", "course_utils.cnn", "layer_cost", "the package's layer_cost",
     "C_in, H, W, C_out, K, stride=1, padding=0",
     "return {F}(C_in, H, W, C_out, K, stride, padding)"),
    ("nb07.q4", "course_utils.learning", "kernel_gradient", "the package's kernel_gradient",
     "x, y, K, eta", "return K - eta * {F}(x, y, K)"),
    ("nb08.q2", "course_utils.fast", "box_sum", "the package's box_sum",
     "table, top, left, bottom, right",
     "return {F}(table, top, left, bottom - top + 1, right - left + 1)"),
    ("nb08.q3", "course_utils.filtering", "separable_factors",
     "the package's separable_factors", "kernel", "return {F}(kernel)"),
    # a second function for some, C functions (OpenCV) among them
    ("nb02.q4", "cv2", "flip", "cv2.flip", "kernel", "return {F}(np.asarray(kernel), -1)"),
    ("nb03.q4", "cv2", "copyMakeBorder", "cv2.copyMakeBorder", "image, kernel_shape",
     "h, w = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
     "    return {F}(image, h, h, w, w, 4)"),
    ("nb04.q1", "numpy", "pad", "np.pad", "image, kernel_shape",
     "h, w = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
     "    return {F}(image, ((h, h), (w, w)), mode='edge')"),
    ("nb04.q4", "numpy", "flip", "np.flip", "image, kernel",
     "return correlate(image, {F}(kernel), mode='nearest')"),
    ("nb04.q4", "scipy.ndimage", "convolve", "scipy.ndimage.convolve", "image, kernel",
     "return {F}(image.astype(float), kernel, mode='nearest')"),
    ("nb04.q5", "cv2", "filter2D", "cv2.filter2D", "image, kernel",
     "return {F}(image.astype(float), -1, kernel, borderType=1)"),
    ("nb04.q8", "numpy", "pad", "np.pad", "image, K", "return {F}(image, 1, mode='edge')"),
    ("nb04.q8", "cv2", "filter2D", "cv2.filter2D", "image, K",
     "return {F}(image, -1, K, borderType=1)"),
    ("nb02.q6", "cv2", "matchTemplate", "cv2.matchTemplate", "image, template",
     "return {F}(np.float32(image), np.float32(template), 5).astype(float)"),
    ("nb02.q6", "skimage.feature", "match_template", "skimage.feature.match_template",
     "image, template", "return {F}(image, template)"),
    ("nb07.q5", "course_utils.cnn", "conv_backward", "the package's conv_backward",
     "x, w, b, dout, stride, padding", "return {F}(x, w, b, dout, stride, padding)"),
    ("nb07.q1", "course_utils.valid", "correlate_valid", "the package's correlate_valid",
     "x, w, b, stride, padding",
     "x = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))\n"
     "    return np.array([sum({F}(x[c], w[o, c]) for c in range(x.shape[0]))"
     "[::stride, ::stride] + b[o] for o in range(w.shape[0])])"),
]


def _routes(module: str, attribute: str, signature: str, body: str) -> dict[str, str]:
    """Source code of the same shortcut, each reaching the function another way."""
    setup = (f"import functools\nimport numpy as np\nimport {module} as _m\n"
             "from course_utils import correlate\n")

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
    assert sys.getprofile() is None   # the hook is off again


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


def test_a_shortcut_whose_refusal_is_swallowed_is_still_refused():
    def rotate180(kernel):
        try:
            return np.flip(kernel)
        except BaseException:  # noqa: BLE001 - a learner who catches everything
            return kernel[::-1, ::-1]

    result = nb02.q4.check(rotate180)
    assert not result.ok and "your function called np.flip," in result.message


@pytest.mark.parametrize("name", sorted({c[0] for c in SHORTCUTS}))
def test_each_forbidding_exercise_accepts_its_worked_solution(name):
    assert _exercise(name).check(solve(name)).ok
    assert sys.getprofile() is None


def test_the_hook_is_removed_after_a_keyboard_interrupt_and_opencv_is_back():
    import cv2

    original = cv2.filter2D

    def interrupted(image, kernel):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        nb04.q5.check(interrupted)
    assert sys.getprofile() is None
    assert type(cv2.filter2D) is type(original) and cv2.filter2D.__name__ == "filter2D"


def test_a_profiler_that_ran_before_is_put_back_and_the_tracer_left_alone():
    seen = []

    def profiler(frame, event, arg):
        pass

    def tracer(frame, event, arg):   # what a debugger or coverage installs
        if event == "call" and frame.f_code.co_name == "rotate180":
            seen.append(event)
        return None

    def rotate180(kernel):
        return np.asarray(kernel)[::-1, ::-1]

    previous_trace = sys.gettrace()
    sys.setprofile(profiler)
    sys.settrace(tracer)
    try:
        assert nb02.q4.check(rotate180).ok
        assert sys.getprofile() is profiler and sys.gettrace() is tracer
    finally:
        sys.settrace(previous_trace)
        sys.setprofile(None)
    assert seen, "the tracer saw the learner's function run under the guard"


def test_a_check_may_call_what_its_learner_may_not():
    import cv2

    image = np.arange(30, dtype=np.float64).reshape(5, 6)
    with forbidding(["cv2.filter2D", "numpy.pad"]):
        # the check's own code, outside the learner's function: the real functions
        assert np.array_equal(cv2.filter2D(image, -1, np.ones((1, 1))), image)
        assert np.pad(image, 1).shape == (7, 8)
        with pytest.raises(Refused, match="cv2.filter2D"):
            guarded(lambda: cv2.filter2D(image, -1, np.ones((1, 1))))
        assert guarded(lambda: image.sum()) == image.sum()


def test_a_wrapper_shared_by_many_functions_is_not_mistaken_for_the_forbidden_one():
    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args):
            return function(*args)
        return wrapper

    @decorate
    def forbidden(x):
        return x

    @decorate
    def allowed(x):
        return x

    module = type(sys)("_guard_test_module")
    module.forbidden = forbidden
    sys.modules["_guard_test_module"] = module
    try:
        with forbidding(["_guard_test_module.forbidden"]):
            assert guarded(allowed, 3) == 3
            with pytest.raises(Refused, match="_guard_test_module.forbidden"):
                guarded(forbidden, 3)
    finally:
        del sys.modules["_guard_test_module"]


# Each forbidding exercise's prompt names what its check refuses (and no function exercise
# says any longer that its check cannot tell).
PROMPTS = {
    "nb01.q4": ("window_at",),
    "nb02.q4": ("np.rot90", "np.flip", "np.fliplr", "np.flipud", "cv2.flip", "cv2.rotate"),
    "nb03.q4": ("np.pad", "cv2.copyMakeBorder", "`pad`"),
    "nb04.q1": ("np.pad", "cv2.copyMakeBorder", "`pad`"),
    "nb04.q2": ("`correlate`", "`correlate_loop`", "SciPy", "cv2.filter2D"),
    "nb04.q4": ("np.rot90", "np.flip", "cv2.flip", "`convolve`", "SciPy"),
    "nb04.q5": ("correlations are refused",),
    "nb04.q8": ("np.pad", "np.flip", "np.rot90", "cv2.filter2D", "cv2.copyMakeBorder",
                "`correlate`", "`convolve`", "`correlate_loop`", "`window_at`", "`pad`"),
    "nb05.q2": ("cv2.filter2D", "cv2.sepFilter2D", "cv2.boxFilter", "cv2.blur"),
    "nb06.q5": ("`convolve`", "`correlate`", "SciPy"),
    "nb06.q7": ("cv2.getGaussianKernel", "scipy.signal.windows.gaussian",
                "scipy.ndimage.gaussian_filter"),
    "nb07.q1": ("conv2d", "correlate_valid", "im2col"),
    "nb07.q2": ("max_pool", "block_reduce", "maximum_filter"),
    "nb07.q4": ("kernel_gradient", "numerical_gradient", "learn_kernel"),
    "nb02.q6": ("cv2.matchTemplate", "match_template"),
    "nb07.q5": ("conv_backward", "max_pool_backward"),
    "nb07.q3": ("layer_cost", "conv_parameter_count"),
    "nb08.q2": ("box_sum", "correlate_integral"),
    "nb08.q3": ("separable_factors",),
}

#: The dotted names behind the prompts' words (a word such as "SciPy" stands for several).
_MEANT = {"`pad`": "course_utils.borders.pad",
          "`correlate`": "course_utils.filtering.correlate",
          "`correlate_loop`": "course_utils.classic.correlate_loop",
          "`convolve`": "course_utils.filtering.convolve",
          "`window_at`": "course_utils.windows.window_at"}


def _prompt(name: str) -> str:
    """The markdown above the cell that checks exercise ``name`` in its notebook."""
    notebook, question = name.split(".")
    path = next(Path(__file__).resolve().parent.parent.joinpath("notebooks")
                .glob(f"{notebook[2:]}-*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and f"{name}.check(" in source:
            before = [c for c in cells[:index] if c["cell_type"] == "markdown"]
            return "".join(before[-1]["source"])
    raise AssertionError(f"no cell checks {name}")


@pytest.mark.parametrize("name", sorted(PROMPTS))
def test_the_prompt_names_what_the_check_refuses(name):
    prompt, names = _prompt(name), _exercise(name).forbid.names
    for word in PROMPTS[name]:
        assert word in prompt, f"{name}'s prompt does not name {word}"
        dotted = _MEANT.get(word, word.replace("np.", "numpy.", 1))
        if "." in dotted:
            assert dotted in names, f"{name} does not forbid {word}"
        elif word.isidentifier() and word.islower():   # a function's own name
            assert any(n.endswith("." + word) for n in names), f"{name}: {word}"
    assert "cannot tell" not in prompt and "merely calls" not in prompt


def test_every_exercise_with_a_forbid_list_has_its_prompt_checked():
    from course_utils.checks import exercises

    forbidding_exercises = {
        f"{module}.{question}"
        for module in ("nb01", "nb02", "nb03", "nb04", "nb05", "nb06", "nb07", "nb08")
        for question, exercise in exercises(importlib.import_module(
            f"course_utils.checks.{module}")).items() if exercise.forbid is not None}
    assert forbidding_exercises == set(PROMPTS)
    assert forbidding_exercises == {c[0] for c in SHORTCUTS}


def test_a_library_filter_that_calls_the_learners_code_per_pixel_is_refused():
    # scipy's generic_filter runs a Python function per pixel: the line counter alone would
    # take it for the learner's own double loop
    def correlate_double_loop(image, kernel):
        import scipy.ndimage as ndi
        weights = np.asarray(kernel, dtype=float).ravel()
        return ndi.generic_filter(image.astype(float), lambda w: (w * weights).sum(),
                                  size=kernel.shape, mode="nearest")

    assert check_unguarded(nb04.q2, correlate_double_loop).ok   # right numbers, a loop
    result = nb04.q2.check(correlate_double_loop)
    assert not result.ok and "scipy.ndimage.generic_filter" in result.message
