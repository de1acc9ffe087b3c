"""Measuring speed the way the course reports it.

Times vary between runs and machines, so every measured number a notebook
prints goes on a line that starts with ``timing:``; nbval's sanitize file
(``tests/nbval_sanitize.cfg``) leaves the rest of such a line uncompared.
Speed *claims* are checked by ratios measured side by side in one run.
"""

from __future__ import annotations

import time

__all__ = ["best_time", "interleaved_minimum", "format_seconds", "timing_line"]


def best_time(func, *args, repeat: int = 5, number: int = 1, **kwargs) -> float:
    """The best of ``repeat`` runs of ``number`` calls, in seconds per call.

    The minimum is the least disturbed by whatever else the machine is doing.

    Examples
    --------
    >>> best_time(sum, range(10)) < 1
    True
    """
    if repeat < 1 or number < 1:
        raise ValueError(f"repeat and number must be at least 1, got {repeat} and {number}")
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func(*args, **kwargs)
        best = min(best, (time.perf_counter() - start) / number)
    return best


def interleaved_minimum(tasks: dict, rounds: int) -> dict:
    """Seconds per call of each task: the minimum over ``rounds`` interleaved rounds.

    Each round calls every task once, in order, so that a slow spell of a
    shared machine hits all of them alike instead of one task's whole series;
    a first round warms up (caches, allocator) and is not counted.

    Examples
    --------
    >>> times = interleaved_minimum({"short": lambda: sum(range(10)),
    ...                              "long": lambda: sum(range(100_000))}, rounds=3)
    >>> times["short"] < times["long"]
    True
    """
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, got {rounds}")
    best = {name: float("inf") for name in tasks}
    for round_index in range(rounds + 1):
        for name, call in tasks.items():
            start = time.perf_counter()
            call()
            seconds = time.perf_counter() - start
            if round_index > 0:
                best[name] = min(best[name], seconds)
    return best


def format_seconds(seconds: float) -> str:
    """A duration with a readable unit.

    Examples
    --------
    >>> format_seconds(0.00042), format_seconds(1.5), format_seconds(0.0123)
    ('420 µs', '1.50 s', '12.3 ms')
    """
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            digits = 2 if value < 10 else 1 if value < 100 else 0
            return f"{value:.{digits}f} {unit}"
    raise AssertionError("unreachable")


def timing_line(label: str, seconds: float) -> str:
    """One measured time as a ``timing:`` line (not compared by nbval).

    Examples
    --------
    >>> timing_line("correlate 512x512", 0.0123)
    'timing: correlate 512x512: 12.3 ms'
    """
    return f"timing: {label}: {format_seconds(seconds)}"
