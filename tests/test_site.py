"""The course website (scripts/build_site.py), built once per test session.

- Without a browser: the committed notebooks carry each stepper's data; figures' alt
  text is derived from what the notebook says about them; stepper frames are small
  palette PNGs showing the right step.
- The Chinese site (zh/, from notebooks-zh/) is built with it: every English page
  links to its Chinese page and back (relative links, resolved as files), the Chinese
  pages are ``lang="zh-CN"`` and Chinese, and so are their footers, search box and
  steppers (labels, readout, announcement); site/stepper.js holds no words.
- In Debian's Chromium (the browser test's set-up, tests/browser_support.py): the site
  (both languages) is served on 127.0.0.1 and every page is loaded while every request
  is recorded:
  no request leaves the local server and none fails; formulas are typeset by the
  vendored MathJax; every image has alt text that describes it; every internal link
  answers HTTP 200; each stepper steps with the arrow keys and with play, and its
  picture and readout change to the right step; the Chinese stepper says so in Chinese;
  the language switch works from file:// too.

Needs ``pip install -r requirements-site.txt`` (Jupyter Book) and Chromium; without
them the tests are skipped, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import functools
import hashlib
import html
import http.server
import io
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import browser_support
import nbformat
import numpy as np
import pytest
from browser_support import CHROMIUM, launch_chromium
from conftest import COURSE_NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import build_site  # noqa: E402

from course_utils.i18n import tr  # noqa: E402
from course_utils.stepper import StepperRenderer, output_label  # noqa: E402
from course_utils.windows import window_at  # noqa: E402

NOTEBOOKS = COURSE_NOTEBOOKS
STEPPER_CALL = "SlidingWindowStepper("
ZH = build_site.CHINESE_FOLDER
#: Han characters: what makes a text Chinese.
HAN = re.compile(r"[\u4e00-\u9fff]")


def skip_or_fail(reason: str):
    browser_support.skip_or_fail(reason, "site")


def stepper_parts(path: Path) -> list[tuple[int, dict]]:
    nb = nbformat.read(path, as_version=4)
    return [(index, output["data"][build_site.STEPPER_MIME])
            for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for output in cell.outputs if build_site.STEPPER_MIME in output.get("data", {})]


# --------------------------------------------------------------------------- no browser


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_committed_stepper_carries_its_data(path):
    """scripts/execute_notebooks.py kept SlidingWindowStepper's extra part, and it matches
    the call in the cell (mode) and the notebook's own stepper limits."""
    nb = nbformat.read(path, as_version=4)
    calls = [index for index, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and STEPPER_CALL in cell.source]
    parts = stepper_parts(path)
    assert [index for index, _ in parts] == calls
    for index, part in parts:
        source = nb.cells[index].source
        mode = re.search(r"mode\s*=\s*[\"'](\w+)[\"']", source)
        assert part["mode"] == (mode.group(1) if mode else "reflect")
        assert part["flip"] == ("flip=True" in source)
        image, kernel = np.asarray(part["image"]), np.asarray(part["kernel"])
        assert image.ndim == kernel.ndim == 2 and max(image.shape) <= 32
        assert kernel.shape[0] % 2 == kernel.shape[1] % 2 == 1


def test_the_stepper_part_reproduces_the_widget():
    from course_utils.widgets import SlidingWindowStepper

    rng = np.random.default_rng(7)
    image, kernel = rng.integers(0, 256, (5, 6)), rng.normal(size=(3, 3))
    widget = SlidingWindowStepper(image, kernel, mode="constant", cval=9.5, flip=True)
    widget.slider.value = 13
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    part = json.loads(json.dumps(bundle[build_site.STEPPER_MIME]))  # survives JSON
    renderer = StepperRenderer(part["image"], part["kernel"], mode=part["mode"],
                               cval=part["cval"])
    assert renderer.png(part["index"], flip=part["flip"]) == widget.canvas.value
    assert part["interval"] == widget.play.interval


