"""The Chinese edition cannot drift from the English one (scripts/translate.py).

- The gate: every English text (notebook block, code comment, alt text, message, hint,
  label) has a finished Chinese entry; an untranslated, fuzzy, missing or stale entry
  fails, naming the catalogue and the sentence. Proven end to end on a copy: an English
  edit fails the gate, ``update`` marks it, a translation makes it pass again.
- The Chinese notebooks are what ``build`` makes of the English ones and the catalogues;
  their code is the English code (only comments differ); the compiled catalogue is fresh.
- Translations keep numbers, code, formulas, links and ``{fields}``; the glossary's
  Chinese terms are used, and not their usual rivals.
- Figures keep English text (no marker in the drawing code), so no figure needs a Chinese
  font, and no committed output warns of a missing glyph.
"""

from __future__ import annotations

import ast
import re
import shutil
import string
import sys
from pathlib import Path

import nbformat
import pytest

polib = pytest.importorskip("polib")  # requirements-ci.txt; the matrix legs deselect this file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import translate  # noqa: E402  (scripts/translate.py)

SOURCES = translate.all_sources()
CATALOGUE_IDS = [path.relative_to(translate.CATALOGUES).as_posix() for path in SOURCES]


@pytest.mark.parametrize("path", list(SOURCES), ids=CATALOGUE_IDS)
def test_every_english_text_has_a_finished_chinese_entry(path):
    found = translate.problems({path: SOURCES[path]})
    assert not found, "\n".join(found)


def test_no_catalogue_without_an_english_source():
    assert not [line for line in translate.problems() if "no English source" in line]


# --------------------------------------------------------------- the gate, end to end

@pytest.fixture
def copy(tmp_path, monkeypatch):
    """The translation tool pointed at a copy of notebook 01, its catalogue and a module."""
    notebooks, catalogues = tmp_path / "notebooks", tmp_path / "translations" / "zh_CN"
    notebooks.mkdir()
    shutil.copy(translate.NOTEBOOKS / "01-hand-computing-a-blur.ipynb", notebooks)
    shutil.copytree(translate.CATALOGUES, catalogues)
    for monkey, value in (("ROOT", tmp_path), ("NOTEBOOKS", notebooks),
                          ("CATALOGUES", catalogues), ("EDITION", tmp_path / "notebooks-zh"),
                          ("MO_FILE", tmp_path / "course_utils.mo")):
        monkeypatch.setattr(translate, monkey, value)
    monkeypatch.setattr(translate, "notebook_paths",
                        lambda: [notebooks / "01-hand-computing-a-blur.ipynb"])
    module = tmp_path / "course_utils" / "checks" / "nb01.py"
    module.parent.mkdir(parents=True)
    shutil.copy(ROOT / "course_utils" / "checks" / "framework.py", module)
    monkeypatch.setattr(translate, "code_paths", lambda: [module])
    for path in catalogues.rglob("*.po"):  # only the copied sources' catalogues remain
        if path.stem not in ("01-hand-computing-a-blur", "checks.nb01"):
            path.unlink()
    # the module is a copy of framework.py, so its catalogue is framework.py's
    shutil.copy(ROOT / "translations" / "zh_CN" / "course_utils" / "checks.framework.po",
                catalogues / "course_utils" / "checks.nb01.po")
    return notebooks / "01-hand-computing-a-blur.ipynb", module


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_english_edit_fails_the_gate_until_update_and_a_translation(copy):
    notebook, module = copy
    assert translate.problems() == []
    _edit(notebook, "To the computer a grayscale photo is a 2-D array",
          "To a computer a grayscale photo is a 2-D array")
    _edit(module, '"Hint {number} of {count}:"', '"Hint {number} (of {count}):"')
    found = translate.problems()
    assert any("01-hand-computing-a-blur.po: English without an entry" in line
               and '"To a computer a grayscale photo' in line for line in found), found
    assert any("checks.nb01.po: English without an entry" in line
               and "Hint {number} (of {count}):" in line for line in found), found
    assert sum("whose English is gone" in line for line in found) == 2
    assert translate.update() == 0
    found = translate.problems()
    assert len(found) == 2 and all(": fuzzy (its English changed): " in line for line in found)
    for path in translate.CATALOGUES.rglob("*.po"):
        catalogue = polib.pofile(str(path), wrapwidth=0)
        for entry in catalogue.fuzzy_entries():
            assert entry.previous_msgid  # the old English, beside the carried translation
            entry.flags.remove("fuzzy")  # the translator's review: the old one still fits
        catalogue.save(str(path))
    assert translate.problems() == []


