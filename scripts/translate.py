"""The Chinese edition: translation catalogues made from the English sources, and the
notebooks and package catalogue built from them.

    ./course translate update   # after editing English: bring every catalogue up to date
    ./course translate check    # the drift gate: exit 1, naming each sentence, when any
                                # entry is missing, untranslated, fuzzy or stale
    ./course translate build    # write notebooks-zh/ and compile the package's catalogue
    ./course translate status   # entries per catalogue, translated and not

The English notebooks (``notebooks/``) and the English strings in the code are the only
sources anyone edits. From them come gettext catalogues (``.po``), one per notebook and
one per module of the code, in ``translations/zh_CN/``:

- **notebooks** (``translations/zh_CN/notebooks/NN-name.po``): each markdown block (a
  paragraph, a list, a table, a heading; blank lines separate blocks, never inside a
  fenced code block or a ``$$`` formula), each code comment (context ``comment``) and each
  figure's alt text (context ``alt``). Code cells are otherwise copied unchanged.
- **code** (``translations/zh_CN/course_utils/MODULE.po``): every literal passed to
  ``tr()`` or ``N_()`` (:mod:`course_utils.i18n`) in ``course_utils/`` and in the scripts
  that speak to learners (the doctor, the site's pages).

``update`` adds what is new and, where a new English text resembles one that went away,
carries that translation over marked *fuzzy* (with the old English as ``#| msgid``), as
``msgmerge`` does; a translator fixes it and removes the flag. ``check`` fails on any
entry that is untranslated or fuzzy, on English that has no entry (``update`` not run),
on entries whose English is gone, and on a translation that lost a number, a piece of
code, a formula, a link or a ``{field}`` of its English. ``build`` writes the Chinese
notebooks (keeping the outputs of a code cell whose source did not change; execute them
with ``./course execute notebooks-zh/*.ipynb``) and compiles
``course_utils/locale/zh_CN/LC_MESSAGES/course_utils.mo``.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import io
import json
import re
import sys
import tempfile
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contents_page  # noqa: E402  (scripts beside this one)
import learner_edition  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LANGUAGE = "zh_CN"
EDITION = ROOT / "notebooks-zh"
CATALOGUES = ROOT / "translations" / LANGUAGE
PACKAGE = ROOT / "course_utils"
MO_FILE = PACKAGE / "locale" / LANGUAGE / "LC_MESSAGES" / "course_utils.mo"
#: The scripts, besides the package, whose words reach learners.
SPEAKING_SCRIPTS = ("scripts/doctor.py", "scripts/build_site.py")
MARKERS = ("tr", "N_")
HEADER = {"Project-Id-Version": "course", "Language": LANGUAGE,
          "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
          "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=1; plural=0;"}
#: The context of the words only the learner edition has (its rewritten promises of a
#: worked solution, its contents page).
LEARNER = "learner edition"
#: A new English text this similar to one that went away inherits its translation, fuzzy.
FUZZY_RATIO = 0.6


@dataclass
class Unit:
    """One text to translate: its English, context and where it occurs."""

    msgid: str
    context: str | None = None
    places: list = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.context, self.msgid)


# ---------------------------------------------------------------- markdown and comments

_FENCE = re.compile(r"^\s*(```|~~~)")


def markdown_blocks(text: str) -> list[str]:
    """The blocks of a markdown text, as written: blank lines separate them, except
    inside a fenced code block or a ``$$`` formula.

    >>> markdown_blocks("# Title\\n\\nOne\\ntwo.\\n\\n```\\na\\n\\nb\\n```\\n")
    ['# Title', 'One\\ntwo.', '```\\na\\n\\nb\\n```']
    """
    blocks, current, fence, formula = [], [], None, False
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and line.strip().count("$$") % 2 == 1:
            formula = not formula
        if not line.strip() and fence is None and not formula:
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(line.rstrip())
    if current:
        blocks.append("\n".join(current))
    return blocks


_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$]+\$|`[^`\n]+`|```.*?```|\]\([^)]*\)|<[^>]+>"
                        r"|https?://\S+", re.S)


def has_prose(text: str) -> bool:
    """True when a text has words to translate outside its formulas, code and links.

    >>> has_prose("$$S = \\\\sum K$$"), has_prose("The sum, $S$."), has_prose("`np.pad`")
    (False, True, False)
    """
    return re.search(r"[A-Za-z]{2,}", _NOT_PROSE.sub(" ", text)) is not None


def comments(source: str, every: bool = False) -> list[tuple[int, int, str]]:
    """The comments of a code cell: (line, column of the '#', text after '# ').

    IPython's magics and shell lines (``%``, ``!``) are skipped; pragmas (``noqa``,
    ``type:``) and comments without English words are not for translating (``every``:
    all comments all the same).
    """
    lines = source.split("\n")
    python = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(python).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return found
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        text = token.string[1:].strip()
        if not every and (not has_prose(text) or re.match(r"(noqa|type:|pragma|fmt:)", text)):
            continue
        found.append((token.start[0], token.start[1], text))
    return found


def replace_comments(source: str, translations: dict) -> str:
    """``source`` with each comment's text replaced by its translation,
    ``translations[("comment", text)]`` (the code and the '#' stay where they were)."""
    lines = source.split("\n")
    for row, column, text in reversed(comments(source)):
        new = translations.get(("comment", text))
        if new:
            line = lines[row - 1]
            lines[row - 1] = line[:column] + "# " + new
    return "\n".join(lines)


def strip_comments(source: str) -> str:
    """``source`` without its comments (in any language): what stays identical across
    editions.

    >>> strip_comments("x = 1  # one pixel\\n# 求和\\ny = x")
    'x = 1\\n\\ny = x'
    """
    lines = source.split("\n")
    for row, column, _ in comments(source, every=True):
        lines[row - 1] = lines[row - 1][:column].rstrip()
    return "\n".join(lines)


# ---------------------------------------------------------------------------- extraction

def notebook_paths() -> list[Path]:
    """The English notebooks: the eight lessons and the contents page."""
    return [*sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")), NOTEBOOKS / "contents.ipynb"]


def notebook_units(path: Path) -> list[Unit]:
    """Everything to translate in one English notebook, in reading order."""
    nb = nbformat.read(path, as_version=4)
    units: dict[tuple, Unit] = {}

    def add(msgid: str, context: str | None, cell_id: str) -> None:
        unit = units.setdefault((context, msgid), Unit(msgid, context))
        unit.places.append((f"notebooks/{path.name}", cell_id))

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in markdown_blocks(cell.source):
                if has_prose(block):
                    add(block, None, cell.id)
            for block in markdown_blocks(learner_edition.learner_text(cell.source)):
                if (None, block) not in units and has_prose(block):  # the learner edition's
                    add(block, LEARNER, cell.id)                      # words in its place
        elif cell.cell_type == "code":
            for _, _, text in comments(cell.source):
                add(text, "comment", cell.id)
            alt = cell.metadata.get("alt")
            for text in [alt] if isinstance(alt, str) else alt or []:  # one, or one a figure
                if isinstance(text, str) and text:
                    add(text, "alt", cell.id)
    if path.name == contents_page.NAME:  # the learner edition writes its own contents page
        readme = contents_page.README.read_text(encoding="utf-8")
        for cell in contents_page.contents_notebook(readme, learner=True).cells:
            for block in markdown_blocks(cell.source):
                if (None, block) not in units and has_prose(block):
                    add(block, LEARNER, cell.id)
    return list(units.values())


def module_name(path: Path) -> str:
    """``course_utils/checks/nb04.py`` -> ``checks.nb04``; ``scripts/doctor.py`` ->
    ``scripts.doctor``."""
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[1:] if relative.parts[0] == "course_utils" else relative.parts
    return ".".join(parts)


def code_paths() -> list[Path]:
    """The code whose words reach learners: the package (not its worked solutions) and
    the speaking scripts."""
    package = [path for path in sorted(PACKAGE.rglob("*.py"))
               if "solutions" not in path.parts and path.name != "i18n.py"]
    return [*package, *(ROOT / name for name in SPEAKING_SCRIPTS)]


def code_units(path: Path) -> list[Unit]:
    """The literals passed to ``tr()`` and ``N_()`` in one module, in order.

    A marker called on anything but a literal text is an error: its English could not be
    in the catalogue.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    units: dict[tuple, Unit] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS):
            continue
        first = node.args[0] if node.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            raise SystemExit(f"translate: {path.relative_to(ROOT)}:{node.lineno}: "
                             f"{node.func.id}() needs a literal text as its first argument")
        unit = units.setdefault((None, first.value), Unit(first.value))
        unit.places.append((str(path.relative_to(ROOT)), str(node.lineno)))
    return sorted(units.values(), key=lambda unit: int(unit.places[0][1]))