def test_figure_titles_and_alt_text():
    source = ('fig, axes = plt.subplots(1, 2)\nshow_image(a, ax=axes[0], title="original photo")\n'
              'axes[1].set_title(f"blurred by {name}")\nfig.suptitle("Before and after")\n'
              'for ax, title in zip(axes, ["left panel", "right panel"]):\n    pass\n'
              'ax.set_title(f"{name}: {value}")\n')
    assert build_site.figure_titles(source) == [
        "original photo", "blurred by …", "Before and after", "left panel", "right panel"]
    markdown = ("## A heading\n\nSome context that is not about it.\n\n"
                "The figure shows the photo and its blur side by side. More words.")
    alt = build_site.figure_alt(source, markdown, panels=2)
    assert alt.startswith("Figure with 2 panels. The figure shows the photo and its blur")
    assert "'original photo'" in alt and ".png" not in alt
    # Without a sentence about a figure: the last paragraph's first sentence.
    assert build_site.figure_alt("plt.plot(x)", "First.\n\nSecond one. Third.") == (
        "Figure. Second one.")
    # Two figures from one cell with one title each: each gets its own.
    two = 'show(a, title="first picture")\nshow(b, title="second picture")'
    assert "'second picture'" in build_site.figure_alt(two, "", 2, 2)
    assert "'first picture'" not in build_site.figure_alt(two, "", 2, 2)


def test_frames_are_small_palette_pngs_of_the_right_step(tmp_path):
    from PIL import Image

    index, part = stepper_parts(NOTEBOOKS[1])[0]
    labels = build_site.stepper_frames(part, tmp_path / "frames", cache=None)
    image, kernel = np.asarray(part["image"]), np.asarray(part["kernel"])
    assert len(labels) == image.size == len(list((tmp_path / "frames").glob("*.png")))
    renderer = StepperRenderer(image, kernel, mode=part["mode"], cval=part["cval"])
    for step in (0, 9, image.size - 1):
        row, col = divmod(step, image.shape[1])
        assert labels[step] == output_label(window_at(image, kernel, row, col,
                                                      mode=part["mode"], flip=part["flip"]))
        path = tmp_path / "frames" / f"{step:03d}.png"
        assert path.stat().st_size < 40_000
        frame = Image.open(path)
        assert frame.mode == "P" and len(frame.getcolors()) <= build_site.PALETTE_COLOURS
        shown = np.asarray(frame.convert("RGB"), dtype=float)
        exact = _rgb(renderer.png(step, part["flip"]))  # the readout is text beside it
        error = np.abs(shown - exact).mean()
        assert error < 8, f"frame {step} is far from the renderer's picture ({error:.1f})"
        # Where this step's picture and a neighbour's differ, the frame looks like this step.
        for other in (step - 1, step + 1):
            if 0 <= other < image.size:
                neighbour = _rgb(renderer.png(other, part["flip"]))
                mask = (exact != neighbour).any(axis=2)
                assert mask.any()
                assert (np.abs(shown - exact)[mask].mean()
                        < np.abs(shown - neighbour)[mask].mean()), (
                    f"frame {step} looks more like step {other}")


def test_each_step_carries_the_live_readout_and_its_announcement():
    """The site's readout and live-region text against hand-computed numbers."""
    part = {"version": 1, "image": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
            "kernel": [[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]],
            "mode": "nearest", "cval": 0.0, "flip": False, "index": 0, "interval": 300}
    steps = build_site.stepper_steps(part)
    assert len(steps) == 9
    # Step 2, output[0, 1]: nearest padding repeats the top row: window [1 2 3; 1 2 3; 4 5 6],
    # Laplacian: 2 + 1 + 3 + 5 - 4 * 2 = 3.
    assert steps[1] == {
        "window": [["1", "2", "3"], ["1", "2", "3"], ["4", "5", "6"]],
        "products": [["0", "2", "0"], ["1", "-8", "3"], ["0", "5", "0"]],
        "padding": ["111", "000", "000"], "sum": "3.00", "label": "output[0, 1] = 3.00",
        "announcement": "step 2 of 9: window centred on row 0, column 1; sum of the 9 "
                        "products = 3.00; output[0, 1] = 3.00"}
    # The centre: 2 + 4 + 6 + 8 - 4 * 5 = 0, no padding.
    assert steps[4]["sum"] == "0.00" and steps[4]["padding"] == ["000"] * 3
    assert build_site.stepper_kernel_texts(part) == [["0", "1", "0"], ["1", "-4", "1"],
                                                     ["0", "1", "0"]]
    player = build_site.stepper_html(part, "frames/", [s["label"] for s in steps], steps)
    assert 'role="status" aria-live="polite"' in player
    assert ">step 1 of 9: window centred on row 0, column 0;" in player
    assert 'aria-label="position"' in player and "products<br>" in player