def test_the_gate_names_what_a_translation_lost(copy):
    _, module = copy
    path = translate.CATALOGUES / "course_utils" / "checks.nb01.po"
    catalogue = polib.pofile(str(path), wrapwidth=0)
    catalogue.find("Hint {number} of {count}:").msgstr = "提示 {number}："
    catalogue.save(str(path))
    assert any("the translation lost {count}" in line for line in translate.problems())


def test_a_new_english_message_is_untranslated_after_update(copy):
    _, module = copy
    module.write_text(module.read_text(encoding="utf-8")
                      + '\nX = tr("a message nobody translated yet")\n', encoding="utf-8")
    translate.update()
    assert any("untranslated" in line and "nobody translated" in line
               for line in translate.problems())


# ------------------------------------------------------------- what build makes of it

ENGLISH = translate.notebook_paths()


@pytest.mark.parametrize("english", ENGLISH, ids=[path.name for path in ENGLISH])
def test_chinese_notebook_is_built_from_english_and_catalogue(english):
    built = translate.built_notebook(english)
    committed = translate.EDITION / english.name
    assert committed.is_file(), f"{committed.name} missing: run ./course translate build"
    saved = nbformat.read(committed, as_version=4)
    assert [(c.id, c.cell_type, c.source, c.metadata.get("alt")) for c in saved.cells] == [
        (c.id, c.cell_type, c.source, c.metadata.get("alt")) for c in built.cells], (
        f"{committed.name} is stale: run ./course translate build, then ./course execute "
        f"notebooks-zh/{english.name}")


@pytest.mark.parametrize("english", ENGLISH, ids=[path.name for path in ENGLISH])
def test_chinese_code_cells_are_the_english_ones_but_for_comments(english):
    chinese = nbformat.read(translate.EDITION / english.name, as_version=4)
    code = lambda nb: [translate.strip_comments(c.source)  # noqa: E731
                       for c in nb.cells if c.cell_type == "code"]
    assert code(chinese) == code(nbformat.read(english, as_version=4))


def test_chinese_folder_speaks_chinese():
    assert (translate.EDITION / ".course-language").read_text(encoding="utf-8").strip() == \
        translate.LANGUAGE


def test_compiled_catalogue_is_fresh():
    assert translate.MO_FILE.read_bytes() == translate.compiled_catalogue(), (
        "run ./course translate build")


def test_markdown_blocks_round_trip():
    for path in ENGLISH:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                blocks = translate.markdown_blocks(cell.source)
                assert translate.markdown_blocks("\n\n".join(blocks)) == blocks


# ------------------------------------------------------------------------- the code side

def _fields(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text)
            if name}


def _marker_calls():
    for path in translate.code_paths():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr":
                yield path, node


def test_every_tr_call_fills_exactly_the_fields_of_its_text():
    wrong = []
    for path, node in _marker_calls():
        given = {keyword.arg for keyword in node.keywords if keyword.arg != "language"}
        if None in given:  # tr("...", **values): the fields are not known before it runs
            continue
        if _fields(node.args[0].value) != given:
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: fields "
                         f"{sorted(_fields(node.args[0].value))}, given {sorted(given)}")
    assert not wrong, "\n".join(wrong)


def test_translations_use_no_field_their_english_lacks():
    wrong = [f"{path.name}: {entry.msgid!r}" for path in SOURCES
             if "course_utils" in path.parts
             for entry in translate.load(path)
             if entry.msgstr and not _fields(entry.msgstr) <= _fields(entry.msgid)]
    assert not wrong, "\n".join(wrong)


def test_figures_draw_english_text_only():
    """The drawing code has no marker: a figure never needs a Chinese font."""
    drawing = [*sorted((ROOT / "course_utils" / "plotting").glob("*.py")),
               *(ROOT / "course_utils" / name for name in (
                   "stepper/drawing.py", "stepper/figure.py", "stepper/renderer.py",
                   "playground/figure.py"))]
    marked = [path.name for path in drawing
              if re.search(r"\b(tr|N_|translate)\(", path.read_text(encoding="utf-8"))]
    assert not marked


@pytest.mark.parametrize("chinese", sorted(translate.EDITION.glob("*.ipynb")),
                         ids=lambda path: path.name)
