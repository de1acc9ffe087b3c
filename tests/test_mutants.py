"""The mutation check (benchmarks/mutants.py, ``./course bench mutants``) cannot rot.

The full run, every mutant against its tests, is the instructors' tool (a few
minutes). Here: every listed mutant still matches its file exactly once and names
test files that exist, and the script, on one real mutant and one harmless change,
reports the first killed, the second survived, and exits 1 for it.
"""

import importlib.util
import sys

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("mutants", ROOT / "benchmarks" / "mutants.py")
mutants = importlib.util.module_from_spec(spec)
sys.modules["mutants"] = mutants
spec.loader.exec_module(mutants)

#: The issue's mutants (issue 23) must stay on the list.
REQUIRED = {"compare_arrays_relative", "compare_numbers_loose", "outline_rows_cols_swapped",
            "max_pool_first_row", "clip_rounds"}


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=lambda m: m.name)
def test_each_mutant_changes_one_place_and_names_real_tests(mutant):
    text = (ROOT / mutant.path).read_text(encoding="utf-8")
    assert text.count(mutant.old) == 1, f"{mutant.name} is stale: fix it in benchmarks/mutants.py"
    assert mutant.new != mutant.old
    for test in mutant.tests:
        assert (ROOT / test.split("::")[0]).is_file(), test


def test_the_list_has_the_issues_mutants_and_unique_names():
    names = [mutant.name for mutant in mutants.MUTANTS]
    assert len(names) == len(set(names))
    assert REQUIRED <= set(names)


def test_a_real_bug_is_killed_and_a_harmless_change_survives(monkeypatch, capsys):
    truncates = "tests/test_display.py::test_gray_displays_truncate_after_clipping_by_hand"
    clip = next(m for m in mutants.MUTANTS if m.name == "clip_rounds")
    harmless = mutants.Mutant(
        "docstring_only", "course_utils/display.py",
        "from ``low`` (black) to ``high`` (white), as float RGB.",
        "from ``low`` (black) to ``high`` (white), as float RGB (grey).",
        (truncates,), "a docstring changes, nothing else")
    monkeypatch.setattr(mutants, "MUTANTS", (mutants.Mutant(**{**clip.__dict__,
                                                               "tests": (truncates,)}),
                                             harmless))
    assert mutants.main([]) == 1
    out = capsys.readouterr().out
    assert "unchanged copy: 2 passed" in out
    assert "killed    clip_rounds" in out and "SURVIVED  docstring_only" in out
    assert "killed 1 of 2 mutants; not killed: docstring_only" in out
    # the checkout itself is untouched
    assert "as float RGB (grey)." not in (ROOT / "course_utils/display.py").read_text()


def test_the_command_line(capsys):
    assert mutants.main(["--list"]) == 0
    assert "clip_rounds" in capsys.readouterr().out
    assert mutants.main(["no_such_mutant"]) == 2
    assert "no such mutant: ['no_such_mutant']" in capsys.readouterr().err
