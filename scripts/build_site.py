"""Build the course website from the committed notebook outputs (nothing is re-executed).

    ./course site               # into _build/site/, the Chinese site into _build/site/zh/
    ./course site DIR           # into DIR and DIR/zh/; open DIR/index.html or serve DIR
    ./course site --english-only DIR    # without the Chinese site

The site is built with Jupyter Book 1 (requirements-site.txt) from a staged copy of
the course: the README becomes the home page, each notebook a page, links between
them point at the built pages. It works with no network at all: the theme's files,
MathJax (vendored in site/mathjax/ from its npm package) and the stepper's script
(site/stepper.js) ship inside DIR.

What the staging changes in the copies (never in the course's own files):

- every figure gets its own alt text, written with it in the notebook: the
  producing cell's ``metadata["alt"]`` (one string, or one per figure in a list;
  kept in scripts/alt_text.json and written by scripts/apply_alt_text.py), which
  says what the panels show and what to notice. A figure without one (never in the
  committed notebooks: tests/test_alt_text.py) falls back to the sentences of the
  markdown just before it that speak of the figure and its panels' titles;
- every ``SlidingWindowStepper`` output (its ``application/vnd.course.stepper+json``
  part, see ``SlidingWindowStepper._repr_mimebundle_``) becomes a kernel-free
  stepper: one palette PNG per step, drawn by
  :class:`course_utils.stepper.StepperRenderer`, played by site/stepper.js;
- code cells tagged ``solution`` are folded (``hide-cell``): one click shows them;
- links to ../README.md point at the home page; links from the README to files that
  are not pages become plain text;
- every page's footer gives the course's version (pyproject.toml) and its licences.

The Chinese site (``zh/``) is built the same way, from notebooks-zh/ (``./course
translate build`` writes it), with Sphinx's ``language`` set to ``zh_CN`` so that the
theme's own words (search, "Contents", "Next") are its Chinese ones. Its home page is
the Chinese contents page; its figures' alt texts are the Chinese notebooks'
``metadata["alt"]``; its figures, stepper frames and MathJax are the English site's
(``../_static/``), kept once. Every page of both sites has a language switch in its
header (site/templates/language-switch.html): a relative link to the same page in the
other language (the instructors' guide, English only, links to the Chinese home page).
The site's own words (the footer, the search box, the stepper's labels, readout and
announcement; site/stepper.js takes its words from the markup) come from
:mod:`course_utils.i18n`'s catalogue: translations/zh_CN/course_utils/scripts.build_site.po
and the stepper's own.
"""

from __future__ import annotations

import argparse
import ast
import base64
import hashlib
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from course_version import course_version  # scripts/course_version.py

from course_utils.i18n import N_, speaking, tr, translate

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SITE_FILES = ROOT / "site"
DEFAULT_DIR = ROOT / "_build" / "site"
#: Stepper frames already drawn, reused while the stepper and the drawing code are unchanged.
FRAME_CACHE = ROOT / "_build" / "cache" / "stepper-frames"
STEPPER_MIME = "application/vnd.course.stepper+json"
#: The Chinese site: its language, its notebooks (``./course translate build`` writes them)
#: and its folder inside the English site.
CHINESE = "zh_CN"
CHINESE_NOTEBOOKS = ROOT / "notebooks-zh"
CHINESE_FOLDER = "zh"
#: Each language's name in itself: the language switch's words.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "中文"}
#: The template of the language switch in every page's header (site/templates/).
SWITCH_TEMPLATE = "language-switch.html"
#: Pages Sphinx writes in every site.
SPHINX_PAGES = ("genindex", "search")
#: The instructors' and authors' guide, linked from the README: a page of the site too.
GUIDE = "INSTRUCTORS.md"
#: Colours per stepper frame: enough for the red window, the blue edge, the orange
#: padding and legible grey numbers (32 keeps a frame near 20 kB).
PALETTE_COLOURS = 32
FIGURE_WORDS = re.compile(r"\b(figure|plot|plots|picture|panel|panels|shows?|left|right|"
                          r"below|graph|curve|histogram|map)\b", re.IGNORECASE)
TITLE_FUNCTIONS = {"set_title", "suptitle", "title"}


# --------------------------------------------------------------------------- alt text