def test_the_chinese_stepper_speaks_chinese():
    """The Chinese site's stepper: its controls, readout, announcement and the words it
    gives site/stepper.js, in Chinese (from the catalogues); the numbers are the same."""
    part = {"version": 1, "image": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
            "kernel": [[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]],
            "mode": "nearest", "cval": 0.0, "flip": False, "index": 0, "interval": 300}
    zh = build_site.CHINESE
    english = build_site.stepper_steps(part)
    steps = build_site.stepper_steps(part, zh)
    assert [s["label"] for s in steps] == [s["label"] for s in english]
    for said, in_english in zip(steps, english, strict=True):  # the same numbers in Chinese
        assert HAN.search(said["announcement"]), said["announcement"]
        assert said["announcement"].endswith(said["label"])
        numbers = re.compile(r"\d+(?:\.\d+)?")
        assert sorted(numbers.findall(said["announcement"])) == sorted(
            numbers.findall(in_english["announcement"]))
    assert build_site.stepper_steps(part)[1] == english[1]  # the language does not stick
    player = build_site.stepper_html(part, "frames/", [s["label"] for s in steps], steps,
                                     language=zh)
    labels = json.loads(html.unescape(re.search(r'data-labels="([^"]*)"', player).group(1)))
    assert labels == build_site.stepper_labels(part, zh)
    assert set(labels) == set(build_site.stepper_labels(part))
    untranslated = {key: text for key, text in labels.items() if not HAN.search(text)}
    assert untranslated == {}, f"the stepper's words left in English: {untranslated}"
    position, back = tr("position", language=zh), tr("back", language=zh)
    assert HAN.search(position) and HAN.search(back)
    assert f'>{html.escape(steps[0]["announcement"], quote=False)}</p>' in player  # live region
    assert f'aria-label="{position}"' in player and f">{labels['play']}</span>" in player
    assert f"> {back}</button>" in player and f"{labels['products']}<br>" in player
    first = {"index": 0, "step": 1, "count": 9, "label": steps[0]["label"]}
    assert labels["readout"].format(**first) in player
    assert 'alt="' + labels["alt"].split("{what}")[0].format(**first) in player
    text = html.unescape(re.sub(r'data-[a-z-]+="[^"]*"|<[^>]+>', " ", player))
    text = re.sub(r"output\[\d+, \d+\]", " ", text)
    english_words = re.findall(r"\b[A-Za-z]{3,}\b", text)
    assert set(english_words) <= {"reflect", "nearest", "JupyterLab", "Home", "End", "Space"}, (
        english_words)


def test_the_stepper_script_holds_no_words():
    """site/stepper.js writes only the words the page gives it (data-labels)."""
    script = (ROOT / "site" / "stepper.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', code)
    phrases = [text for text in literals if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text)]
    assert phrases == ["use strict"], f"English in site/stepper.js: {phrases}"
    for key in build_site.stepper_labels({"mode": "reflect", "flip": False}):
        assert f"words.{key}" in code, f"site/stepper.js never uses the label {key!r}"


