"""Re-execute the course's notebooks in place, top to bottom, deterministically.

    ./course execute                      # every notebook in notebooks/
    ./course execute notebooks/01-*.ipynb # just some
    ./course execute --check              # execute in memory; list notebooks whose
                                          # saved outputs are stale (exit status 1)
    ./course execute --fresh-timings notebooks/08-*.ipynb
                                          # after ./course bench: save the new timings

Each notebook runs in a fresh kernel of this Python environment (the same kernel
nbval uses with --nbval-current-env), from its own folder. Afterwards the script
normalises what would otherwise change from run to run (widget model ids,
timing metadata, kernel metadata) and refuses to save outputs that hold an
error, an absolute path or a memory address. A notebook whose bytes would not
change is not rewritten, so running the script twice in a row changes no byte.

Determinism is shared work: notebooks seed their randomness, call
``use_course_style()`` (fixed figure size and DPI) and print measured times only
on ``timing:`` lines.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_TEXT = "Interactive widget: run this cell in JupyterLab to use it."
#: Kept beside WIDGET_TEXT: what the course website needs to redraw a stepper without a
#: kernel (SlidingWindowStepper._repr_mimebundle_ adds it; scripts/build_site.py reads it).
STEPPER_MIME = "application/vnd.course.stepper+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}
#: Output types whose text is checked for paths and addresses (images are base64).
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")
ABSOLUTE_PATH = re.compile(r"(?<![\w.~])(?:/work|/root|/home|/tmp|/Users)(?=/|\b)"
                           r"|(?<![\w\\])[A-Za-z]:[\\/]{1,4}[A-Za-z][\w .-]+[\\/]")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{6,16}>")
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"


def sanitize_patterns(path: Path = SANITIZE_FILE) -> list[tuple[re.Pattern, str]]:
    """The (regex, replacement) pairs of nbval's sanitize file: what nbval does not compare."""
    import configparser

    config = configparser.ConfigParser()
    config.read(path, encoding="utf-8")
    return [(re.compile(config[section]["regex"]), config[section]["replace"])
            for section in config.sections()]


class CurrentEnvKernelSpecs(KernelSpecManager):
    """'python3' always means this interpreter, whatever kernels the user installed."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == "python3":
            import ipykernel.kernelspec

            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())
        return super().get_kernel_spec(kernel_name)


def clear_outputs(nb) -> None:
    """Remove every output and execution count."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def normalise(nb) -> None:
    """Strip what varies between runs and what a reader does not need."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in nb.cells:
        for key in ("execution", "ExecuteTime"):
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                # Model ids are random and the widget state is not saved, so a
                # stored widget view could never render; say what it is instead.
                # Other parts of the bundle (STEPPER_MIME) are kept as they are.
                del data[WIDGET_MIME]
                data["text/plain"] = WIDGET_TEXT


def merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks into one output.

    How a kernel splits printed text into messages depends on timing, so the
    same cell can produce one stream output in one run and two in the next.
    """
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = previous.get("text", "") + output.get("text", "")
        else:
            merged.append(output)
    return merged


def output_texts(output) -> list[str]:
    """The human-readable texts of one output (not its base64 images)."""
    texts = []
    if output.get("output_type") == "stream":
        texts.append(output.get("text", ""))
    elif output.get("output_type") == "error":
        texts.append(f"{output.get('ename')}: {output.get('evalue')}")
        texts.extend(output.get("traceback", []))
    for mime, value in output.get("data", {}).items():
        if mime in TEXT_MIMES:
            texts.append(value if isinstance(value, str) else json.dumps(value))
    return texts


def problems(nb) -> list[str]:
    """Errors, absolute paths and memory addresses in the outputs."""
    found = []
    home = str(Path.home())
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index}: error {output.get('ename')}: {output.get('evalue')}")
                continue
            for text in output_texts(output):
                match = ABSOLUTE_PATH.search(text)
                if match or (len(home) > 1 and home in text) or str(ROOT) in text:
                    what = match.group(0) if match else (str(ROOT) if str(ROOT) in text else home)
                    found.append(f"cell {index}: output contains the absolute path {what!r}")
                match = MEMORY_ADDRESS.search(text)
                if match:
                    found.append(f"cell {index}: output contains a memory address "
                                 f"{match.group(0).strip()!r} (print something stable instead)")
    return found