def _plain(markdown: str) -> str:
    """Markdown as plain sentences: no links, code ticks, emphasis, headings or math signs."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*#+\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"\\(?:frac)\{([^}]*)\}\{([^}]*)\}", r"\1/\2", text)
    text = text.replace("`", "").replace("**", "").replace("$", "").replace("\\", "")
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _sentences(paragraph: str) -> list[str]:
    text = _plain(re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", paragraph, flags=re.MULTILINE))
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z(])", text) if s.strip()]


def figure_sentences(markdown: str, limit: int = 360) -> str:
    """What the markdown before a figure says about it.

    The sentences that speak of a figure (``figure``, ``shows``, ``panel``, ...) or,
    when none does, the first sentence of the last paragraph; at most ``limit``
    characters.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown) if p.strip()
                  and not p.lstrip().startswith(("#", "|", "```"))]
    if not paragraphs:
        return ""
    chosen = [s for p in paragraphs for s in _sentences(p) if FIGURE_WORDS.search(s)]
    if not chosen:
        chosen = _sentences(paragraphs[-1])[:1]
    text = ""
    for sentence in chosen:
        if len(text) + len(sentence) + 1 > limit:
            break
        text = f"{text} {sentence}".strip()
    return text or chosen[0][:limit - 1].rstrip() + "…"


def _string_value(node) -> str | None:
    """A string literal's text; an f-string's with each formatted part as '…'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "…"
                       for part in node.values)
    return None


def figure_titles(source: str) -> list[str]:
    """The titles a cell gives its figures, in order: ``title=...`` arguments,
    ``set_title(...)``/``suptitle(...)`` calls, and string lists looped over as ``title``."""
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return []
    found: list[tuple[int, int, str]] = []

    def add(node) -> None:
        text = _string_value(node)
        # A title that is mostly formatted values ('{name}: {value}') says nothing here.
        if text and len(re.findall(r"[^\W\d_]", text.replace("…", ""))) >= 6:
            found.append((node.lineno, node.col_offset, " ".join(text.split())))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in TITLE_FUNCTIONS and node.args:
                add(node.args[0])
            for keyword in node.keywords:
                if keyword.arg == "title":
                    add(keyword.value)
        if isinstance(node, ast.For):
            targets = [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)]
            if any("title" in name for name in targets):
                for item in ast.walk(node.iter):
                    if isinstance(item, (ast.List, ast.Tuple)):
                        for element in item.elts:
                            add(element)
    seen, titles = set(), []
    for _, _, text in sorted(found):
        if text not in seen:
            seen.add(text)
            titles.append(text)
    return titles


def figure_alt(source: str, markdown_before: str, number: int = 1, count: int = 1,
               panels: int | None = None) -> str:
    """Alt text for figure ``number`` of ``count`` in a cell (see the module docstring).

    Examples
    --------
    >>> figure_alt('ax.set_title("original")\\nshow(b, title="blurred")',
    ...            "Some words.\\n\\nThe figure shows the photo before and after.", panels=2)
    ... # doctest: +NORMALIZE_WHITESPACE
    "Figure with 2 panels. The figure shows the photo before and after.
    Titles: 'original', 'blurred'."
    """
    parts = []
    head = "Figure" if count == 1 else f"Figure {number} of {count}"
    if panels and panels > 1:
        head += f" with {panels} panels"
    parts.append(head + ".")
    described = figure_sentences(markdown_before)
    if described:
        parts.append(described)
    titles = figure_titles(source)
    if count > 1 and len(titles) == count:  # one figure per title, in order
        titles = titles[number - 1:number]
    if titles:
        parts.append("Titles: " + ", ".join(f"'{t}'" for t in titles) + ".")
    return " ".join(parts)


def cell_alt(cell, number: int = 1) -> str | None:
    """Figure ``number``'s own alt text from its cell's ``metadata["alt"]``, if it has one.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell_alt(new_code_cell(metadata={"alt": ["first.", "second."]}), 2)
    'second.'
    >>> cell_alt(new_code_cell(metadata={"alt": "the only one."})), cell_alt(new_code_cell())
    ('the only one.', None)
    """
    value = cell.get("metadata", {}).get("alt")
    if isinstance(value, str):
        return value.strip() or None if number == 1 else None
    if isinstance(value, list) and 0 < number <= len(value) and isinstance(value[number - 1], str):
        return value[number - 1].strip() or None
    return None


def _panels(output) -> int | None:
    match = re.search(r"with (\d+) Axes", str(output.get("data", {}).get("text/plain", "")))
    return int(match.group(1)) if match else None


# --------------------------------------------------------------------------- stepper


#: The package's modules a stepper frame is drawn with (model, drawing, pixels, padding,
#: validation): a change to any of them draws the frames anew.
FRAME_CODE = ("stepper/*.py", "display.py", "windows.py", "borders.py", "_validation/*.py")


def _frames_key(part: dict) -> str:
    """What the frames depend on: the stepper's data, the palette and the drawing code."""
    digest = hashlib.sha256(json.dumps(part, sort_keys=True).encode())
    digest.update(str(PALETTE_COLOURS).encode())
    package = ROOT / "course_utils"
    for pattern in FRAME_CODE:
        for module in sorted(package.glob(pattern)):
            digest.update(module.read_bytes())
    return digest.hexdigest()[:20]