def _rgb(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_home_page_unlinks_files_that_are_not_pages():
    text = "[01](notebooks/01-a.ipynb) [licence](images/CREDITS.md) [web](https://x.org)"
    assert build_site.home_page(text, {"notebooks/01-a.ipynb"}) == (
        "[01](notebooks/01-a.ipynb) licence [web](https://x.org)")


# --------------------------------------------------------------------------- the built site


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        skip_or_fail("the site needs Jupyter Book: pip install -r requirements-site.txt")
    dest = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    stats = build_site.build(dest)  # with the Chinese site in zh/
    print(f"\nsite built in {time.perf_counter() - started:.1f} s (Chinese staging "
          f"{stats['zh_stage_seconds']:.1f} s, its Jupyter Book run beside the English one)")
    return dest, stats


@pytest.fixture(scope="module")
def served(site):
    root, _ = site
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser dropped a preload when the page moved on


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.is_file():
        skip_or_fail(f"the site test needs Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the site test needs the Python package playwright")
    with sync_playwright() as playwright:
        context = launch_chromium(playwright, tmp_path_factory.mktemp("chromium-profile"))
        context.set_default_timeout(90_000)  # generous: the machine may be shared
        yield context
        context.close()


def test_the_site_has_every_page_and_is_small(site):
    root, stats = site
    assert (root / "index.html").is_file()
    for path in NOTEBOOKS:
        assert (root / "notebooks" / f"{path.stem}.html").is_file()
    assert (root / "INSTRUCTORS.html").is_file()  # the instructors' guide
    assert stats["pages"] == 2 + len(NOTEBOOKS)
    assert stats["steppers"] == sum(len(stepper_parts(p)) for p in NOTEBOOKS) > 0
    assert stats["figures"] == sum(
        "image/png" in output.get("data", {}) for p in NOTEBOOKS
        for cell in nbformat.read(p, as_version=4).cells for output in cell.get("outputs", []))
    assert stats["bytes"] < 40e6, f"the site takes {stats['bytes'] / 1e6:.1f} MB"
    assert not list(root.rglob("*.map"))
    assert (root / "_static" / "mathjax" / "tex-chtml-full.js").is_file()


def test_every_page_shows_the_course_version_and_licences_in_its_footer(site):
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+: pyproject.toml read independently
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    root, _ = site
    pages = [root / "index.html"] + [root / "notebooks" / f"{p.stem}.html" for p in NOTEBOOKS]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        footer = text[text.index("<footer"):]
        assert f"Course version {version}." in footer, page.name
        assert "CC BY 4.0" in footer and "code: MIT" in footer, page.name


SWITCH = re.compile(r'<a class="[^"]*\bcu-language-switch\b[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>')


def _switch(page: Path) -> tuple[Path, str]:
    """Where a page's language switch leads (a file) and what it says."""
    found = SWITCH.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page}: {len(found)} language switches"
    href, label = found[0]
    assert not re.match(r"^[a-z]+:|^/", href), f"{page}: not a relative link: {href}"
    return (page.parent / href).resolve(), label


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if ZH not in p.relative_to(root).parts[:1]
                  and "_static" not in p.parts)


def test_the_chinese_site_has_every_page_and_shares_the_english_files(site):
    root, stats = site
    zh = root / ZH
    assert (zh / "index.html").is_file()
    for path in NOTEBOOKS:
        assert (zh / "notebooks" / f"{path.stem}.html").is_file()
        assert (build_site.CHINESE_NOTEBOOKS / path.name).is_file()
    assert stats["zh_pages"] == 1 + len(NOTEBOOKS)
    assert (stats["zh_steppers"], stats["zh_frames"]) == (stats["steppers"], stats["frames"])
    assert stats["zh_figures"] == stats["figures"]
    # Its figures, frames and MathJax are the English site's: no copy of its own.
    assert not [name for name in ("figures", "steppers", "mathjax")
                if (zh / "_static" / name).exists()]
    assert stats["zh_bytes"] < 10e6, f"the Chinese site adds {stats['zh_bytes'] / 1e6:.1f} MB"
    for page in (zh / "notebooks").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for src in re.findall(r'<img [^>]*src="([^"]+)"', text) + re.findall(
                r'<script [^>]*src="([^"?]+)', text):
            assert (page.parent / src).resolve().is_file(), f"{page.name}: {src} is no file"


def test_every_page_links_to_its_other_language_and_back(site):
    root, _ = site
    english = _pages(root)
    assert len(english) >= 2 + len(NOTEBOOKS)
    for page in english:
        target, label = _switch(page)
        assert label == "中文", page
        relative = page.relative_to(root)
        expected = root / ZH / ("index.html" if relative.name == "INSTRUCTORS.html"
                                else relative)  # the guide is English only
        assert target == expected.resolve() and target.is_file(), (
            f"{relative}: the switch leads to {target}")
        back, label = _switch(target)
        assert label == "English", target
        if relative.name != "INSTRUCTORS.html":
            assert back == page.resolve(), f"{target}: the switch leads back to {back}"
    for page in (root / ZH).rglob("*.html"):  # every Chinese page links to an English one
        if "_static" not in page.parts:
            assert _switch(page)[0].is_file(), page