def comparable(value, patterns):
    """Outputs with every string sanitized as nbval does; everything else unchanged."""
    if isinstance(value, str):
        for regex, replacement in patterns:
            value = regex.sub(replacement, value)
        return value
    if isinstance(value, dict):
        return {key: comparable(item, patterns) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item, patterns) for item in value]
    return value


def keep_unchanged_outputs(nb, old_outputs, patterns) -> None:
    """Where a cell's new outputs differ from its old ones only in what nbval does not
    compare (a ``timing:`` line, an address), keep the old ones: re-executing an
    unchanged notebook must change no byte."""
    for cell, old in zip(nb.cells, old_outputs, strict=True):
        if cell.cell_type == "code" and old is not None and old != cell.outputs:
            if comparable(old, patterns) == comparable(cell.outputs, patterns):
                cell.outputs = old


def render(nb) -> str:
    """The exact text a notebook is saved as."""
    return nbformat.writes(nb) + "\n"


def execute_notebook(nb, cwd: Path, timeout: int = 600, fresh_timings: bool = False):
    """Execute ``nb`` (a NotebookNode) in a fresh kernel started in ``cwd``, in place.

    Cells whose outputs did not change, up to nbval's sanitize patterns, keep their
    old outputs byte for byte (unless ``fresh_timings``). Returns the executed,
    normalised notebook; raises
    ``RuntimeError`` listing the problems (errors, absolute paths, addresses) when its
    outputs must not be saved.
    """
    old_outputs = [copy.deepcopy(cell.get("outputs")) for cell in nb.cells]
    clear_outputs(nb)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvKernelSpecs())
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}},
                            allow_errors=True, record_timing=False,
                            store_widget_state=False)
    client.execute(cwd=str(cwd))
    normalise(nb)
    if not fresh_timings:
        keep_unchanged_outputs(nb, old_outputs, sanitize_patterns())
    found = problems(nb)
    if found:
        raise RuntimeError("\n  ".join(found))
    nbformat.validate(nb)
    return nb


def execute(path: Path, timeout: int = 600, write: bool = True,
            fresh_timings: bool = False) -> bool:
    """Execute the notebook at ``path``; save it when ``write`` and its bytes change.

    Returns whether the saved bytes differ (or would differ) from the file's.
    """
    path = Path(path).resolve()
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    try:
        execute_notebook(nb, path.parent, timeout, fresh_timings)
    except RuntimeError as error:
        raise SystemExit(f"{path.name}: not saved:\n  {error}") from None
    after = render(nb)
    changed = after != before
    if changed and write:
        path.write_text(after, encoding="utf-8")
    return changed


def warm_up() -> None:
    """Build matplotlib's font cache now, so that its one-time notice never lands in
    a notebook's stderr output."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.font_manager  # noqa: F401


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to execute (default: every notebook in notebooks/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--check", action="store_true",
                        help="do not save; exit 1 if re-executing would change a notebook")
    parser.add_argument("--fresh-timings", action="store_true",
                        help="save new 'timing:' lines even where nothing else changed "
                             "(after re-running a benchmark whose results a notebook reads)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        print(f"no notebooks in {NOTEBOOKS.relative_to(ROOT)}/", file=sys.stderr)
        return 0
    for path in paths:
        if not path.is_file() or path.suffix != ".ipynb":
            print(f"error: no such notebook: {path}", file=sys.stderr)
            return 2
    warm_up()
    stale = []
    for path in paths:
        print(f"executing {path.name} ...", end=" ", file=sys.stderr, flush=True)
        changed = execute(path, args.timeout, write=not args.check,
                          fresh_timings=args.fresh_timings)
        if changed:
            stale.append(path.name)
        verb = ("would change" if args.check else "updated") if changed else "unchanged"
        print(verb, file=sys.stderr)
    if args.check and stale:
        print("stale outputs (run ./course execute): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
