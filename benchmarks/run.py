"""Run every benchmark in this folder, one after the other: ``./course bench``.

Each ``bench_*.py`` module has a ``main()`` that measures side by side in one
run and prints ratios (times alone mean little on a shared, noisy machine).
Pass module names to run only some: ``./course bench filtering stepper``.

``./course bench mutants [NAME ...]`` runs the mutation check instead
(``benchmarks/mutants.py``: small bugs, one at a time, in a temporary copy of the
checkout; exit status 1 when the tests miss one). It is not part of a plain
``./course bench``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module   # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    if names[:1] == ["mutants"]:
        return _load(HERE / "mutants.py").main(names[1:])
    paths = sorted(HERE.glob("bench_*.py"))
    if names:
        wanted = {f"bench_{name.removeprefix('bench_').removesuffix('.py')}.py" for name in names}
        unknown = wanted - {p.name for p in paths}
        if unknown:
            print(f"error: no such benchmark: {sorted(unknown)}; available: "
                  f"{[p.stem.removeprefix('bench_') for p in paths]}", file=sys.stderr)
            return 2
        paths = [p for p in paths if p.name in wanted]
    for path in paths:
        print(f"== {path.stem} ==", flush=True)
        _load(path).main()
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