def test_the_chinese_pages_are_chinese(site):
    """``lang="zh-CN"``, Chinese text, the theme's own words (Sphinx's zh_CN), the search
    box and the footer in Chinese."""
    tomllib = pytest.importorskip("tomllib")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    root, _ = site
    pages = [root / ZH / "index.html"] + [root / ZH / "notebooks" / f"{p.stem}.html"
                                           for p in NOTEBOOKS]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in text, page.name
        # Its title, as every heading, is translated already (the prose may still be
        # partly English while the catalogues are being translated).
        title = re.search(r"<h1>(.*?)</h1>", text[text.index("<article"):], re.S).group(1)
        assert HAN.search(title), f"{page.name}: its title is not Chinese: {title!r}"
        assert 'placeholder="搜索本书……"' in text, page.name
        footer = text[text.index("<footer"):]
        assert f"课程版本 {version}。" in footer and "CC BY 4.0" in footer, page.name
        assert "Course version" not in text and "Search this book" not in text, page.name
    notebook = pages[1].read_text(encoding="utf-8")
    assert "下一页" in notebook and "上一页" in notebook  # the theme's "Next", "Previous"
    assert "目录" in notebook  # the theme's "Contents"


#: True once MathJax has typeset every formula of the page (polled, with a timeout).
TYPESET = """
() => Array.from(document.querySelectorAll('.math')).every(e => e.querySelector('mjx-container'))
"""
PAGE_CHECK = """
() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, mjx-assistive-mml')
       .forEach(e => e.remove());
  const maths = Array.from(document.querySelectorAll('.math'));
  return {
    maths: maths.length,
    typeset: maths.filter(e => e.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    raw: (clone.innerText.match(/\\$\\$|\\\\\\(|\\\\\\[|\\\\frac|\\\\sum/g) || []).length,
    images: Array.from(document.images).map(i => ({src: i.getAttribute('src'), alt: i.alt})),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  };
}
"""


def _fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _words(text: str) -> int:
    """How many words a text has: each Han character is one."""
    return len(re.findall(r"[\u4e00-\u9fff]|[^\s\u4e00-\u9fff]+", text))


@pytest.mark.parametrize("prefix", ["", f"{ZH}/"], ids=["en", "zh"])
def test_every_page_offline_typeset_described_and_linked(site, served, browser, prefix):
    started = time.perf_counter()
    origin = urllib.parse.urlsplit(served).netloc
    pages = [f"{prefix}index.html"] + ["INSTRUCTORS.html"] * (not prefix) + [
        f"{prefix}notebooks/{p.stem}.html" for p in NOTEBOOKS]
    page = browser.new_page()
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda r: failures.append(f"{r.failure} {r.url}"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    internal, total_maths = set(), 0
    for relative in pages:
        url = f"{served}/{relative}"
        page.goto(url, wait_until="networkidle")
        try:
            page.wait_for_function(TYPESET, timeout=90_000, polling=200)
        except Exception:  # the assertion below says how many formulas are left
            pass
        found = page.evaluate(PAGE_CHECK)
        assert found["typeset"] == found["maths"], (
            f"{relative}: {found['maths'] - found['typeset']} formulas not typeset by MathJax")
        assert found["errors"] == 0 and found["raw"] == 0, f"{relative}: raw TeX left: {found}"
        total_maths += found["maths"]
        for image in found["images"]:
            alt = image["alt"].strip()
            assert _words(alt) >= 4, f"{relative}: <img src={image['src']}> alt {alt!r}"
            assert not re.search(r"\.(png|jpe?g|gif|svg)\b", alt), (
                f"{relative}: alt text is a file name: {alt!r}")
            internal.add(urllib.parse.urljoin(url, image["src"]))
        for href in found["links"]:
            target = urllib.parse.urljoin(url, href)
            if urllib.parse.urlsplit(target).netloc == origin:
                internal.add(target.split("#")[0])
        if relative != f"{prefix}index.html":
            assert any(urllib.parse.urljoin(url, h).endswith("/index.html")
                       for h in found["links"]), f"{relative}: no link back to the home page"
    page.close()
    foreign = sorted({u for u in requests
                      if urllib.parse.urlsplit(u).scheme not in ("data", "blob")
                      and urllib.parse.urlsplit(u).netloc != origin})
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert failures == [], f"failed requests: {failures}"
    assert total_maths >= 20
    for notebook in NOTEBOOKS:  # the home page's contents link every notebook's page
        assert f"{served}/{prefix}notebooks/{notebook.stem}.html" in internal
    broken = [u for u in sorted(internal) if _fetch_status(u) != 200]
    assert broken == [], f"internal links or images that do not answer 200: {broken}"
    assert not [u for u in internal if u.endswith(".ipynb") and "/_sources/" not in u]
    print(f"\n{len(pages)} pages, {len(requests)} requests, {len(internal)} internal URLs, "
          f"{total_maths} formulas; {time.perf_counter() - started:.1f} s")


FRAME_DIGEST = """
(img) => {
  if (!img.complete || !img.naturalWidth) return null;
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let hash = 0;
  for (let i = 0; i < data.length; i += 7) hash = (hash * 31 + data[i]) >>> 0;
  return img.getAttribute('src') + ' ' + hash;
}
"""


def _wait(page, predicate, what: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if stepper_parts(p)],
                         ids=lambda p: p.name[:2])