def all_sources() -> dict[Path, list[Unit]]:
    """Catalogue path -> its units, for every notebook and every module that speaks."""
    sources = {CATALOGUES / "notebooks" / f"{path.stem}.po": notebook_units(path)
               for path in notebook_paths()}
    for path in code_paths():
        units = code_units(path)
        if units:
            sources[CATALOGUES / "course_utils" / f"{module_name(path)}.po"] = units
    return sources


# ----------------------------------------------------------------------------- catalogues

def load(path: Path) -> polib.POFile:
    catalogue = polib.pofile(str(path), wrapwidth=0) if path.is_file() else polib.POFile(
        wrapwidth=0)
    catalogue.metadata = dict(HEADER)
    return catalogue


def merge(catalogue: polib.POFile, units: Iterable[Unit]) -> tuple[polib.POFile, dict]:
    """The catalogue for ``units``: known entries keep their translation, new ones start
    empty or, like a vanished entry, fuzzy with its translation; vanished ones go."""
    old = {(entry.msgctxt, entry.msgid): entry for entry in catalogue if not entry.obsolete}
    units = list(units)
    keys = {unit.key for unit in units}
    gone = [entry for key, entry in old.items() if key not in keys and entry.msgstr]
    result = polib.POFile(wrapwidth=0)
    result.metadata = dict(HEADER)
    counts = {"kept": 0, "new": 0, "fuzzy": 0, "removed": len(set(old) - keys)}
    for unit in units:
        entry = polib.POEntry(msgid=unit.msgid, msgctxt=unit.context, msgstr="",
                              occurrences=list(unit.places))
        before = old.get(unit.key)
        if before is not None:
            entry.msgstr, entry.flags = before.msgstr, list(before.flags)
            entry.previous_msgid = before.previous_msgid
            counts["kept"] += 1
        else:
            ratio, similar = max(((difflib.SequenceMatcher(None, e.msgid, unit.msgid,
                                                           autojunk=False).ratio(), e)
                                  for e in gone), default=(0.0, None), key=lambda pair: pair[0])
            if similar is not None and ratio >= FUZZY_RATIO:
                entry.msgstr, entry.flags = similar.msgstr, ["fuzzy"]
                entry.previous_msgid = similar.msgid
                counts["fuzzy"] += 1
            else:
                counts["new"] += 1
        result.append(entry)
    return result, counts


