"""Build the course website from the committed notebook outputs (nothing is re-executed).

    ./course site               # into _build/site/
    ./course site DIR           # into DIR; open DIR/index.html or serve DIR

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
from pathlib import Path

import nbformat
from course_version import course_version  # scripts/course_version.py

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SITE_FILES = ROOT / "site"
DEFAULT_DIR = ROOT / "_build" / "site"
#: Stepper frames already drawn, reused while the stepper and the drawing code are unchanged.
FRAME_CACHE = ROOT / "_build" / "cache" / "stepper-frames"
STEPPER_MIME = "application/vnd.course.stepper+json"
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


def stepper_steps(part: dict) -> list[dict]:
    """Each step's readout as text, for site/stepper.js: what the live widget shows.

    ``window`` and ``products`` (rows of texts, in the live readout's one number
    format), ``padding`` (one string of 0/1 per row: which window cells come from
    padding), ``sum``, ``label`` (``output[ROW, COL] = VALUE``) and ``announcement``
    (:func:`course_utils.stepper.step_announcement`, what the live region says).
    """
    import numpy as np

    from course_utils.stepper import StepperRenderer, readout_grids, step_announcement

    renderer = StepperRenderer(np.asarray(part["image"], dtype=float),
                               np.asarray(part["kernel"], dtype=float),
                               mode=part["mode"], cval=part["cval"])
    number_format = renderer.number_format(part["flip"])
    steps = []
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


def stepper_html(part: dict, url: str, labels: list[str], steps: list[dict] | None = None) -> str:
    """The markup site/stepper.js turns into a player (frames under ``url``).

    Every control has a name a screen reader says; the step's sentence sits in a
    polite live region (``role="status"``); the readout under the frame is the
    live widget's (window × kernel = products, the sum, the output pixel).
    """
    import numpy as np

    from course_utils.stepper import StepperRenderer, readout_html

    steps = stepper_steps(part) if steps is None else steps
    rows, cols = len(part["image"]), len(part["image"][0])
    k_rows, k_cols = len(part["kernel"]), len(part["kernel"][0])
    operation = "convolution, kernel rotated by 180°" if part["flip"] else "cross-correlation"
    what = (f"The {k_rows}×{k_cols} kernel's window (red) on the {rows}×{cols} image padded "
            f"in mode '{part['mode']}' (padding hatched orange), the kernel as applied "
            f"({operation}) and the output filled in up to this step; the step's readout "
            "(window × kernel = products and their sum) is written out below it.")
    count = len(labels)
    start = min(max(int(part.get("index", 0)), 0), count - 1)
    renderer = StepperRenderer(np.asarray(part["image"], dtype=float),
                               np.asarray(part["kernel"], dtype=float),
                               mode=part["mode"], cval=part["cval"])
    first_readout = readout_html(renderer.window(start, part["flip"]), part["mode"],
                                 renderer.number_format(part["flip"]))
    attrs = {
        "class": "cu-site-stepper", "tabindex": "0", "role": "group",
        "aria-label": f"Sliding-window stepper, {count} steps",
        "data-frames": url, "data-count": str(count), "data-start": str(start),
        "data-interval": str(int(part.get("interval", 300))),
        "data-kernel": json.dumps(stepper_kernel_texts(part)),
        "data-window-heading": f"window (mode {part['mode']!r})",
        "data-kernel-heading": ("kernel rotated 180° (convolution)" if part["flip"]
                                else "kernel (correlation)"),
        "data-steps": json.dumps(steps, separators=(",", ":")),
    }
    opening = " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items())
    first = f"{url}{start:03d}.png"
    return (
        f"<div {opening}>"
        '<div class="cu-site-stepper-controls">'
        '<button type="button" class="cu-site-stepper-play">'
        '<span class="cu-site-stepper-play-icon" aria-hidden="true">&#9654;</span> '
        '<span class="cu-site-stepper-play-label">play</span></button>'
        '<button type="button" class="cu-site-stepper-prev">'
        '<span aria-hidden="true">&#9664;</span> back</button>'
        '<button type="button" class="cu-site-stepper-next">'
        'forward <span aria-hidden="true">&#9654;</span></button>'
        f'<input type="range" class="cu-site-stepper-slider" min="0" max="{count - 1}" '
        f'value="{start}" aria-label="position" '
        f'aria-valuetext="step {start + 1} of {count}, {html.escape(labels[start])}">'
        f'<span class="cu-site-stepper-readout">position {start}: '
        f"{html.escape(labels[start])}</span></div>"
        '<p class="cu-site-stepper-status" role="status" aria-live="polite" '
        f'aria-atomic="true">{html.escape(steps[start]["announcement"])}</p>'
        f'<img class="cu-site-stepper-frame" src="{first}" data-what="{html.escape(what)}" '
        f'alt="Step {start + 1} of {count}: {html.escape(labels[start])}. {html.escape(what)}">'
        f'<div class="cu-site-stepper-products">{first_readout}</div>'
        '<p class="cu-site-stepper-note">Pre-rendered frames of the notebook\'s stepper: press '
        "play, back or forward, or click here and use the arrow keys (Home, End, Space "
        "too). Run the notebook in JupyterLab for the live widget (with its flip toggle).</p>"
        "</div>"
    )


# --------------------------------------------------------------------------- staging


def _preceding_markdown(cells, index: int) -> str:
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            return cell.source
    return ""


def stage_notebook(nb, stem: str, static: Path) -> dict[str, int]:
    """Prepare a notebook copy for the site in place; stepper frames go under ``static``."""
    counts = {"figures": 0, "steppers": 0, "frames": 0}
    figures_dir = static / "figures"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for contents in ("](../README.md)", "](contents.ipynb)"):  # the home page
                cell.source = cell.source.replace(contents, "](../index.md)")
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
                name = f"{stem[:2]}-cell{index:02d}"
                labels = stepper_frames(part, static / "steppers" / name)
                output["data"] = {"text/html": stepper_html(
                    part, f"../_static/steppers/{name}/", labels)}
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
                    f'<img class="cu-figure" src="../_static/figures/{name}" '
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


def footer_html(version: str) -> str:
    """The line under every page: the course's version and its licences."""
    return (f"<p>Course version {html.escape(version)}. Prose, notebooks and figures: "
            "CC BY 4.0; code: MIT; pictures: see images/CREDITS.md.</p>")


