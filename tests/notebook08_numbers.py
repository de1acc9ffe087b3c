"""The numbers notebook 08's prose and INSTRUCTORS.md quote from the saved benchmark run
(benchmarks/results/ladder.json), computed from the file alone, as the prose rounds them.
tests/test_notebook08_claims.py checks that the prose says them."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LADDER = ROOT / "benchmarks" / "results" / "ladder.json"


def two_figures(value: float) -> str:
    """``value`` rounded to two significant figures, with thousands separators.

    >>> two_figures(208.7), two_figures(14796.0), two_figures(0.37)
    ('210', '15,000', '0')
    """
    return f"{float(f'{value:.2g}'):,.0f}"


def span(values) -> str:
    """'a× to b×', one decimal, as the notebook prints a range of ratios.

    >>> span([2.04, 0.36, 1.0])
    '0.4× to 2.0×'
    """
    values = list(values)
    return f"{min(values):.1f}× to {max(values):.1f}×"


def prose_numbers(results: dict | None = None) -> dict[str, str]:
    results = results or json.loads(LADDER.read_text())
    loop = [row["seconds"]["loop"] / row["seconds"][name] for row in results["ladder"]
            for name in ("opencv", "opencv_tool")]
    fastest = results["fastest"]

    def of(dtype, key):
        return span(r[key] for r in fastest if dtype in (r["dtype"], "both"))

    return {
        "loop_lo": two_figures(min(loop)), "loop_hi": two_figures(max(loop)),
        "same_u8": of("uint8", "auto_over_same_type"), "fast_u8": of("uint8", "auto_over_fastest"),
        "same_f64": of("float64", "auto_over_same_type"),
        "fast_f64": of("float64", "auto_over_fastest"),
        "same_all": of("both", "auto_over_same_type"), "fast_all": of("both", "auto_over_fastest"),
        "scipy_all": of("both", "scipy_over_auto"),
    }


def _time(seconds: float) -> str:
    """As course_utils.timing.format_seconds prints it."""
    from course_utils.timing import format_seconds
    return format_seconds(seconds)


def fastest_table(results: dict | None = None) -> str:
    """INSTRUCTORS.md's table of OpenCV's fastest calls, from the saved run."""
    results = results or json.loads(LADDER.read_text())
    header = (f"{'input':<8} {'kernel':<11} {'auto':>8} {'filter2D':>9} {'fastest':>8}  "
              f"{'OpenCV fastest call (types)':<58} {'/same':>5} {'/fast':>5} {'scipy/':>6}")
    lines = [header, "-" * len(header)]
    for row in results["fastest"]:
        calls = {c["call"]: c for c in row["calls"]}
        package, same = row["calls"][0], next(c for c in row["calls"] if c.get("same_type"))
        fast = calls[row["fastest_opencv"]]
        written = f"{fast['call']} ({fast['input']} -> {fast['output'].split()[0]})"
        lines.append(f"{row['dtype']:<8} {row['kernel']:<11} {_time(package['seconds']):>8} "
                     f"{_time(same['seconds']):>9} {_time(fast['seconds']):>8}  {written:<58} "
                     f"{row['auto_over_same_type']:5.2f} {row['auto_over_fastest']:5.2f} "
                     f"{row['scipy_over_auto']:6.1f}")
    return "\n".join(lines)


def bank_table(results: dict | None = None) -> str:
    """INSTRUCTORS.md's bank table (bench_filtering.report's rows), from the saved run."""
    results = results or json.loads(LADDER.read_text())
    header = (f"{'input':<8} {'kernel':<11} {'auto':<10} {'correlate':>10} {'filter2D':>10} "
              f"{'tool':>10} {'tool f32':>10} {'/filter2D':>10} {'/tool':>7}")
    lines = [header, "-" * len(header)]
    for row in results["bank"]:
        lines.append(f"{row['dtype']:<8} {row['kernel']:<11} {row['method']:<10} "
                     f"{_time(row['correlate_auto']):>10} {_time(row['cv2_filter2D']):>10} "
                     f"{_time(row['opencv_tool']):>10} {_time(row['opencv_tool_float32']):>10} "
                     f"{row['ratio_filter2D']:>10.2f} {row['ratio_tool']:>7.2f}")
    return "\n".join(lines)
