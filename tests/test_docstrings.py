"""Every public function and class of course_utils has a docstring with an example.

"Public" means listed in its module's ``__all__``; every module must have one. The
example is a numpydoc ``Examples`` section holding at least one ``>>>`` line (the
doctests themselves run in the suite through ``--doctest-modules``). Constants
(``KERNEL_BANK``, ``METHODS``, exercise namespaces, ...) have no docstring of their
own and are not checked.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import course_utils

EXAMPLES = re.compile(r"^\s*Examples\s*\n\s*-{8,}\s*\n(.*)", flags=re.M | re.S)


def modules():
    names = ["course_utils"] + sorted(f"course_utils.{info.name}"
                                      for info in pkgutil.iter_modules(course_utils.__path__))
    return [importlib.import_module(name) for name in names]


def public_objects():
    """(id, object) for every function and class defined in a module and listed in its
    ``__all__`` (a name re-exported by ``course_utils`` is checked where it is defined)."""
    found = []
    for module in modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if obj.__module__ != module.__name__:
                continue
            found.append(pytest.param(obj, id=f"{module.__name__}.{name}"))
    return found


def example_problem(obj) -> str | None:
    """What is missing from ``obj``'s docstring, or None."""
    doc = inspect.getdoc(obj) if inspect.isclass(obj) else obj.__doc__
    if not doc or not doc.strip():
        return "has no docstring"
    match = EXAMPLES.search(inspect.cleandoc(doc))
    if not match:
        return "has no 'Examples' section (a line 'Examples' underlined with dashes)"
    if ">>>" not in match.group(1):
        return "has an 'Examples' section without a '>>>' example"
    return None


@pytest.mark.parametrize("module", modules(), ids=lambda module: module.__name__)
def test_every_module_declares_all(module):
    assert isinstance(getattr(module, "__all__", None), (list, tuple)), (
        f"{module.__name__} has no __all__ listing its public names")
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{module.__name__}.__all__ lists undefined names {missing}"


@pytest.mark.parametrize("obj", public_objects())
def test_public_function_or_class_has_an_example(obj):
    problem = example_problem(obj)
    assert problem is None, f"{obj.__module__}.{obj.__qualname__} {problem}"


def test_example_problem_can_fail():
    def no_doc():
        pass

    def no_section():
        """Does something."""

    def empty_section():
        """Does something.

        Examples
        --------
        Call it.
        """

    def good():
        """Does something.

        Examples
        --------
        >>> good()
        """

    class Documented:
        """A class.

        Examples
        --------
        >>> Documented()  # doctest: +ELLIPSIS
        <...>
        """

    assert example_problem(no_doc) == "has no docstring"
    assert "no 'Examples' section" in example_problem(no_section)
    assert "without a '>>>'" in example_problem(empty_section)
    assert example_problem(good) is None
    assert example_problem(Documented) is None