def save(catalogue: polib.POFile, path: Path) -> bool:
    """Write a catalogue if its text changed; True when it did."""
    text = catalogue.__unicode__()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


# ------------------------------------------------------------------------------- checking

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_CODE = re.compile(r"`[^`\n]+`")
#: An inline formula may wrap onto the next line of the markdown.
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]+\$", re.S)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][\w.\[\]]*)?(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def kept_pieces(msgid: str) -> list[str]:
    """What a translation must keep of its English: numbers, code spans, formulas, link
    targets and ``{fields}``.

    >>> kept_pieces("`np.pad` pads $3×3$ by 1 pixel: see [02](02-x.ipynb), {count} times")
    ['`np.pad`', '$3×3$', '02-x.ipynb', '{count}', '1', '02']
    """
    pieces = [*_CODE.findall(msgid), *_MATH.findall(msgid), *_LINK.findall(msgid),
              *(match.group(0) for match in _FIELD.finditer(msgid))]
    rest = _LINK.sub("](", _FIELD.sub(" ", _MATH.sub(" ", _CODE.sub(" ", msgid))))
    return list(dict.fromkeys([*pieces, *_NUMBER.findall(rest)]))


def problems(sources: dict[Path, list[Unit]] | None = None) -> list[str]:
    """Every reason the Chinese edition is not up to date, one line each, naming the
    catalogue (notebook or module) and the English sentence (for the catalogues of
    ``sources`` only, when given)."""
    found = []
    if sources is None:  # all of them: a catalogue no source has is a problem too
        sources = all_sources()
        found += [f"{path.relative_to(ROOT)}: no English source has this catalogue"
                  for path in sorted(CATALOGUES.rglob("*.po")) if path not in sources]
    loaded = {path: load(path) for path in sources}
    for path, units in sources.items():
        where = path.relative_to(ROOT)
        catalogue = {(e.msgctxt, e.msgid): e for e in loaded[path] if not e.obsolete}
        for unit in units:
            entry = catalogue.pop(unit.key, None)
            sentence = shorten(unit.msgid)
            if entry is None:
                found.append(f"{where}: English without an entry (run ./course translate "
                             f"update): {sentence}")
            elif not entry.msgstr.strip():
                found.append(f"{where}: untranslated: {sentence}")
            elif "fuzzy" in entry.flags:
                found.append(f"{where}: fuzzy (its English changed): {sentence}")
            else:
                lost = [piece for piece in kept_pieces(unit.msgid) if piece not in entry.msgstr]
                if lost:
                    found.append(f"{where}: the translation lost {', '.join(lost)}: "
                                 f"{sentence}")
        for entry in catalogue.values():
            found.append(f"{where}: an entry whose English is gone (run ./course translate "
                         f"update): {shorten(entry.msgid)}")
    found += disagreements({path: catalogue for path, catalogue in loaded.items()
                            if "course_utils" in path.parts})
    return found


