"""The languages of what the course's code says to a learner: check messages, hints, the
exercise framework's words, the widgets' labels and readouts, the doctor's lines.

English is written in the code; every other language comes from a gettext catalogue,
``course_utils/locale/<language>/LC_MESSAGES/course_utils.mo``, compiled by ``./course
translate`` from the ``.po`` files beside it (one per module). Anything a catalogue lacks
stays English.

Which language: the one :func:`speaking` chose around the code, else ``COURSE_LANG`` in the
environment (``en`` or ``zh_CN``; ``zh`` means
``zh_CN``), else a file ``.course-language`` holding the language's code in the current
folder or one of its two parents (the Chinese notebooks' folder has one), else English.

Two markers, which ``./course translate`` reads to list the messages:

- ``tr("... {name} ...", name=value)`` translates now and fills the ``{}`` fields with
  :meth:`str.format` (write a literal brace as ``{{``). Its first argument is a literal.
- ``N_("...")`` only marks a text to translate later, where it is shown (the hints of an
  exercise): :func:`translate` turns it into the learner's language then.

This module needs only the standard library, so the doctor can load it before the
course's environment exists.

Examples
--------
>>> tr("step {step} of {count}", step=2, count=9, language="en")
'step 2 of 9'
>>> translate(N_("Not yet: "), language="en")
'Not yet: '
>>> normalise_language("zh")
'zh_CN'
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext
import os
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGUAGES", "MARKER", "N_", "current_language", "normalise_language",
           "speaking", "spaced", "tr", "translate"]

#: The languages the course is written in: code -> the language's own name.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
#: The file whose content chooses the language of a folder (and the two below it).
MARKER = ".course-language"
DOMAIN = "course_utils"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_ALIASES = {"zh": "zh_CN", "zh-cn": "zh_CN", "zh_cn": "zh_CN", "zh-hans": "zh_CN",
            "en": "en", "en_us": "en", "en-us": "en", "en_gb": "en"}


def normalise_language(code: str) -> str:
    """The course's code for a language name (``zh`` -> ``zh_CN``).

    Raises ValueError for a language the course is not written in.

    Examples
    --------
    >>> normalise_language("zh"), normalise_language("en")
    ('zh_CN', 'en')
    """
    if not isinstance(code, str):
        raise TypeError(f"language must be a text such as 'en' or 'zh', got "
                        f"{type(code).__name__}")
    found = _ALIASES.get(code.strip().lower()) or (code.strip() if code.strip() in LANGUAGES
                                                   else None)
    if found is None:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)} (or zh), got "
                         f"{code!r}")
    return found


#: The language :func:`speaking` chose for the code running inside it (None: none chose).
_SPOKEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("spoken", default=None)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[str]:
    """Inside, the course speaks ``language`` whatever COURSE_LANG or a marker says: the
    words a page of the site, built in one process for both languages, asks the package
    for.

    Examples
    --------
    >>> with speaking("zh"):
    ...     tr("Hint {number} of {count}:", number=1, count=3)
    '提示 1/3：'
    >>> current_language("/", environ={})
    'en'
    """
    token = _SPOKEN.set(normalise_language(language))
    try:
        yield _SPOKEN.get()
    finally:
        _SPOKEN.reset(token)


@lru_cache(maxsize=64)
def _language_of(folder: str, environ_choice: str | None) -> str:
    if environ_choice:
        return normalise_language(environ_choice)
    here = Path(folder)
    for place in (here, *list(here.parents)[:2]):
        marker = place / MARKER
        if marker.is_file():
            return normalise_language(marker.read_text(encoding="utf-8").strip() or "en")
    return "en"


def current_language(folder: str | os.PathLike | None = None,
                     environ: Mapping[str, str] | None = None) -> str:
    """The language the course speaks here: ``"en"`` or ``"zh_CN"`` (see the module's
    docstring for how it is chosen).

    Examples
    --------
    >>> current_language("/", environ={"COURSE_LANG": "zh"})
    'zh_CN'
    >>> current_language("/", environ={})
    'en'
    """
    spoken = _SPOKEN.get()
    if spoken is not None:
        return spoken
    environ = os.environ if environ is None else environ
    try:
        where = os.getcwd() if folder is None else os.fspath(folder)
    except FileNotFoundError:  # the current folder was removed
        where = "/"
    return _language_of(str(Path(where).absolute()), environ.get("COURSE_LANG") or None)


@lru_cache(maxsize=8)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language],
                               fallback=True)


_CJK = "\u4e00-\u9fff"
_BEFORE_LATIN = re.compile(rf"([{_CJK}])([A-Za-z0-9_`'\"(\[])")
_AFTER_LATIN = re.compile(rf"([A-Za-z0-9_`'\")\]%°])([{_CJK}])")


def spaced(text: str) -> str:
    """Chinese text with one space between a Chinese character and a Latin word, a number
    or code, as Chinese technical writing sets them (the fields of a message fill in
    names and numbers that its translation cannot space itself).

    Examples
    --------
    >>> spaced("对于sobel_y，你的3×3核")
    '对于 sobel_y，你的 3×3 核'
    """
    return _AFTER_LATIN.sub(r"\1 \2", _BEFORE_LATIN.sub(r"\1 \2", text))


def translate(text: str, language: str | None = None) -> str:
    """``text`` (an English message marked with :func:`N_` or :func:`tr`) in the language
    chosen here, or English where the catalogue has no entry for it.

    Examples
    --------
    >>> translate("Not yet: ", language="zh")
    '还不对：'
    >>> translate("a text no catalogue holds", language="zh")
    'a text no catalogue holds'
    """
    language = current_language() if language is None else normalise_language(language)
    if language == "en" or not text:
        return text
    return spaced(_catalogue(language).gettext(text))


def tr(message: str, /, language: str | None = None, **values) -> str:
    """``message`` translated, its ``{name}`` fields filled from ``values``
    (:meth:`str.format`).

    Examples
    --------
    >>> tr("Hint {number} of {count}:", number=2, count=3, language="zh")
    '提示 2/3：'
    """
    text = translate(message, language).format(**values)
    return text if not values or (language or current_language()) == "en" else spaced(text)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for the marker)
    """Mark ``message`` for the catalogue and return it unchanged; :func:`translate` it
    where it is shown.

    Examples
    --------
    >>> N_("Correct! ")
    'Correct! '
    """
    return message