def stepper_frames(part: dict, folder: Path, cache: Path | None = FRAME_CACHE) -> list[str]:
    """Write one palette PNG per step of a stepper into ``folder``; returns the readouts.

    Frames are drawn once and kept in ``cache`` (keyed by the stepper's data and
    the drawing code), so rebuilding an unchanged site draws nothing.
    """
    if cache is not None:
        kept = cache / _frames_key(part)
        if (kept / "labels.json").is_file():
            shutil.copytree(kept, folder, ignore=shutil.ignore_patterns("labels.json"))
            return json.loads((kept / "labels.json").read_text(encoding="utf-8"))
        labels = stepper_frames(part, kept, cache=None)
        (kept / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
        return stepper_frames(part, folder, cache)
    import numpy as np
    from PIL import Image

    from course_utils.stepper import StepperRenderer, output_label, step_count
    from course_utils.windows import window_at

    image = np.asarray(part["image"], dtype=float)
    kernel = np.asarray(part["kernel"], dtype=float)
    renderer = StepperRenderer(image, kernel, mode=part["mode"], cval=part["cval"])
    folder.mkdir(parents=True, exist_ok=True)
    labels = []
    steps = step_count(image.shape)
    for index in range(steps):
        row, col = divmod(index, image.shape[1])
        # The readout is text beside the frame (stepper_steps), as in the live widget.
        png = renderer.png(index, flip=part["flip"])
        frame = Image.open(io.BytesIO(png)).convert("RGB")
        frame = frame.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
        frame.save(folder / f"{index:03d}.png", optimize=True)
        labels.append(output_label(window_at(image, kernel, row, col, mode=part["mode"],
                                             cval=part["cval"], flip=part["flip"])))
    return labels


def stepper_steps(part: dict, language: str = "en") -> list[dict]:
    """Each step's readout as text, for site/stepper.js: what the live widget shows.

    ``window`` and ``products`` (rows of texts, in the live readout's one number
    format), ``padding`` (one string of 0/1 per row: which window cells come from
    padding), ``sum``, ``label`` (``output[ROW, COL] = VALUE``) and ``announcement``
    (:func:`course_utils.stepper.step_announcement` in ``language``, what the live
    region says).
    """
    import numpy as np

    from course_utils.stepper import StepperRenderer, readout_grids, step_announcement

    renderer = StepperRenderer(np.asarray(part["image"], dtype=float),
                               np.asarray(part["kernel"], dtype=float),
                               mode=part["mode"], cval=part["cval"])
    number_format = renderer.number_format(part["flip"])
    steps = []
    with speaking(language):
        for index in range(renderer.steps):
            window = renderer.window(index, part["flip"])
            grids = readout_grids(window, number_format)
            steps.append({
                "window": grids["window"], "products": grids["products"],
                "padding": ["".join("1" if flag else "0" for flag in row)
                            for row in grids["from_padding"]],
                "sum": grids["sum"], "label": grids["label"],
                "announcement": step_announcement(window, index, renderer.steps),
            })
    return steps


def stepper_kernel_texts(part: dict) -> list[list[str]]:
    """The kernel as applied, as the live readout writes it (one format for all steps)."""
    import numpy as np

    from course_utils.stepper import StepperRenderer, readout_grids

    renderer = StepperRenderer(np.asarray(part["image"], dtype=float),
                               np.asarray(part["kernel"], dtype=float),
                               mode=part["mode"], cval=part["cval"])
    return readout_grids(renderer.window(0, part["flip"]),
                         renderer.number_format(part["flip"]))["kernel"]


def stepper_labels(part: dict, language: str = "en") -> dict[str, str]:
    """The words site/stepper.js writes, in ``language`` (it holds none itself).

    The texts with ``{fields}`` are templates the script fills at each step.
    """
    return {
        "play": tr("play", language=language), "pause": tr("pause", language=language),
        "window": tr("window (mode {mode!r})", language=language, mode=part["mode"]),
        "kernel": (tr("kernel rotated 180° (convolution)", language=language) if part["flip"]
                   else tr("kernel (correlation)", language=language)),
        "products": tr("products", language=language),
        "sum": translate(N_("sum of the {count} products = {sum} → "), language),
        "shaded": tr("shaded", language=language),
        "fromPadding": tr(": values that come from padding, outside the image",
                          language=language),
        "readout": translate(N_("position {index}: {label}"), language),
        "valuetext": translate(N_("step {step} of {count}, {label}"), language),
        "alt": translate(N_("Step {step} of {count}: {label}. {what}"), language),
    }


def stepper_html(part: dict, url: str, labels: list[str], steps: list[dict] | None = None,
                 language: str = "en") -> str:
    """The markup site/stepper.js turns into a player (frames under ``url``), in ``language``.

    Every control has a name a screen reader says; the step's sentence sits in a
    polite live region (``role="status"``); the readout under the frame is the
    live widget's (window × kernel = products, the sum, the output pixel). The
    script's words come with it (``data-labels``, :func:`stepper_labels`).
    """
    import numpy as np

    from course_utils.stepper import StepperRenderer, readout_html

    steps = stepper_steps(part, language) if steps is None else steps
    rows, cols = len(part["image"]), len(part["image"][0])
    k_rows, k_cols = len(part["kernel"]), len(part["kernel"][0])
    operation = (tr("convolution, kernel rotated by 180°", language=language) if part["flip"]
                 else tr("cross-correlation", language=language))
    what = tr("The {k_rows}×{k_cols} kernel's window (red) on the {rows}×{cols} image padded "
              "in mode '{mode}' (padding hatched orange), the kernel as applied ({operation}) "
              "and the output filled in up to this step; the step's readout (window × kernel "
              "= products and their sum) is written out below it.", language=language,
              k_rows=k_rows, k_cols=k_cols, rows=rows, cols=cols, mode=part["mode"],
              operation=operation)
    count = len(labels)
    start = min(max(int(part.get("index", 0)), 0), count - 1)
    renderer = StepperRenderer(np.asarray(part["image"], dtype=float),
                               np.asarray(part["kernel"], dtype=float),
                               mode=part["mode"], cval=part["cval"])
    with speaking(language):
        first_readout = readout_html(renderer.window(start, part["flip"]), part["mode"],
                                     renderer.number_format(part["flip"]))
    words = stepper_labels(part, language)
    attrs = {
        "class": "cu-site-stepper", "tabindex": "0", "role": "group",
        "aria-label": tr("Sliding-window stepper, {count} steps", language=language,
                         count=count),
        "data-frames": url, "data-count": str(count), "data-start": str(start),
        "data-interval": str(int(part.get("interval", 300))),
        "data-kernel": json.dumps(stepper_kernel_texts(part)),
        "data-labels": json.dumps(words, ensure_ascii=False),
        "data-steps": json.dumps(steps, separators=(",", ":"), ensure_ascii=False),
    }
    opening = " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items())
    first = f"{url}{start:03d}.png"
    label = labels[start]
    position = tr("position {index}: {label}", language=language, index=start, label=label)
    valuetext = tr("step {step} of {count}, {label}", language=language, step=start + 1,
                   count=count, label=label)
    alt = tr("Step {step} of {count}: {label}. {what}", language=language, step=start + 1,
             count=count, label=label, what=what)
    note = tr("Pre-rendered frames of the notebook's stepper: press play, back or forward, or "
              "click here and use the arrow keys (Home, End, Space too). Run the notebook in "
              "JupyterLab for the live widget (with its flip toggle).", language=language)
    return (
        f"<div {opening}>"
        '<div class="cu-site-stepper-controls">'
        '<button type="button" class="cu-site-stepper-play">'
        '<span class="cu-site-stepper-play-icon" aria-hidden="true">&#9654;</span> '
        f'<span class="cu-site-stepper-play-label">{html.escape(words["play"])}</span></button>'
        '<button type="button" class="cu-site-stepper-prev">'
        f'<span aria-hidden="true">&#9664;</span> {html.escape(tr("back", language=language))}'
        "</button>"
        '<button type="button" class="cu-site-stepper-next">'
        f'{html.escape(tr("forward", language=language))} <span aria-hidden="true">&#9654;'
        "</span></button>"
        f'<input type="range" class="cu-site-stepper-slider" min="0" max="{count - 1}" '
        f'value="{start}" aria-label="{html.escape(tr("position", language=language))}" '
        f'aria-valuetext="{html.escape(valuetext)}">'
        f'<span class="cu-site-stepper-readout">{html.escape(position)}</span></div>'
        '<p class="cu-site-stepper-status" role="status" aria-live="polite" '
        f'aria-atomic="true">{html.escape(steps[start]["announcement"])}</p>'
        f'<img class="cu-site-stepper-frame" src="{first}" data-what="{html.escape(what)}" '
        f'alt="{html.escape(alt)}">'
        f'<div class="cu-site-stepper-products">{first_readout}</div>'
        f'<p class="cu-site-stepper-note">{html.escape(note, quote=False)}</p>'
        "</div>"
    )


# --------------------------------------------------------------------------- staging


def _preceding_markdown(cells, index: int) -> str:
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            return cell.source
    return ""


@dataclass
class Assets:
    """Where a site's figures and stepper frames are written, and how its pages find them.

    The Chinese site writes into the English site's ``_static`` and points there
    (``../../_static/`` from its notebook pages): its figures are the same PNGs (named by
    their contents) and its steppers the same frames, so each is in the site once.
    """

    folder: Path
    #: ``folder`` as a page in ``notebooks/`` reaches it.
    url: str = "../_static/"
    #: Frame folders written so far -> the key of what they show (:func:`_frames_key`).
    frames: dict[str, str] = field(default_factory=dict)


def stage_notebook(nb, stem: str, static: Path, language: str = "en",
                   home: str = "../index.md", assets: Assets | None = None) -> dict[str, int]:
    """Prepare a notebook copy for the site in place; figures and stepper frames go under
    ``static`` (or where ``assets`` says); the notebook's links to the contents page
    and the README point at ``home``."""
    assets = Assets(static) if assets is None else assets
    counts = {"figures": 0, "steppers": 0, "frames": 0}
    figures_dir = assets.folder / "figures"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for contents in ("](../README.md)", "](contents.ipynb)"):  # the home page
                cell.source = cell.source.replace(contents, f"]({home})")
            continue
        if cell.cell_type != "code":
            continue
        if "solution" in cell.metadata.get("tags", []):
            # Worked solutions stay on the site, folded: a click shows them.
            cell.metadata["tags"] = [*cell.metadata["tags"], "hide-cell"]
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        number = 0
        for output in cell.outputs:
            data = output.get("data", {})
            if STEPPER_MIME in data:
                part = data[STEPPER_MIME]
                name, key = f"{stem[:2]}-cell{index:02d}", _frames_key(part)
                if assets.frames.get(name, key) != key:  # another stepper took the name
                    name = f"{name}-{language}"
                steps = stepper_steps(part, language)
                if name in assets.frames:  # drawn for the other language's site
                    labels = [step["label"] for step in steps]
                else:
                    labels = stepper_frames(part, assets.folder / "steppers" / name)
                    assets.frames[name] = key
                output["data"] = {"text/html": stepper_html(
                    part, f"{assets.url}steppers/{name}/", labels, steps, language)}
                output["metadata"] = {}
                counts["steppers"] += 1
                counts["frames"] += len(labels)
            elif "image/png" in data:
                number += 1
                alt = cell_alt(cell, number) or figure_alt(
                    cell.source, _preceding_markdown(nb.cells, index), number, len(images),
                    _panels(output))
                png = base64.b64decode(data["image/png"])
                figures_dir.mkdir(parents=True, exist_ok=True)
                name = hashlib.sha256(png).hexdigest()[:16] + ".png"
                (figures_dir / name).write_bytes(png)
                output["data"] = {"text/html": (
                    f'<img class="cu-figure" src="{assets.url}figures/{name}" '
                    f'alt="{html.escape(alt)}">')}
                counts["figures"] += 1
    return counts


def home_page(readme: str, pages: set[str]) -> str:
    """The README as the home page: links to files that are not pages become plain text."""
    def link(match: re.Match) -> str:
        text, target = match.group(1), match.group(2)
        path = target.split("#")[0]
        if re.match(r"^[a-z]+:", target) or target.startswith("#") or path in pages:
            return match.group(0)
        return text
    return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", link, readme)


def html_language(language: str) -> str:
    """The language's tag in HTML (``zh_CN`` -> ``zh-CN``)."""
    return language.replace("_", "-")


def footer_html(version: str, language: str = "en") -> str:
    """The line under every page: the course's version and its licences."""
    return "<p>" + html.escape(tr(
        "Course version {version}. Prose, notebooks and figures: CC BY 4.0; code: MIT; "
        "pictures: see images/CREDITS.md.", language=language, version=version),
        quote=False) + "</p>"


def language_switch(language: str, other_pages: list[str]) -> dict[str, str | list[str]]:
    """What site/templates/language-switch.html needs on a ``language`` page: the other
    site's folder (from this site's root), its pages, its name and tag.

    A page the other site lacks (the instructors' guide is English only) links to the
    other site's home page.
    """
    if language == "en":
        other, prefix, title = "zh_CN", f"{CHINESE_FOLDER}/", tr("This page in Chinese",
                                                                 language="zh_CN")
    else:
        other, prefix, title = "en", "../", "This page in English"
    return {"prefix": prefix, "pages": sorted({*other_pages, *SPHINX_PAGES}),
            "home": "index", "label": LANGUAGE_NAMES[other], "title": title,
            "lang": html_language(other)}


def config_yaml(title: str, version: str = "", language: str = "en",
                switch: dict | None = None) -> str:
    """The book's _config.yml for the ``language`` site; ``switch``: its language switch."""
    static_url = "" if language == "en" else "../../_static/"  # MathJax: the English site's
    config = {
        "title": title,
        "author": tr("the course's authors", language=language),
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "html": {"use_repository_button": False, "use_issues_button": False,
                 "use_edit_page_button": False, "use_download_button": True,
                 "extra_footer": footer_html(version or course_version(), language)},
        "launch_buttons": {"binderhub_url": "", "jupyterhub_url": "", "thebe": False,
                           "colab_url": ""},
        "sphinx": {"recursive_update": True, "config": {
            # The theme's own words (search, "Contents", "Next") in the site's language.
            "language": language,
            "mathjax_path": f"{static_url}mathjax/tex-chtml-full.js",
            "html_static_path": ["_static"],
            "templates_path": ["_templates"],
            "html_js_files": ["stepper.js"],
            "html_css_files": ["stepper.css", "site.css"],
            "html_theme_options": {
                "search_bar_text": tr("Search this book...", language=language),
                "article_header_end": [SWITCH_TEMPLATE, "article-header-buttons.html"],
            },
            "html_context": {"cu_language_switch": switch or {}},
            "nb_ipywidgets_js": {},
            "html_show_sourcelink": False,
            # The footer says who wrote the course and its licences; Sphinx's own
            # "© Copyright <year>." line would say less, and wrongly.
            "html_show_copyright": False,
            "html_last_updated_fmt": None,
            "suppress_warnings": ["mystnb.unknown_mime_type"],
        }},
    }
    return json.dumps(config, indent=2, ensure_ascii=False)  # JSON is YAML


def _static_files(staging: Path, mathjax: bool = True) -> Path:
    static = staging / "_static"
    static.mkdir(parents=True, exist_ok=True)
    if mathjax:
        shutil.copytree(SITE_FILES / "mathjax", static / "mathjax")
    for name in ("stepper.js", "stepper.css", "site.css"):
        shutil.copy2(SITE_FILES / name, static / name)
    (staging / "_templates").mkdir(exist_ok=True)
    shutil.copy2(SITE_FILES / "templates" / SWITCH_TEMPLATE, staging / "_templates")
    return static


def _notebook_paths(notebooks: list[Path] | None) -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if notebooks is None else notebooks


def stage(staging: Path, notebooks: list[Path] | None = None,
          other_pages: list[str] | None = None, assets: Assets | None = None) -> dict[str, int]:
    """Write the English book's sources (pages, config, table of contents, static files);
    ``other_pages``: the Chinese site's pages its language switch links to (none: no
    switch, no Chinese site); ``assets``
    records the stepper frames drawn (for the Chinese site to share)."""
    paths = _notebook_paths(notebooks)
    static = _static_files(staging)
    assets = Assets(static) if assets is None else assets
    (staging / "notebooks").mkdir(parents=True)
    totals = {"pages": 1, "figures": 0, "steppers": 0, "frames": 0}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("widgets", None)
        for key, value in stage_notebook(nb, path.stem, static, assets=assets).items():
            totals[key] += value
        nbformat.write(nb, staging / "notebooks" / path.name)
        totals["pages"] += 1
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = {f"notebooks/{path.name}" for path in paths}
    guide = ROOT / GUIDE
    if guide.is_file():  # the instructors' guide, a page beside the home page
        pages.add(GUIDE)
        text = guide.read_text(encoding="utf-8").replace("](README.md)", "](index.md)")
        (staging / GUIDE).write_text(home_page(text, pages | {"index.md"}), encoding="utf-8")
        totals["pages"] += 1
    (staging / "index.md").write_text(home_page(readme, pages), encoding="utf-8")
    title = re.search(r"^# (.+)$", readme, re.MULTILINE)
    switch = language_switch("en", other_pages) if other_pages else None
    (staging / "_config.yml").write_text(
        config_yaml(title.group(1) if title else "Image convolution", switch=switch),
        encoding="utf-8")
    toc = {"format": "jb-book", "root": "index",
           "chapters": [{"file": f"notebooks/{path.stem}"} for path in paths]
           + [{"file": Path(GUIDE).stem}] * (GUIDE in pages)}
    (staging / "_toc.yml").write_text(json.dumps(toc, indent=2), encoding="utf-8")
    return totals


def chinese_home(contents) -> str | None:
    """The Chinese contents page as the Chinese site's home page, in place (its links to
    the notebooks point into notebooks/); returns the course's title written on it."""
    title = None
    for cell in contents.cells:
        if cell.cell_type != "markdown":
            continue
        cell.source = re.sub(r"\]\((\d\d-[\w-]+\.ipynb(?:#[^)]*)?)\)", r"](notebooks/\1)",
                             cell.source)
        found = re.search(r"^\*([^*\n]+)\*\s*$", cell.source, re.MULTILINE)
        title = title or (found.group(1).strip() if found else None)
    return title


def stage_chinese(staging: Path, assets: Assets, notebooks: list[Path] | None = None,
                  english_title: str = "Image convolution") -> dict[str, int]:
    """Write the Chinese book's sources from notebooks-zh/: its home page the Chinese
    contents page, its figures and frames into ``assets`` (the English site's)."""
    paths = [CHINESE_NOTEBOOKS / path.name for path in _notebook_paths(notebooks)]
    _static_files(staging, mathjax=False)
    (staging / "notebooks").mkdir(parents=True)
    totals = {"pages": 1, "figures": 0, "steppers": 0, "frames": 0}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("widgets", None)
        counts = stage_notebook(nb, path.stem, staging / "_static", language=CHINESE,
                                home="../index.ipynb", assets=assets)
        for key, value in counts.items():
            totals[key] += value
        nbformat.write(nb, staging / "notebooks" / path.name)
        totals["pages"] += 1
    contents = nbformat.read(CHINESE_NOTEBOOKS / "contents.ipynb", as_version=4)
    title = chinese_home(contents) or english_title
    nbformat.write(contents, staging / "index.ipynb")
    english = ["index", *(f"notebooks/{path.stem}" for path in paths)]
    if (ROOT / GUIDE).is_file():
        english.append(Path(GUIDE).stem)
    (staging / "_config.yml").write_text(
        config_yaml(title, language=CHINESE, switch=language_switch(CHINESE, english)),
        encoding="utf-8")
    toc = {"format": "jb-book", "root": "index",
           "chapters": [{"file": f"notebooks/{path.stem}"} for path in paths]}
    (staging / "_toc.yml").write_text(json.dumps(toc, indent=2), encoding="utf-8")
    return totals


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _jupyter_book(staging: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
               "build", str(staging), "--builder", "html", "--keep-going", "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=staging.parent)


def _finish(run: subprocess.Popen, staging: Path) -> str:
    log = (run.communicate()[0] or "").strip()
    if run.returncode != 0 or not (staging / "_build" / "html" / "index.html").is_file():
        raise SystemExit(f"site: jupyter-book failed on {staging.name} (exit "
                         f"{run.returncode}):\n{log}")
    return log


def _html_lang(folder: Path, language: str) -> None:
    """Sphinx writes ``<html lang="zh_CN">``; HTML wants the tag ``zh-CN``."""
    before, after = f'<html lang="{language}"', f'<html lang="{html_language(language)}"'
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if before in text:
            page.write_text(text.replace(before, after, 1), encoding="utf-8")


def build(dest: Path = DEFAULT_DIR, notebooks: list[Path] | None = None,
          quiet: bool = True, chinese: bool = True) -> dict[str, float]:
    """Build the site into ``dest`` (replaced), and the Chinese site into ``dest/zh``
    (unless ``chinese`` is false); returns counts, seconds and bytes (the Chinese
    site's under ``zh_...``)."""
    dest = Path(dest).resolve()
    if dest.exists() and any(dest.iterdir()) and not (dest / "index.html").is_file():
        raise SystemExit(f"site: {dest} is not empty and holds no site (no index.html); "
                         "choose an empty or new folder")
    if chinese:
        missing = [path.name for path in [*_notebook_paths(notebooks), Path("contents.ipynb")]
                   if not (CHINESE_NOTEBOOKS / path.name).is_file()]
        if missing:
            raise SystemExit(f"site: notebooks-zh/ lacks {', '.join(missing)}: run "
                             "./course translate build (or build with --english-only)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        staging, staging_zh = Path(tmp) / "book", Path(tmp) / "book-zh"
        staging.mkdir()
        paths = _notebook_paths(notebooks)
        other = ["index", *(f"notebooks/{path.stem}" for path in paths)] if chinese else []
        assets = Assets(staging / "_static")
        stats = stage(staging, notebooks, other_pages=other, assets=assets)
        staged = time.perf_counter()
        runs = [(staging, _jupyter_book(staging))]
        if chinese:  # its frames and figures go into the English site's _static
            staging_zh.mkdir()
            zh_stats = stage_chinese(staging_zh, Assets(assets.folder, "../../_static/",
                                                        assets.frames), notebooks)
            runs.append((staging_zh, _jupyter_book(staging_zh)))
            stats.update({f"zh_{key}": value for key, value in zh_stats.items()})
        zh_staged = time.perf_counter()
        logs = [_finish(run, folder) for folder, run in runs]
        log = "\n".join(part for part in logs if part)
        if log and not quiet:
            print(log, file=sys.stderr)
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        # Source maps only serve a browser's developer tools: 3 MB nobody else loads.
        ignore = shutil.ignore_patterns(".buildinfo", ".doctrees", "*.map")
        shutil.copytree(staging / "_build" / "html", dest, ignore=ignore)
        if chinese:
            shutil.copytree(staging_zh / "_build" / "html", dest / CHINESE_FOLDER,
                            ignore=ignore)
            _html_lang(dest / CHINESE_FOLDER, CHINESE)
            stats["zh_bytes"] = folder_size(dest / CHINESE_FOLDER)
    stats.update(stage_seconds=staged - started, zh_stage_seconds=zh_staged - staged,
                 seconds=time.perf_counter() - started, bytes=folder_size(dest),
                 warnings=log.count("WARNING"))
    return stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="where to write the site (default: _build/site/; the Chinese "
                             "site goes into its zh/ folder)")
    parser.add_argument("--verbose", action="store_true", help="show Jupyter Book's log")
    parser.add_argument("--english-only", action="store_true",
                        help="leave out the Chinese site (zh/)")
    args = parser.parse_args(argv)
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        print("site: needs Jupyter Book: pip install -r requirements-site.txt", file=sys.stderr)
        return 2
    stats = build(args.dir, quiet=not args.verbose, chinese=not args.english_only)
    chinese = (f"; Chinese site in {CHINESE_FOLDER}/: {stats['zh_pages']} pages, "
               f"{stats['zh_bytes'] / 1e6:.1f} MB of its own") if "zh_pages" in stats else ""
    print(f"site: {stats['pages']} pages, {stats['figures']} figures, {stats['steppers']} "
          f"steppers ({stats['frames']} frames), {stats['bytes'] / 1e6:.1f} MB{chinese}, built "
          f"in {stats['seconds']:.0f} s (frames {stats['stage_seconds']:.0f} s), "
          f"{stats['warnings']} warnings; open {args.dir}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