def disagreements(catalogues: dict[Path, polib.POFile]) -> list[str]:
    """The English messages that two code catalogues (path -> catalogue) translate
    differently: the package's compiled catalogue holds one translation of each message,
    so one of them would never be shown."""
    seen: dict[str, dict[str, list[str]]] = {}
    for path, catalogue in catalogues.items():
        for entry in catalogue:
            if entry.msgstr and "fuzzy" not in entry.flags:
                seen.setdefault(entry.msgid, {}).setdefault(entry.msgstr, []).append(path.stem)
    return [f"translations/{LANGUAGE}/course_utils: {shorten(msgid)} is translated "
            + " and ".join(f"{shorten(text, 60)} in {', '.join(names)}"
                           for text, names in versions.items())
            + "; the compiled catalogue holds one: make them agree"
            for msgid, versions in seen.items() if len(versions) > 1]


def shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return json.dumps(text if len(text) <= limit else text[:limit - 1] + "…",
                      ensure_ascii=False)


# -------------------------------------------------------------------------------- building

def translations(path: Path) -> dict[tuple, str]:
    """(context, English) -> translation, for the finished entries of a catalogue."""
    return {(e.msgctxt, e.msgid): e.msgstr for e in load(path)
            if e.msgstr and "fuzzy" not in e.flags and not e.obsolete}


def translate_markdown(source: str, table: dict[tuple, str]) -> str:
    """A markdown text in the catalogue's language, block by block (English where an entry
    is missing; the learner edition's own words are looked up in their context)."""
    return "\n\n".join(table.get((None, block)) or table.get((LEARNER, block)) or block
                        for block in markdown_blocks(source))


def translate_notebook(nb, table: dict[tuple, str]):
    """A copy of English notebook ``nb`` in the catalogue's language (English where an
    entry is missing)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, table)
        elif cell.cell_type == "code":
            cell.source = replace_comments(cell.source, table)
            alt = cell.metadata.get("alt")
            if isinstance(alt, str):
                cell.metadata["alt"] = table.get(("alt", alt), alt)
            elif isinstance(alt, list):
                cell.metadata["alt"] = [table.get(("alt", text), text) for text in alt]
    nb.metadata["language"] = LANGUAGE
    return nb


def built_notebook(path: Path):
    """The Chinese edition of English notebook ``path``, with the outputs of the committed
    Chinese notebook where a code cell's source is the same."""
    english = nbformat.read(path, as_version=4)
    nb = translate_notebook(english, translations(CATALOGUES / "notebooks" / f"{path.stem}.po"))
    committed = EDITION / path.name
    if committed.is_file():
        before = {cell.id: cell for cell in nbformat.read(committed, as_version=4).cells
                  if cell.cell_type == "code"}
        for cell in nb.cells:
            old = before.get(cell.id)
            if cell.cell_type != "code":
                continue
            if old is not None and old.source == cell.source:
                cell.outputs, cell.execution_count = old.outputs, old.execution_count
            else:
                cell.outputs, cell.execution_count = [], None
    return nb