def test_no_output_warns_of_a_missing_glyph(chinese):
    nb = nbformat.read(chinese, as_version=4)
    texts = [output.get("text", "") for cell in nb.cells if cell.cell_type == "code"
             for output in cell.get("outputs", [])]
    assert not [text for text in texts if re.search(r"Glyph \d+ .*missing from", text)]


# ---------------------------------------------------------------------------- the terms

def glossary() -> dict[str, list[str]]:
    """The README glossary: English term -> its Chinese terms ("padding / border mode |
    填充 / 边界模式" gives padding -> 填充, border mode -> 边界模式)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    terms = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.search(r"[\u4e00-\u9fff]", cells[1]) and cells[0] != "term":
            for english, chinese in zip(cells[0].split(" / "), cells[1].split(" / "),
                                        strict=True):
                terms[english.strip()] = [chinese.strip()]
    return terms


#: What other translations write for a glossary term, which this edition does not.
RIVALS = {"cross-correlation": ["交叉相关"], "stride": ["步长"], "pooling": ["汇聚"],
          "padding": ["补零", "填补"], "kernel": ["内核"], "receptive field": ["接受野"],
          "channel": ["频道"], "convolution": ["褶积"]}
#: Sentences where the English word is not the glossary's term.
NOT_THE_TERM = {"kernel": re.compile(r"(?i)\b(?:jupyter|python|ipython|notebook's|ipykernel"
                                     r"|fresh|running|a new|restart\w*(?: the)?|the kernel"
                                     r" (?:restarts|runs|dies|is restarted))\b\W*kernels?\b"
                                     r"|kernel (?:spec|restart|memory|process)"
                                     r"|^kernel(?= \{names\}$)|(?:name no|course's own) kernel")}


def test_glossary_has_the_terms_the_issue_names():
    terms = glossary()
    for english, chinese in {"convolution": "卷积", "cross-correlation": "互相关", "kernel": "核",
                             "padding": "填充", "stride": "步幅", "pooling": "池化"}.items():
        assert terms[english] == [chinese]


def _entries():
    for path in SOURCES:
        for entry in translate.load(path):
            if entry.msgstr and "fuzzy" not in entry.flags:
                yield path, entry


def test_translations_use_the_glossary_terms():
    wrong = []
    for path, entry in _entries():
        for english, (chinese,) in glossary().items():
            # the term, not a code name (``rotate180(kernel)``, ``stride - 1``)
            pattern = re.compile(rf"(?i)(?<![\w\-(.\[]){re.escape(english)}(?:s|es)?"
                                 rf"(?![\w\-(\[)=]|\s*[-+*/]\s*\d)")
            other = NOT_THE_TERM.get(english)
            text = other.sub(" ", entry.msgid) if other is not None else entry.msgid
            # a translation that keeps the English word keeps a code name (a parameter)
            if pattern.search(_prose(text)) and chinese not in entry.msgstr \
                    and not pattern.search(entry.msgstr):
                wrong.append(f"{path.name}: {english} without {chinese}: "
                             f"{translate.shorten(entry.msgid, 90)}")
            if other is not None and other.search(entry.msgid):
                continue  # e.g. a Jupyter kernel, which is 内核
            for rival in RIVALS.get(english, []):
                if pattern.search(entry.msgid) and rival in entry.msgstr:
                    wrong.append(f"{path.name}: {rival} for {english}: "
                                 f"{translate.shorten(entry.msgstr, 90)}")
    assert not wrong, "\n".join(wrong)


def _prose(text: str) -> str:
    """The words of a text outside its code, formulas and links (a code name such as
    ``border_mode`` is not the term)."""
    return re.sub(r"\{[^{}]*\}", " ", translate._NOT_PROSE.sub(" ", text))


def test_code_catalogues_translate_one_message_one_way():
    """The compiled catalogue holds one translation of each English message: two
    catalogues that disagree would show one module's wording in the other's messages."""
    found = translate.disagreements({path: translate.load(path) for path in SOURCES
                                     if "course_utils" in path.parts})
    assert not found, "\n".join(found)


def test_disagreeing_catalogues_are_named(tmp_path):
    for name, text in (("checks.nb98", "不对"), ("checks.nb99", "有误")):
        catalogue = polib.POFile(wrapwidth=0)
        catalogue.append(polib.POEntry(msgid="is wrong", msgstr=text))
        catalogue.save(str(tmp_path / f"{name}.po"))
    (found,) = translate.disagreements({path: translate.load(path)
                                        for path in sorted(tmp_path.glob("*.po"))})
    assert '"is wrong"' in found and "checks.nb98" in found and "checks.nb99" in found
