"""The package speaks the learner's language (course_utils/i18n.py): chosen by COURSE_LANG or
a .course-language file, from the compiled catalogue, English where it has no entry."""

from __future__ import annotations

import pytest

from course_utils import i18n
from course_utils.checks import nb01
from course_utils.checks.framework import CheckResult, Exercise


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh")


def test_language_from_the_environment_then_the_marker_then_english(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_LANG", raising=False)
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert i18n.current_language(deep) == "en"
    (tmp_path / i18n.MARKER).write_text("zh_CN\n", encoding="utf-8")
    assert i18n.current_language(deep.parent) == "zh_CN"  # two folders up
    assert i18n.current_language(deep) == "en"            # three is too far
    assert i18n.current_language(deep, environ={"COURSE_LANG": "en"}) == "en"
    assert i18n.current_language(tmp_path, environ={"COURSE_LANG": "zh"}) == "zh_CN"


@pytest.mark.parametrize("code", ["fr", "klingon", ""])
def test_a_language_the_course_lacks_is_named(code):
    with pytest.raises(ValueError, match="language must be one of en, zh_CN"):
        i18n.normalise_language(code)


def test_a_language_that_is_no_text_is_refused():
    with pytest.raises(TypeError, match="language must be a text"):
        i18n.normalise_language(5)


def test_the_catalogue_ships_in_the_package():
    assert (i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "course_utils.mo").is_file()


def test_checks_speak_chinese(chinese):
    assert repr(CheckResult(True, "好")) == "正确！好"
    assert repr(nb01.q1.check(5)).startswith("还不对：")


def test_hints_speak_chinese(chinese, capsys):
    Exercise(lambda answer: CheckResult(True, "x"), [i18n.N_("Count."), "Two."]).hint()
    assert capsys.readouterr().out.startswith("提示 1/2：")


def test_english_where_the_catalogue_has_no_entry(chinese):
    assert i18n.tr("no catalogue has {this}", this="this") == "no catalogue has this"
    assert i18n.translate("") == ""


def test_english_by_default_in_the_tests():
    assert repr(CheckResult(False, "no.")) == "Not yet: No."
    assert i18n.tr("Hint {number} of {count}:", number=1, count=3) == "Hint 1 of 3:"
    assert i18n.tr("Hint {number} of {count}:", number=1, count=3, language="zh") == \
        "提示 1/3："