def config_yaml(title: str, version: str = "") -> str:
    config = {
        "title": title,
        "author": "the course's authors",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "html": {"use_repository_button": False, "use_issues_button": False,
                 "use_edit_page_button": False, "use_download_button": True,
                 "extra_footer": footer_html(version or course_version())},
        "launch_buttons": {"binderhub_url": "", "jupyterhub_url": "", "thebe": False,
                           "colab_url": ""},
        "sphinx": {"config": {
            "mathjax_path": "mathjax/tex-chtml-full.js",
            "html_static_path": ["_static"],
            "html_js_files": ["stepper.js"],
            "html_css_files": ["stepper.css"],
            "nb_ipywidgets_js": {},
            "html_show_sourcelink": False,
            "html_last_updated_fmt": None,
            "suppress_warnings": ["mystnb.unknown_mime_type"],
        }},
    }
    return json.dumps(config, indent=2, ensure_ascii=False)  # JSON is YAML


def stage(staging: Path, notebooks: list[Path] | None = None) -> dict[str, int]:
    """Write the book's sources (pages, config, table of contents, static files)."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if notebooks is None else notebooks
    static = staging / "_static"
    shutil.copytree(SITE_FILES / "mathjax", static / "mathjax")
    for name in ("stepper.js", "stepper.css"):
        shutil.copy2(SITE_FILES / name, static / name)
    (staging / "notebooks").mkdir(parents=True)
    totals = {"pages": 1, "figures": 0, "steppers": 0, "frames": 0}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("widgets", None)
        for key, value in stage_notebook(nb, path.stem, static).items():
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
    (staging / "_config.yml").write_text(
        config_yaml(title.group(1) if title else "Image convolution"), encoding="utf-8")
    toc = {"format": "jb-book", "root": "index",
           "chapters": [{"file": f"notebooks/{path.stem}"} for path in paths]
           + [{"file": Path(GUIDE).stem}] * (GUIDE in pages)}
    (staging / "_toc.yml").write_text(json.dumps(toc, indent=2), encoding="utf-8")
    return totals


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build(dest: Path = DEFAULT_DIR, notebooks: list[Path] | None = None,
          quiet: bool = True) -> dict[str, float]:
    """Build the site into ``dest`` (replaced); returns counts, seconds and bytes."""
    dest = Path(dest).resolve()
    if dest.exists() and any(dest.iterdir()) and not (dest / "index.html").is_file():
        raise SystemExit(f"site: {dest} is not empty and holds no site (no index.html); "
                         "choose an empty or new folder")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        staging = Path(tmp) / "book"
        staging.mkdir()
        stats = stage(staging, notebooks)
        staged = time.perf_counter()
        command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
                   "build", str(staging),
                   "--builder", "html", "--keep-going", "--quiet"]
        run = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        log = (run.stdout + run.stderr).strip()
        html_dir = staging / "_build" / "html"
        if run.returncode != 0 or not (html_dir / "index.html").is_file():
            raise SystemExit(f"site: jupyter-book failed (exit {run.returncode}):\n{log}")
        if log and not quiet:
            print(log, file=sys.stderr)
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        # Source maps only serve a browser's developer tools: 3 MB nobody else loads.
        shutil.copytree(html_dir, dest,
                        ignore=shutil.ignore_patterns(".buildinfo", ".doctrees", "*.map"))
    stats.update(stage_seconds=staged - started, seconds=time.perf_counter() - started,
                 bytes=folder_size(dest), warnings=log.count("WARNING"))
    return stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR,
                        help="where to write the site (default: _build/site/)")
    parser.add_argument("--verbose", action="store_true", help="show Jupyter Book's log")
    args = parser.parse_args(argv)
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        print("site: needs Jupyter Book: pip install -r requirements-site.txt", file=sys.stderr)
        return 2
    stats = build(args.dir, quiet=not args.verbose)
    print(f"site: {stats['pages']} pages, {stats['figures']} figures, {stats['steppers']} "
          f"steppers ({stats['frames']} frames), {stats['bytes'] / 1e6:.1f} MB, built in "
          f"{stats['seconds']:.0f} s (frames {stats['stage_seconds']:.0f} s), "
          f"{stats['warnings']} warnings; open {args.dir}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