def test_the_stepper_steps_without_a_kernel(path, served, browser):
    parts = stepper_parts(path)
    page = browser.new_page()
    page.goto(f"{served}/notebooks/{path.stem}.html", wait_until="networkidle")
    steppers = page.locator(".cu-site-stepper")
    assert steppers.count() == len(parts)
    for number, (_, part) in enumerate(parts):
        stepper = steppers.nth(number)
        frame = stepper.locator("img.cu-site-stepper-frame")
        readout = stepper.locator(".cu-site-stepper-readout")
        image, kernel = np.asarray(part["image"]), np.asarray(part["kernel"])

        def label(step, image=image, kernel=kernel, part=part):
            row, col = divmod(step, image.shape[1])
            return output_label(window_at(image, kernel, row, col, mode=part["mode"],
                                          cval=part["cval"], flip=part["flip"]))

        def digest(frame=frame):
            return frame.evaluate(FRAME_DIGEST)

        stepper.scroll_into_view_if_needed()
        start = part["index"]
        before = _wait(page, digest, f"stepper {number}: the first frame never loads")
        assert readout.inner_text() == f"position {start}: {label(start)}"
        assert "Step 1 of" in frame.get_attribute("alt")
        stepper.focus()
        page.keyboard.press("ArrowRight")
        after = _wait(page, lambda before=before: (d := digest()) and d != before and d,
                      f"stepper {number}: the picture did not change after ArrowRight")
        assert before.split()[1] != after.split()[1], "the new frame has the same pixels"
        assert readout.inner_text() == f"position {start + 1}: {label(start + 1)}"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowLeft")
        assert readout.inner_text() == f"position {start + 1}: {label(start + 1)}"
        page.keyboard.press("End")
        last = image.size - 1
        assert readout.inner_text() == f"position {last}: {label(last)}"
        page.keyboard.press("Home")
        stepper.locator(".cu-site-stepper-play").click()
        _wait(page, lambda readout=readout: readout.inner_text().startswith(
            ("position 3:", "position 4:")),
              f"stepper {number}: play did not step on")
        stepper.locator(".cu-site-stepper-play").click()  # pause
        shown = readout.inner_text()
        time.sleep(3 * part["interval"] / 1000)
        assert readout.inner_text() == shown, "pause did not stop the stepper"
        stepper.locator(".cu-site-stepper-next").click()
        step = int(shown.split(":")[0].split()[1]) + 1
        assert readout.inner_text() == f"position {step}: {label(step)}"
        check_site_stepper_accessibility(page, stepper, number, part, label)
    page.close()


