"""Run every benchmark in this folder, one after the other: ``./course bench``.

Each ``bench_*.py`` module has a ``main()`` that measures side by side in one
run and prints ratios (times alone mean little on a shared, noisy machine).
Pass module names to run only some: ``./course bench filtering stepper``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
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
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