def learner_notebook(path: Path):
    """The Chinese learner edition of English notebook ``path``: the committed Chinese
    notebook (outputs included) without the cells the English learner edition leaves out,
    its markdown the translation of the English learner edition's."""
    english = learner_edition.learner_notebook(nbformat.read(path, as_version=4), path.name)
    nb = nbformat.read(EDITION / path.name, as_version=4)
    chinese = {cell.id: cell for cell in nb.cells}
    table = translations(CATALOGUES / "notebooks" / f"{path.stem}.po")
    nb.cells = []
    for cell in english.cells:
        kept = chinese[cell.id]
        if cell.cell_type == "markdown":
            kept.source = translate_markdown(cell.source, table)
        nb.cells.append(kept)
    return nb


def learner_contents(names: list[str]):
    """The Chinese learner edition's contents page."""
    readme = contents_page.README.read_text(encoding="utf-8")
    nb = contents_page.contents_notebook(readme, learner=True, names=names)
    return translate_notebook(nb, translations(CATALOGUES / "notebooks" / "contents.po"))


def write_notebook(nb, dest: Path) -> bool:
    text = nbformat.writes(nb) + "\n"
    if dest.is_file() and dest.read_text(encoding="utf-8") == text:
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return True


def compiled_catalogue() -> bytes:
    """The package's catalogue, compiled: every finished entry of every code catalogue."""
    merged = polib.POFile(wrapwidth=0)
    merged.metadata = dict(HEADER)
    seen = set()
    for path in sorted((CATALOGUES / "course_utils").glob("*.po")):
        for entry in load(path):
            if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete \
                    and entry.msgid not in seen:
                seen.add(entry.msgid)
                merged.append(polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder, "course_utils.mo")
        merged.save_as_mofile(str(target))
        return target.read_bytes()


# ------------------------------------------------------------------------------- commands

def update() -> int:
    for path, units in all_sources().items():
        catalogue, counts = merge(load(path), units)
        if save(catalogue, path):
            print(f"translate: {path.relative_to(ROOT)}: {counts['kept']} kept, "
                  f"{counts['new']} new, {counts['fuzzy']} fuzzy (English changed), "
                  f"{counts['removed']} removed")
    return 0


def check() -> int:
    found = problems()
    for line in found:
        print(f"translate: {line}", file=sys.stderr)
    if found:
        print(f"translate: {len(found)} problem(s); after editing English run "
              "./course translate update, translate the new and fuzzy entries "
              "(remove the fuzzy flag), then ./course translate build", file=sys.stderr)
    return 1 if found else 0


def build() -> int:
    for path in notebook_paths():
        if write_notebook(built_notebook(path), EDITION / path.name):
            print(f"translate: wrote {(EDITION / path.name).relative_to(ROOT)}")
    marker = EDITION / ".course-language"
    if not marker.is_file() or marker.read_text(encoding="utf-8") != LANGUAGE + "\n":
        marker.write_text(LANGUAGE + "\n", encoding="utf-8")
    data = compiled_catalogue()
    if not MO_FILE.is_file() or MO_FILE.read_bytes() != data:
        MO_FILE.parent.mkdir(parents=True, exist_ok=True)
        MO_FILE.write_bytes(data)
        print(f"translate: wrote {MO_FILE.relative_to(ROOT)}")
    return 0


def status() -> int:
    for path in sorted(CATALOGUES.rglob("*.po")):
        catalogue = load(path)
        done = sum(1 for e in catalogue if e.msgstr and "fuzzy" not in e.flags)
        print(f"{path.relative_to(CATALOGUES)}: {len(catalogue)} entries, {done} translated")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "check", "build", "status"])
    args = parser.parse_args(argv)
    return {"update": update, "check": check, "build": build, "status": status}[args.command]()


if __name__ == "__main__":
    sys.exit(main())