def test_the_chinese_stepper_steps_and_speaks_chinese(served, browser):
    """On the Chinese site the script writes the page's words: readout, frame's alt text,
    slider, announcement, products and the play button, in Chinese, at every step."""
    path = next(p for p in NOTEBOOKS if stepper_parts(p))
    _, part = stepper_parts(path)[0]
    image, kernel = np.asarray(part["image"]), np.asarray(part["kernel"])
    count = image.size

    def label(step):
        row, col = divmod(step, image.shape[1])
        return output_label(window_at(image, kernel, row, col, mode=part["mode"],
                                      cval=part["cval"], flip=part["flip"]))

    page = browser.new_page()
    page.goto(f"{served}/{ZH}/notebooks/{path.stem}.html", wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    stepper = page.locator(".cu-site-stepper").first
    frame = stepper.locator("img.cu-site-stepper-frame")
    readout = stepper.locator(".cu-site-stepper-readout")
    stepper.scroll_into_view_if_needed()
    _wait(page, lambda: frame.evaluate(FRAME_DIGEST), "the first frame never loads")
    words = build_site.stepper_labels(part, build_site.CHINESE)
    said = build_site.stepper_steps(part, build_site.CHINESE)
    start = part["index"]
    assert readout.inner_text() == words["readout"].format(index=start, label=label(start))
    stepper.focus()
    page.keyboard.press("ArrowRight")
    step = start + 1
    values = {"index": step, "step": step + 1, "count": count, "label": label(step)}
    assert readout.inner_text() == words["readout"].format(**values)
    assert frame.get_attribute("alt").startswith(words["alt"].split("{what}")[0].format(**values))
    slider = stepper.locator(".cu-site-stepper-slider")
    assert slider.get_attribute("aria-valuetext") == words["valuetext"].format(**values)
    texts = browser_support.aria_status(stepper.aria_snapshot())
    assert texts == [said[step]["announcement"]] and HAN.search(texts[0]), texts
    products = stepper.locator(".cu-site-stepper-products").inner_text()
    total = words["sum"].format(count=kernel.size, sum=said[step]["sum"]).strip()
    assert total in products and words["products"] in products, products
    assert "products" not in products and "window" not in products
    play = stepper.locator(".cu-site-stepper-play")
    assert words["play"] in play.inner_text()
    play.click()
    _wait(page, lambda: words["pause"] in play.inner_text(), "play does not say pause")
    play.click()
    assert words["play"] in play.inner_text()
    page.close()


def test_the_language_switch_works_from_files(site, browser):
    """Opened from the folder (file://), no server: English -> Chinese -> English."""
    root, _ = site
    notebook = NOTEBOOKS[0].stem
    page = browser.new_page()
    for start, there, lang in [("index.html", f"{ZH}/index.html", "zh-CN"),
                               (f"{ZH}/notebooks/{notebook}.html",
                                f"notebooks/{notebook}.html", "en")]:
        page.goto((root / start).as_uri(), wait_until="load")
        page.locator("a.cu-language-switch").first.click()
        page.wait_for_load_state("load")
        assert page.url == (root / there).as_uri(), f"from {start}: {page.url}"
        assert page.evaluate("document.documentElement.lang") == lang
    page.close()


def _announced(stepper) -> dict:
    texts = browser_support.aria_status(stepper.aria_snapshot())
    assert len(texts) == 1, f"one live region (role=status) expected, found {texts!r}"
    return browser_support.parse_announcement(texts[0])


def check_site_stepper_accessibility(page, stepper, number, part, label):
    """In the accessibility tree: named controls, each step announced, the products shown;
    from the keyboard alone (Tab, Enter, Space, arrows)."""
    controls = browser_support.aria_controls(stepper.aria_snapshot())
    assert [role for role, _ in controls].count("button") == 3 and ("slider", "position") in (
        controls), f"stepper {number}: controls {controls}"
    assert all(name for _, name in controls), f"stepper {number}: unnamed controls {controls}"
    image, kernel = np.asarray(part["image"], dtype=float), np.asarray(part["kernel"])
    count = image.size

    def check(announced, step):
        row, col = divmod(step, image.shape[1])
        assert (announced["step"], announced["count"], announced["row"], announced["col"]) == (
            step + 1, count, row, col), f"stepper {number}: at step {step} it says {announced}"
        assert f"output[{row}, {col}] = {announced['value']}" == label(step)
        products = stepper.locator(".cu-site-stepper-products").inner_text()
        assert f"{label(step)}" in products and "products" in products
        window = window_at(image, kernel, row, col, mode=part["mode"], cval=part["cval"],
                           flip=part["flip"])
        assert f"sum of the {window.products.size} products = {window.value:.2f}" in products

    stepper.locator(".cu-site-stepper-prev").focus()
    page.keyboard.press("Home")
    check(_announced(stepper), 0)
    page.keyboard.press("Tab")  # to forward
    seen = []
    for step in (1, 2, 3):
        page.keyboard.press("Enter")
        seen.append(_announced(stepper))
        check(seen[-1], step)
    assert len({a["step"] for a in seen}) == 3, "the announcement must change with each step"
    page.keyboard.press("Shift+Tab")  # to back
    page.keyboard.press(" ")
    check(_announced(stepper), 2)
    page.keyboard.press("Shift+Tab")  # to play
    page.keyboard.press("Enter")
    _wait(page, lambda: _announced(stepper)["step"] >= 5, f"stepper {number}: play did not step")
    page.keyboard.press("Enter")  # pause
    paused = _announced(stepper)
    assert "play" in stepper.locator(".cu-site-stepper-play").inner_text()
    time.sleep(3 * part["interval"] / 1000)
    assert _announced(stepper) == paused, f"stepper {number}: pause did not keep the step"
    page.keyboard.press("Enter")  # play on from there
    _wait(page, lambda: _announced(stepper)["step"] > paused["step"],
          f"stepper {number}: play did not go on from the step paused at")
    page.keyboard.press("Enter")
    assert _announced(stepper)["step"] > paused["step"] > 1, "play restarted from the start"


def test_frames_differ_from_step_to_step(site):
    root, _ = site
    folders = sorted((root / "_static" / "steppers").iterdir())
    assert folders
    for folder in folders:
        frames = sorted(folder.glob("*.png"))
        digests = {hashlib.sha256(f.read_bytes()).hexdigest() for f in frames}
        assert len(digests) == len(frames), f"{folder.name}: two steps share a picture"


def test_staging_folds_solutions_describes_figures_and_replaces_steppers(tmp_path):
    import base64

    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 10, 10)).save(buffer, "png")
    figure = new_output("display_data", data={
        "image/png": base64.b64encode(buffer.getvalue()).decode(),
        "text/plain": "<Figure size 400x300 with 2 Axes>"})
    part = {"version": 1, "image": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
            "kernel": [[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]],
            "mode": "nearest", "cval": 0.0, "flip": False, "index": 2, "interval": 300}
    stepper = new_output("display_data", data={build_site.STEPPER_MIME: part,
                                               "text/plain": "Interactive widget"})
    nb = new_notebook(cells=[
        new_markdown_cell("The figure shows a red square. [Contents](contents.ipynb)"),
        new_code_cell('show(a, title="a red square")', outputs=[figure]),
        new_code_cell("SlidingWindowStepper(x, k)", outputs=[stepper],
                      metadata={"tags": ["nbval-ignore-output"]}),
        new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
    ])
    counts = build_site.stage_notebook(nb, "09-scratch", tmp_path)
    assert counts == {"figures": 1, "steppers": 1, "frames": 9}
    assert "](../index.md)" in nb.cells[0].source  # the notebooks' contents page: the home page
    html_figure = nb.cells[1].outputs[0]["data"]["text/html"]
    assert set(nb.cells[1].outputs[0]["data"]) == {"text/html"}
    assert ('alt="Figure with 2 panels. The figure shows a red square. '
            'Titles: &#x27;a red square&#x27;."') in html_figure
    name = re.search(r'_static/figures/(\w+\.png)', html_figure).group(1)
    assert (tmp_path / "figures" / name).read_bytes() == buffer.getvalue()
    assert nb.cells[2].source == "SlidingWindowStepper(x, k)"
    player = nb.cells[2].outputs[0]["data"]["text/html"]
    assert 'class="cu-site-stepper"' in player and 'data-count="9"' in player
    assert 'data-start="2"' in player and "output[0, 2] = " in player
    assert len(list((tmp_path / "steppers" / "09-cell02").glob("*.png"))) == 9
    assert nb.cells[3].metadata["tags"] == ["solution", "hide-cell"]
