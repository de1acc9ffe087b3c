"""Every matplotlib figure of the course, the widgets' static fallbacks included.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on. Pixels and number texts come from
:mod:`course_utils.display`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_choice, check_flag, check_image, check_kernel
from .display import (
    DISPLAY_MODES,
    check_display,
    light_text_on,
    no_minus_zero,
    significant_text,
    to_display,
)
from .kernels import KERNEL_BANK
from .playground_model import CUSTOM, playground_view
from .stepper import render_steps, step_count

__all__ = [
    "METHOD_COLOURS",
    "plot_timing_dots",
    "plot_cost_with_slopes",
    "plot_stripe_contrast",
    "use_course_style",
    "DISPLAY_MODES",
    "to_display",
    "show_image",
    "show_matrix",
    "show_signed",
    "show_stepper_steps",
    "show_kernel_result",
    "static_playground",
    "format_table",
    "plot_loss",
    "plot_timings",
    "plot_cost_vs_size",
    "show_stride_padding",
    "show_max_pool_grid",
    "show_channel_sum",
    "show_receptive_field",
    "show_feature_maps",
    "show_im2col",
    "stamps",
    "show_stamps",
    "show_template_match",
    "show_output_sizes",
    "show_mode_differences",
    "plot_difference_by_distance",
    "show_difference_frames",
]


#: Layout resolution of every course figure (dots per inch); inline PNGs use twice it.
FIGURE_DPI = 96.0


def use_course_style() -> None:
    """Fixed figure size, resolution and fonts, so every notebook looks alike and
    re-executing it gives the same pictures byte for byte.

    Figures are laid out at 96 dpi, so 10-point text is about 13 screen pixels in
    JupyterLab (72 dpi made it 10), and inside a notebook they are drawn at twice
    that resolution ("retina" PNGs shown at half their pixel size), so text and
    thin lines stay sharp on HiDPI screens.

    Examples
    --------
    >>> use_course_style()
    >>> plt.rcParams["figure.dpi"], plt.rcParams["font.size"]
    (96.0, 10.0)
    """
    plt.rcParams.update({
        "figure.figsize": (8.0, 4.0),
        "figure.dpi": FIGURE_DPI,
        "savefig.dpi": FIGURE_DPI,
        "font.size": 10.0,
        "axes.titlesize": 11.0,
        "image.interpolation": "nearest",
        "svg.hashsalt": "course",
    })
    _use_retina_pngs()


def _use_retina_pngs() -> None:
    """Inside IPython, draw inline figures at twice their dpi (a no-op elsewhere)."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing renders inline
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    return ax


def show_image(image, ax=None, title: str | None = None, cmap: str = "gray",
               vmin: float | None = 0, vmax: float | None = 255, axis_labels: bool = True):
    """Show an image with its pixel grid coordinates as axis labels.

    Grayscale images use ``cmap`` from ``vmin`` to ``vmax`` (0-255 by default,
    so that a darker picture looks darker); colour images are shown as RGB.

    Examples
    --------
    >>> ax = show_image(np.zeros((4, 4)), title="black")
    >>> ax.get_title()
    'black'
    """
    array = check_image(image)
    ax = _axes(ax)
    if array.ndim == 3:
        shown = array if array.dtype == np.uint8 else np.clip(array, 0, 255).astype(np.uint8)
        ax.imshow(shown)
    else:
        ax.imshow(array, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if title:
        ax.set_title(title)
    if axis_labels:
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    else:
        ax.set_axis_off()
    return ax


def show_matrix(matrix, ax=None, title: str | None = None, fmt: str = "{:g}",
                cmap: str = "Greys_r", vmin: float | None = None, vmax: float | None = None,
                highlight=None, fontsize: float = 10):
    """Draw a small matrix as coloured cells with its numbers written in them.

    Parameters
    ----------
    matrix : array_like
        2-D array, e.g. a kernel, an image patch or the products at one pixel.
    fmt : str
        Format for each number, e.g. ``"{:.1f}"``.
    highlight : array_like of bool, optional
        Cells drawn with a hatched orange edge (e.g. values that come from padding).

    Examples
    --------
    >>> ax = show_matrix([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], title="sharpen")
    >>> [t.get_text() for t in ax.texts][:3]
    ['0', '-1', '0']
    """
    array = check_image(matrix, name="matrix", ndims=(2,)).astype(np.float64)
    ax = _axes(ax)
    ax.imshow(array, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    shown = ax.images[-1]
    for (r, c), value in np.ndenumerate(array):
        # Dark text on light cells and light text on dark ones, whatever the colour map.
        color = "white" if light_text_on(shown.cmap(shown.norm(value))) else "black"
        text = no_minus_zero(fmt.format(value))
        ax.text(c, r, text, ha="center", va="center", color=color, fontsize=fontsize)
    if highlight is not None:
        for (r, c), flag in np.ndenumerate(np.asarray(highlight, dtype=bool)):
            if flag:
                ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False,
                                           edgecolor="tab:orange", hatch="//", linewidth=1))
    ax.set_xticks(range(array.shape[1]))
    ax.set_yticks(range(array.shape[0]))
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    if title:
        ax.set_title(title)
    return ax


def show_signed(result, ax=None, title: str | None = None, limit: float | None = None,
                colorbar: bool = True):
    """Show a signed filter response on a diverging map: blue negative, red positive.

    The colour scale is symmetric around 0 (``±limit``, by default the largest
    absolute value), so white always means "no response".

    Examples
    --------
    >>> ax = show_signed(np.array([[-2.0, 0.0, 1.0]]))
    >>> ax.images[0].get_clim()
    (-2.0, 2.0)
    """
    array = check_image(result, name="result", ndims=(2,)).astype(np.float64)
    ax = _axes(ax)
    if limit is None:
        limit = float(np.abs(array).max()) or 1.0
    image = ax.imshow(array, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="response")
    if title:
        ax.set_title(title)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    return ax


def show_stepper_steps(image, kernel, indices, mode: str = "reflect", cval: float = 0.0,
                       flip: bool = False, ax=None, title: str | None = None,
                       cell: int | None = None):
    """A few steps of the sliding-window stepper as one static figure.

    The frames are the very pictures the widget shows
    (:func:`course_utils.stepper.render_steps`), stacked top to bottom; use it
    where widgets do not render (GitHub, a plain notebook viewer). Without
    ``ax``, the figure is sized so that one frame pixel is one screen pixel.

    Parameters
    ----------
    image, kernel, mode, cval, flip
        As for :class:`course_utils.widgets.SlidingWindowStepper`.
    indices : sequence of int
        The steps to show, counted row by row from 0.
    title : str, optional
        Figure title (default: says which steps and whether it is a correlation
        or a convolution).
    cell : int, optional
        Side of one pixel's cell in screen pixels (smaller makes a smaller figure).

    Examples
    --------
    >>> ax = show_stepper_steps(np.zeros((3, 3)), np.ones((3, 3)), [0, 4])
    >>> ax.get_title()
    'sliding-window stepper at positions 0 and 4 of 0-8 (correlation)'
    """
    frames = render_steps(image, kernel, indices, mode=mode, cval=cval, flip=flip, cell=cell)
    if ax is None:
        height, width = frames.shape[:2]
        dpi = 72.0
        fig = plt.figure(figsize=(width / dpi, (height + 24) / dpi), dpi=dpi)
        ax = fig.add_axes((0, 0, 1, height / (height + 24)))
    ax.imshow(frames, interpolation="nearest")
    ax.set_axis_off()
    if title is None:
        numbers = [str(int(i)) for i in indices]
        listed = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 \
            else numbers[0]
        kind = "convolution" if flip else "correlation"
        title = (f"sliding-window stepper at position{'s' if len(numbers) > 1 else ''} "
                 f"{listed} of 0-{step_count(np.shape(image)) - 1} ({kind})")
    ax.set_title(title)
    return ax


def show_kernel_result(image, kernel, result, how: str = "clip", name: str | None = None,
                       flip: bool = False, mode: str = "reflect", axes=None,
                       limit: float | None = None, note: str | None = None):
    """Input, kernel and output side by side: the kernel playground as a static figure.

    Parameters
    ----------
    image : array_like
        H×W input.
    kernel : array_like
        The kernel as given (before any flip). With ``flip`` it is drawn rotated
        by 180°, as it is slid over the image; up to 7×7 its numbers are written in.
    result : array_like
        The filter result (e.g. from :func:`course_utils.playground.apply_kernel`).
    how : {'clip', 'abs', 'signed'}
        How to show the result: clipped to 0-255 (the lesson), absolute value,
        or signed on a diverging map with a colour bar.
    name, flip, mode
        Used in the titles (and ``flip`` for drawing the kernel as applied).
    axes : sequence of 3 axes, optional
    limit : float, optional
        Half-range of the signed colour scale (default: the largest |result|);
        values beyond it take the end colours and the colour bar gets arrows.
    note : str, optional
        A second line under the output's title (e.g. its min and max).

    Returns
    -------
    numpy.ndarray of matplotlib axes

    Examples
    --------
    >>> axes = show_kernel_result(np.zeros((5, 5)), [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    ...                           np.zeros((5, 5)), how="abs", name="laplacian")
    >>> [ax.get_title() for ax in axes]
    ['input', 'laplacian 3×3 (sum 0)', "output: |correlation|, 'reflect' border"]
    >>> axes = show_kernel_result(np.zeros((3, 3)), [[1, 2, 3]], np.zeros((3, 3)), flip=True)
    >>> [t.get_text() for t in axes[1].texts]   # drawn as it slides
    ['3', '2', '1']
    """
    how = check_display(how)
    kernel = check_kernel(kernel)
    flip = check_flag(flip, "flip")
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(11, 3.6),
                               gridspec_kw={"width_ratios": [1, 0.75, 1.2]})
    axes = np.asarray(axes).ravel()
    show_image(image, ax=axes[0], title="input")
    rows, cols = kernel.shape
    total = float(kernel.sum())
    title = f"{name or 'kernel'} {rows}×{cols} (sum {0.0 if abs(total) < 1e-12 else total:.3g})"
    if flip:
        kernel = kernel[::-1, ::-1]
        title += "\nrotated 180°, as it slides"
    bound = 1.5 * (float(np.abs(kernel).max()) or 1.0)  # light colours: numbers stay legible
    if rows <= 7 and cols <= 7:
        show_matrix(kernel, ax=axes[1], title=title, fmt="{:.3g}", cmap="RdBu_r",
                    vmin=-bound, vmax=bound, fontsize=9 if rows <= 5 else 7)
    else:
        axes[1].imshow(kernel, cmap="RdBu_r", vmin=-bound, vmax=bound)
        axes[1].set_title(title)
        axes[1].set_xlabel("column")
        axes[1].set_ylabel("row")
    operation = "convolution" if flip else "correlation"
    if how == "signed":
        title = f"output: signed {operation}, '{mode}' border"
        show_signed(result, ax=axes[2], title=title, limit=limit, colorbar=False)
        largest = float(np.abs(np.asarray(result, dtype=np.float64)).max())
        shown = axes[2].images[0]
        beyond = limit is not None and largest > limit
        axes[2].figure.colorbar(shown, ax=axes[2], fraction=0.046, pad=0.04,
                                label="response", extend="both" if beyond else "neither")
    else:
        label = f"|{operation}|" if how == "abs" else f"{operation} clipped"
        title = f"output: {label}, '{mode}' border"
        show_image(to_display(result, how), ax=axes[2], title=title)
    if note:
        axes[2].set_title(f"{title}\n{note}")
    return axes



def static_playground(image, kernel, flip: bool = False, mode: str = "reflect",
                      how: str = "clip", name: str | None = None, axes=None):
    """The kernel playground as a static figure: input, kernel and output side by side.

    The fallback where widgets do not run. It computes with the widget's own
    update (:func:`course_utils.playground_model.playground_view`) and shows
    what the widget shows: the kernel as it slides (rotated by 180° for a
    convolution), its sum, the output with the same display and, for
    'signed', the same colour scale, and the output's min and max under its title.

    Parameters
    ----------
    image : array_like
        H×W image.
    kernel : str or array_like
        A name in ``KERNEL_BANK`` or an M×N kernel.
    flip, mode, how
        As for the widget: convolution or correlation, border, display.
    name : str, optional
        Title for the kernel (default: its bank name or "custom").
    axes : sequence of 3 matplotlib axes, optional

    Returns
    -------
    numpy.ndarray of matplotlib axes

    Examples
    --------
    >>> axes = static_playground(np.eye(8) * 200, "sobel_x", how="signed")
    >>> [ax.get_title() for ax in axes][1]
    'sobel_x 3×3 (sum 0)'
    >>> axes[2].get_title().splitlines()[1]
    'min -600, max 600; colours ±600'
    """
    if isinstance(kernel, str):
        name = kernel if name is None else name
        kernel = KERNEL_BANK[check_choice(kernel, tuple(KERNEL_BANK), "kernel")]
    view = playground_view(image, kernel, flip, mode, how)
    note = f"min {significant_text(view.stats.minimum)}, max {significant_text(view.stats.maximum)}"
    if view.limit is not None:
        note += f"; colours ±{significant_text(view.limit)}"
    return show_kernel_result(image, kernel, view.result, how=how, name=name or CUSTOM,
                              flip=flip, mode=mode, axes=axes, limit=view.limit, note=note)

def format_table(rows, header) -> str:
    """Rows of values as an aligned plain-text table (numbers right-aligned).

    Examples
    --------
    >>> print(format_table([["sharpen", 0], ["small_blur", 1234]], ["kernel", "pixels"]))
    kernel      pixels
    ----------  ------
    sharpen          0
    small_blur    1234
    """
    text = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in text) for i in range(len(header))]
    numeric = [all(isinstance(row[i], (int, float, np.number)) for row in rows)
               for i in range(len(header))]
    lines = []
    for index, row in enumerate(text):
        cells = [cell.rjust(w) if num else cell.ljust(w)
                 for cell, w, num in zip(row, widths, numeric, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)



def plot_loss(losses, ax=None, title: str = "Loss during gradient descent", label=None):
    """Loss against gradient step, on a log scale (a straight line = steady convergence).

    Examples
    --------
    >>> ax = plot_loss([1.0, 0.1, 0.01])
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'step')
    """
    values = np.asarray(losses, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"losses must be a non-empty 1-D sequence, got shape {values.shape}")
    ax = _axes(ax)
    ax.semilogy(np.arange(values.size), values, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("mean squared error")
    ax.set_title(title)
    if label is not None:
        ax.legend()
    return ax


def plot_timings(seconds: dict, ax=None, title: str = "Time per call",
                 reference: str | None = None):
    """Horizontal bars of times on a log axis; missing (None) entries are marked.

    With ``reference``, each bar is labelled with its speed-up over that entry.

    Examples
    --------
    >>> ax = plot_timings({"loop": 1.0, "fast": 0.001}, reference="loop")
    >>> ax.get_xscale(), [t.get_text() for t in ax.texts]
    ('log', ['1×', '1000×'])
    """
    names = list(seconds)
    ax = _axes(ax)
    values = [seconds[n] if seconds[n] is not None else np.nan for n in names]
    positions = np.arange(len(names))
    ax.barh(positions, values, color="tab:blue")
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(right=np.nanmax(values) * 6)  # room for the labels
    ax.set_xlabel("seconds per call (log scale)")
    ax.set_title(title)
    for y, name in enumerate(names):
        value = seconds[name]
        if value is None:
            ax.text(np.nanmin(values), y, " skipped (memory)", va="center", fontsize=8)
        elif reference is not None:
            ax.text(value, y, f"{seconds[reference] / value:.0f}×", va="center", fontsize=8)
    return ax


def plot_cost_vs_size(sizes, series: dict, ax=None, title: str = "Cost against kernel size",
                      crossover: int | None = None, crossover_label: str | None = None):
    """Time against kernel side length, both axes logarithmic, one line per method.

    ``crossover`` draws a dashed vertical line at that kernel side, labelled
    ``crossover_label`` (by default "FFT wins from M×M").

    Examples
    --------
    >>> ax = plot_cost_vs_size([3, 5], {"a": [1e-3, 3e-3], "b": [2e-3, None]}, crossover=5)
    >>> ax.get_xscale(), len(ax.get_lines())
    ('log', 3)
    """
    ax = _axes(ax)
    sizes = np.asarray(sizes, dtype=np.float64)
    for name, values in series.items():
        y = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        ax.loglog(sizes, y, marker="o", markersize=3, label=name)
    if crossover is not None:
        ax.axvline(crossover, color="grey", linestyle="--", linewidth=1,
                   label=crossover_label or f"FFT wins from {crossover}×{crossover}")
    ax.set_xticks(sizes, [f"{int(s)}" for s in sizes])
    ax.minorticks_off()
    ax.set_xlabel("kernel side M (an M×M kernel), log scale")
    ax.set_ylabel("seconds per call (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


# --- notebook 05: box against Gaussian (issue 14) ---------------------------------------------

def plot_stripe_contrast(periods, contrasts: dict, ax=None,
                         title: str = "What a blur leaves of stripes"):
    """Contrast left after a blur against the stripes' period, one line per blur.

    ``contrasts`` maps a blur's name to the contrast of the blurred stripes
    (1 = untouched, 0 = flat grey, below 0 = bright and dark swapped) at each
    period of ``periods``. A grey line marks 0.

    Examples
    --------
    >>> ax = plot_stripe_contrast([8, 16], {"box": [-0.1, 0.3], "gauss": [0.01, 0.2]})
    >>> len(ax.get_lines()), ax.get_xlabel()
    (3, 'stripe period (pixels: one bright and one dark stripe)')
    """
    ax = _axes(ax)
    periods = np.asarray(periods, dtype=np.float64)
    ax.axhline(0, color="grey", linewidth=1)
    for name, values in contrasts.items():
        ax.plot(periods, np.asarray(values, dtype=np.float64), marker="o", markersize=4,
                label=name)
    ax.set_xlabel("stripe period (pixels: one bright and one dark stripe)")
    ax.set_ylabel("contrast left (1 = all, < 0 = swapped)")
    ax.set_title(title)
    ax.legend(fontsize=9)
    return ax


# --- notebook 07: dot plots, one colour per method, slope guides (issue 14) ---------------------

#: One colour per method of notebook 07, the same in every panel.
METHOD_COLOURS = {
    "loop": "#7f7f7f", "windows": "#1f77b4", "shift_add": "#ff7f0e", "im2col": "#2ca02c",
    "separable": "#d62728", "integral": "#9467bd", "fft": "#8c564b", "opencv": "#e377c2",
    "opencv_tool": "#17becf", "correlate_auto": "#000000", "package_direct": "#bcbd22",
    "package_fft": "#aec7e8",
}


def _method_colour(name: str) -> str:
    return METHOD_COLOURS.get(name, "#555555")


def plot_timing_dots(seconds: dict, ax=None, title: str = "Time per call",
                     reference: str | None = None):
    """A dot per method on a logarithmic time axis (a dot plot: on a log axis a bar's length
    means nothing), coloured by :data:`METHOD_COLOURS`; missing (None) entries are marked.

    With ``reference``, each dot is labelled with its speed-up over that entry.

    Examples
    --------
    >>> ax = plot_timing_dots({"loop": 1.0, "fft": 0.001}, reference="loop")
    >>> ax.get_xscale(), [t.get_text() for t in ax.texts]
    ('log', ['1×', '1000×'])
    """
    names = list(seconds)
    ax = _axes(ax)
    values = np.array([np.nan if seconds[n] is None else seconds[n] for n in names],
                      dtype=np.float64)
    positions = np.arange(len(names))
    ax.hlines(positions, np.nanmin(values) / 3, np.nanmax(values) * 8, color="#e0e0e0",
              linewidth=0.8, zorder=0)
    for y, name in enumerate(names):
        if not np.isnan(values[y]):
            ax.plot(values[y], y, "o", color=_method_colour(name), markersize=7)
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(np.nanmin(values) / 3, np.nanmax(values) * 8)
    ax.set_xlabel("seconds per call (log scale)")
    ax.set_title(title)
    for y, name in enumerate(names):
        value = seconds[name]
        if value is None:
            ax.text(np.nanmin(values), y, " skipped (memory)", va="center", fontsize=9)
        elif reference is not None:
            ax.text(value * 1.4, y, f"{seconds[reference] / value:.0f}×", va="center",
                    fontsize=9)
    return ax


def plot_cost_with_slopes(sizes, series: dict, ax=None, title: str = "Cost against kernel size",
                          crossover: int | None = None, crossover_label: str | None = None,
                          guides=(2, 1, 0)):
    """Time against kernel side, log-log, one line per method in its :data:`METHOD_COLOURS`
    colour, with thin grey guide lines of the slopes ``guides`` (a cost ∝ M^k is a line of
    slope k) to read the methods' slopes against.

    Examples
    --------
    >>> ax = plot_cost_with_slopes([3, 9, 27], {"fft": [1e-3, 1e-3, 1e-3]}, guides=(2, 0))
    >>> ax.get_xscale(), [t.get_text() for t in ax.texts]
    ('log', ['slope 2', 'slope 0'])
    """
    ax = _axes(ax)
    sizes = np.asarray(sizes, dtype=np.float64)
    for name, values in series.items():
        y = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        ax.loglog(sizes, y, marker="o", markersize=4, label=name, color=_method_colour(name))
    every = np.array([v for values in series.values() for v in values if v is not None],
                     dtype=np.float64)
    anchor = float(np.exp(np.mean(np.log(every))))   # the guides start mid-height
    start, stop = sizes[0] * 1.05, sizes[-1] / 1.05
    for slope in guides:
        xs = np.array([start, stop])
        ys = anchor * (xs / start) ** slope / (stop / start) ** (slope / 2)
        ax.plot(xs, ys, color="grey", linewidth=0.8, linestyle=":")
        ax.text(stop, ys[1], f"slope {slope}", fontsize=9, color="grey", va="center",
                ha="left")
    if crossover is not None:
        ax.axvline(crossover, color="grey", linestyle="--", linewidth=1,
                   label=crossover_label or f"FFT wins from {crossover}×{crossover}")
    ax.set_xticks(sizes, [f"{int(s)}" for s in sizes])
    ax.minorticks_off()
    ax.set_xlim(sizes[0] / 1.1, sizes[-1] * 1.6)
    ax.set_xlabel("kernel side M (an M×M kernel), log scale")
    ax.set_ylabel("seconds per call (log scale)")
    ax.set_title(title)
    ax.legend(fontsize=9)
    return ax


# --- notebook 06: the geometry of a CNN layer, drawn from course_utils.cnn -----------------

def _grid(ax, rows: int, cols: int, shade=None, labels=None, fontsize: float = 9):
    """Draw a rows×cols grid of cells; ``shade`` is a boolean mask of grey cells."""
    for r in range(rows):
        for c in range(cols):
            grey = shade is not None and shade[r, c]
            ax.add_patch(plt.Rectangle((c, r), 1, 1, facecolor="0.82" if grey else "white",
                                       edgecolor="0.55", linewidth=0.8))
            if labels is not None:
                ax.text(c + 0.5, r + 0.5, labels[r][c], ha="center", va="center",
                        fontsize=fontsize, color="0.45" if grey else "black")
    ax.set_xlim(-0.2, cols + 0.2)
    ax.set_ylim(rows + 1.6, -0.2)
    ax.set_aspect("equal")
    ax.axis("off")


_WINDOW_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")


def show_stride_padding(height: int = 5, width: int = 6, kernel_size: int = 3,
                        strides=(1, 2), padding: int = 1, windows: int = 3, axes=None):
    """Where a layer's first windows fall, at each stride, with the zero padding shaded.

    The windows are read off :func:`~course_utils.valid.im2col` of the pixel numbers
    (column k is the window of output pixel k); the padded cells hold 0.

    Examples
    --------
    >>> axes = show_stride_padding(4, 5, 3, strides=(1, 2), windows=2)
    >>> len(axes), len(axes[0].patches) > 30
    (2, True)
    >>> plt.close("all")
    """
    from .valid import conv_output_size, im2col
    if axes is None:
        _, axes = plt.subplots(1, len(strides), figsize=(4.2 * len(strides), 3.6))
    axes = np.atleast_1d(axes)
    numbers = np.arange(1, height * width + 1, dtype=np.float64).reshape(height, width)
    rows, cols = height + 2 * padding, width + 2 * padding
    shade = np.ones((rows, cols), dtype=bool)
    shade[padding:padding + height, padding:padding + width] = False
    labels = np.zeros((rows, cols), dtype=int)
    labels[padding:padding + height, padding:padding + width] = numbers
    for ax, stride in zip(axes, strides, strict=True):
        _grid(ax, rows, cols, shade, [[str(v) for v in row] for row in labels])
        columns = im2col(numbers, (kernel_size, kernel_size), stride, padding)
        out_w = conv_output_size(width, kernel_size, stride, padding)
        out_h = conv_output_size(height, kernel_size, stride, padding)
        for k in range(min(windows, columns.shape[1])):
            i, j = divmod(k, out_w)
            colour = _WINDOW_COLOURS[k % len(_WINDOW_COLOURS)]
            ax.add_patch(plt.Rectangle((stride * j + 0.08 + 0.06 * k, stride * i + 0.08),
                                       kernel_size - 0.16, kernel_size - 0.16, fill=False,
                                       edgecolor=colour, linewidth=2.2))
            ax.text(cols * k / windows, rows + 0.7 + 0 * i, f"out (0, {j})",
                    color=colour, fontsize=9.5, va="top")
        ax.set_title(f"stride {stride}, padding {padding}: output {out_h}×{out_w}\n"
                     f"(grey = zero padding)", fontsize=10)
    return axes


def show_max_pool_grid(a, size: int = 2, axes=None):
    """A map cut into size×size blocks, each block's maximum circled, and the pooled map
    (:func:`~course_utils.cnn.max_pool`) beside it.

    Examples
    --------
    >>> axes = show_max_pool_grid(np.arange(16).reshape(4, 4))
    >>> len(axes)
    2
    >>> plt.close("all")
    """
    from .cnn import max_pool
    a = np.asarray(a, dtype=np.float64)
    pooled = max_pool(a, size)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(7.5, 3.4),
                               gridspec_kw={"width_ratios": [a.shape[1], pooled.shape[1] + 1]})
    kept = a.shape[0] // size * size, a.shape[1] // size * size
    dropped = np.ones(a.shape, dtype=bool)
    dropped[:kept[0], :kept[1]] = False
    _grid(axes[0], *a.shape, dropped, [[f"{v:g}" for v in row] for row in a])
    for r in range(0, kept[0], size):
        for c in range(0, kept[1], size):
            axes[0].add_patch(plt.Rectangle((c, r), size, size, fill=False, edgecolor="black",
                                            linewidth=2))
            block = a[r:r + size, c:c + size]
            m, n = np.unravel_index(np.argmax(block), block.shape)
            axes[0].add_patch(plt.Circle((c + n + 0.5, r + m + 0.5), 0.38, fill=False,
                                         edgecolor="tab:red", linewidth=2))
    axes[0].set_title(f"input {a.shape[0]}×{a.shape[1]}, {size}×{size} blocks\n"
                      "(red = kept maximum, grey = left over, dropped)", fontsize=10)
    _grid(axes[1], *pooled.shape, labels=[[f"{v:g}" for v in row] for row in pooled])
    axes[1].set_title(f"max pool: {pooled.shape[0]}×{pooled.shape[1]}", fontsize=10)
    return axes


def show_channel_sum(x, filter_weights, bias: float = 0.0, names=("red", "green", "blue"),
                     axes=None):
    """One filter of a layer: each input channel correlated with its own kernel, and the
    channel results added (plus the bias) into ONE map, computed by
    :func:`~course_utils.cnn.conv2d`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> axes = show_channel_sum(rng.normal(size=(3, 8, 8)), rng.normal(size=(3, 3, 3)))
    >>> len(axes)
    4
    >>> plt.close("all")
    """
    from .cnn import conv2d
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(filter_weights, dtype=np.float64)
    parts = [conv2d(x[c], w[c], padding=1)[0] for c in range(x.shape[0])]
    total = conv2d(x, w[None], [bias], padding=1)[0]
    limit = max(np.percentile(np.abs(p), 99) for p in parts + [total]) or 1.0
    if axes is None:
        aspect = x.shape[1] / x.shape[2]
        fig, axes = plt.subplots(1, x.shape[0] + 1,
                                 figsize=(3.2 * (x.shape[0] + 1), 3.2 * aspect + 0.7))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, wspace=0.06)
    for c, ax in enumerate(axes[:-1]):
        ax.imshow(parts[c], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"{names[c]} channel ⋆ its kernel" + (" +" if c < x.shape[0] - 1 else
                                                           " ="), fontsize=10)
        ax.axis("off")
    axes[-1].imshow(total, cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[-1].set_title(f"one map (sum + bias {bias:g})", fontsize=10)
    axes[-1].axis("off")
    return axes


def show_receptive_field(size: int = 9, kernel_size: int = 3, layers: int = 2, axes=None):
    """The pixels one output pixel depends on, layer by layer: each 3×3 layer widens the
    field by 2 (read off :func:`~course_utils.cnn.compose_kernels` of all-ones kernels).

    Examples
    --------
    >>> axes = show_receptive_field(7)
    >>> len(axes)
    3
    >>> plt.close("all")
    """
    from .cnn import compose_kernels
    if axes is None:
        _, axes = plt.subplots(1, layers + 1, figsize=(3.3 * (layers + 1), 3.4))
    ones = np.ones((kernel_size, kernel_size))
    field = np.ones((1, 1))
    centre = size // 2
    names = ["input"] + [f"layer {k}" for k in range(1, layers + 1)]
    fields = []
    for _ in range(layers + 1):
        fields.append(field)
        field = compose_kernels(field, ones)
    for k, ax in enumerate(axes):
        depth = layers - k                        # how many layers above this grid
        f = fields[depth]
        mask = np.zeros((size, size), dtype=bool)
        half = f.shape[0] // 2
        mask[centre - half:centre + half + 1, centre - half:centre + half + 1] = f > 0
        for r in range(size):
            for c in range(size):
                ax.add_patch(plt.Rectangle((c, r), 1, 1, edgecolor="0.6", linewidth=0.6,
                                           facecolor="tab:orange" if mask[r, c] else "white"))
        ax.set_xlim(0, size)
        ax.set_ylim(size, 0)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"{names[k]}: {f.shape[0]}×{f.shape[1]} pixels\nfeed the one output"
                     if depth else f"{names[k]}: the one output pixel", fontsize=10)
    return axes


def show_feature_maps(maps, titles, limit: float | None = None, ncols: int | None = None,
                      signed: bool = True, width: float = 3.4):
    """Several maps side by side on ONE colour scale (signed: blue < 0 < red).

    Examples
    --------
    >>> axes = show_feature_maps(np.zeros((2, 4, 4)) + [[[1.0]], [[-1.0]]], ["a", "b"])
    >>> len(axes)
    2
    >>> plt.close("all")
    """
    maps = np.asarray(maps, dtype=np.float64)
    ncols = ncols or len(maps)
    nrows = -(-len(maps) // ncols)
    aspect = maps.shape[1] / maps.shape[2]
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, width * aspect * nrows + 0.6),
                             squeeze=False)
    if limit is None:
        limit = float(np.percentile(np.abs(maps), 99)) or 1.0
    image = None
    for ax, m, title in zip(axes.ravel(), maps, titles, strict=False):
        image = ax.imshow(m, cmap="RdBu_r" if signed else "gray",
                          vmin=-limit if signed else 0, vmax=limit)
        ax.set_title(title, fontsize=10)
        ax.axis("off")
    for ax in axes.ravel()[len(maps):]:
        ax.axis("off")
    fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8, pad=0.02)
    return list(axes.ravel()[:len(maps)])


def show_im2col(image, kernel_size: int = 3, axes=None):
    """An image with each window outlined in its own colour, and
    :func:`~course_utils.valid.im2col`'s matrix with each window's column in the same colour.

    Examples
    --------
    >>> axes = show_im2col(np.arange(16).reshape(4, 4))
    >>> len(axes)
    2
    >>> plt.close("all")
    """
    from .valid import im2col
    image = np.asarray(image)
    columns = im2col(image, (kernel_size, kernel_size))
    out_h, out_w = image.shape[0] - kernel_size + 1, image.shape[1] - kernel_size + 1
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.6, 4.0),
                               gridspec_kw={"width_ratios": [image.shape[1] + 1,
                                                             columns.shape[1] + 1]})
    _grid(axes[0], *image.shape, labels=[[f"{v:g}" for v in row] for row in image])
    _grid(axes[1], *columns.shape, labels=[[f"{v:g}" for v in row] for row in columns])
    for k in range(columns.shape[1]):
        i, j = divmod(k, out_w)
        colour = _WINDOW_COLOURS[k % len(_WINDOW_COLOURS)]
        inset = 0.06 + 0.05 * k
        axes[0].add_patch(plt.Rectangle((j + inset, i + inset), kernel_size - 2 * inset,
                                        kernel_size - 2 * inset, fill=False, edgecolor=colour,
                                        linewidth=2.2))
        axes[1].add_patch(plt.Rectangle((k + 0.06, 0.06), 0.88, columns.shape[0] - 0.12,
                                        fill=False, edgecolor=colour, linewidth=2.2))
    axes[0].set_title(f"image {image.shape[0]}×{image.shape[1]}: {out_h * out_w} windows "
                      f"of {kernel_size}×{kernel_size}", fontsize=10)
    axes[1].set_title(f"im2col: {columns.shape[0]}×{columns.shape[1]}, one column per window\n"
                      "(the window read row by row)", fontsize=10)
    return axes


# --- notebook 02: the scatter view of convolution and template matching -------------------

def stamps(image, kernel) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Each nonzero pixel's stamp: ``image[r, c] * kernel`` laid with its centre on
    ``(r, c)``, on zeros the size of the image (the scatter view of convolution).

    Every kernel must fit inside the image around each nonzero pixel; then the sum
    of the stamps is ``convolve(image, kernel)``.

    Examples
    --------
    >>> image = np.zeros((5, 5)); image[2, 1] = 2
    >>> [(where, stamp[1:4, 0:3].tolist()) for where, stamp in stamps(image, [[0, 0, 0],
    ...                                                               [0, 0, 1], [0, 0, 0]])]
    [((2, 1), [[0.0, 0.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]])]
    """
    array = check_image(image, name="image", ndims=(2,)).astype(np.float64)
    kernel = check_kernel(kernel)
    rows, cols = kernel.shape
    half_rows, half_cols = (rows - 1) // 2, (cols - 1) // 2
    result = []
    for r, c in zip(*np.nonzero(array), strict=True):
        if not (half_rows <= r < array.shape[0] - half_rows
                and half_cols <= c < array.shape[1] - half_cols):
            raise ValueError(f"image has a nonzero pixel at ({r}, {c}), where the kernel of "
                             f"shape {kernel.shape} does not fit; keep nonzero pixels at "
                             "least half a kernel from the edge")
        stamp = np.zeros_like(array)
        stamp[r - half_rows:r + half_rows + 1, c - half_cols:c + half_cols + 1] = \
            array[r, c] * kernel
        result.append(((int(r), int(c)), stamp))
    return result


def show_stamps(image, kernel, axes=None):
    """The scatter view of convolution: the input, the kernel, each nonzero pixel's
    stamp (a scaled copy of the kernel centred on it) and the sum of the stamps.

    All panels share one colour scale (the kernel's own too), so a number means the
    same colour everywhere. Returns the axes: input, kernel, sum, then one per stamp.

    Examples
    --------
    >>> image = np.zeros((5, 5)); image[1, 1] = 1; image[3, 2] = 2
    >>> axes = show_stamps(image, [[1, 2, 3], [0, 0, 2], [0, 0, 1]])
    >>> [ax.get_title() for ax in axes][:3]
    ['input: 2 nonzero pixels', 'kernel', 'sum of the stamps']
    """
    array = check_image(image, name="image", ndims=(2,)).astype(np.float64)
    kernel = check_kernel(kernel)
    laid = stamps(array, kernel)
    total = sum((stamp for _, stamp in laid), np.zeros_like(array))
    panels = 3 + len(laid)
    if axes is None:
        columns = max(3, len(laid))
        fig, grid = plt.subplots(2, columns, figsize=(3.1 * columns, 6.4))
        axes = list(grid[0][:3]) + list(grid[1][:len(laid)])
        for ax in [*grid[0][3:], *grid[1][len(laid):]]:
            ax.set_axis_off()
    if len(axes) != panels:
        raise ValueError(f"axes must hold {panels} axes (input, kernel, sum and "
                         f"{len(laid)} stamps), got {len(axes)}")
    top = float(max(np.abs(total).max(), np.abs(array).max(), np.abs(kernel).max())) or 1.0
    common = {"cmap": "RdBu_r", "vmin": -top, "vmax": top, "fmt": "{:g}"}
    show_matrix(array, ax=axes[0], title=f"input: {len(laid)} nonzero pixels", **common)
    show_matrix(kernel, ax=axes[1], title="kernel", **common)
    show_matrix(total, ax=axes[2], title="sum of the stamps", **common)
    for ax, ((r, c), stamp) in zip(axes[3:], laid, strict=True):
        show_matrix(stamp, ax=ax, title=f"stamp of pixel ({r}, {c}) = {array[r, c]:g} × kernel",
                    **common)
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black",
                                   linewidth=2.5))
    axes[0].figure.tight_layout()
    return axes


def show_template_match(image, template, responses, axes=None):
    """Template matching: the image, the template, and each response map with its
    peak (the best match) circled.

    ``responses`` maps a panel title to a response (same shape as the image); the
    responses share one symmetric colour scale. Returns the axes.

    Examples
    --------
    >>> image = np.zeros((6, 6)); image[2, 3] = 1
    >>> axes = show_template_match(image, [[1.0]], {"correlation": image})
    >>> axes[2].get_title()
    'correlation: peak at (2, 3)'
    """
    array = check_image(image, name="image", ndims=(2,)).astype(np.float64)
    template = check_image(template, name="template", ndims=(2,)).astype(np.float64)
    maps = {str(name): check_image(r, name=f"responses[{name!r}]", ndims=(2,))
            .astype(np.float64) for name, r in dict(responses).items()}
    if axes is None:  # the image and the template above, the responses below
        columns = max(2, len(maps))
        fig, grid = plt.subplots(2, columns, figsize=(4.3 * columns, 6.4))
        axes = [grid[0][0], grid[0][1], *grid[1][:len(maps)]]
        for ax in [*grid[0][2:], *grid[1][len(maps):]]:
            ax.set_axis_off()
    axes = list(np.atleast_1d(axes))
    show_image(array, ax=axes[0], title="image", vmin=0, vmax=float(array.max()) or 1.0)
    show_matrix(template, ax=axes[1], title="template (kernel)", cmap="RdBu_r",
                vmin=-float(np.abs(template).max()), vmax=float(np.abs(template).max()),
                fmt="{:.1f}", fontsize=9)
    limit = max(float(np.abs(r).max()) for r in maps.values()) or 1.0
    for ax, (name, response) in zip(axes[2:], maps.items(), strict=True):
        show_signed(response, ax=ax, limit=limit)
        r, c = np.unravel_index(int(np.argmax(response)), response.shape)
        ax.plot(c, r, marker="o", markersize=16, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=2)
        ax.set_title(f"{name}: peak at ({r}, {c})")
    axes[0].figure.tight_layout()
    return axes


# --- notebooks 03 and 04: output sizes, border modes, where two filters differ ----------

def show_output_sizes(image_shape=(5, 7), kernel_shape=(3, 3)):
    """Three panels: where the kernel's centre goes for 'valid', 'same' and 'full' output.

    The image's pixels are grey squares; every blue dot is one output pixel (a place
    for the kernel's centre); the orange box is the kernel at the first output pixel.

    Examples
    --------
    >>> axes = show_output_sizes((4, 5), (3, 3))
    >>> [ax.get_title().split(":")[0] for ax in axes]
    ["'valid'", "'same'", "'full'"]
    """
    (height, width), (rows, cols) = image_shape, kernel_shape
    half_r, half_c = (rows - 1) // 2, (cols - 1) // 2
    fig, axes = plt.subplots(1, 3, figsize=(11, 4.2))
    for ax, how in zip(axes, ("valid", "same", "full"), strict=True):
        grow_r = {"valid": -half_r, "same": 0, "full": half_r}[how]
        grow_c = {"valid": -half_c, "same": 0, "full": half_c}[how]
        for y in range(height):
            for x in range(width):
                ax.add_patch(plt.Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="0.82",
                                           edgecolor="white", linewidth=1.5))
        centres_y = np.arange(-grow_r, height + grow_r)
        centres_x = np.arange(-grow_c, width + grow_c)
        yy, xx = np.meshgrid(centres_y, centres_x, indexing="ij")
        ax.plot(xx.ravel(), yy.ravel(), "o", color="tab:blue", markersize=6)
        top, left = centres_y[0] - half_r, centres_x[0] - half_c
        ax.add_patch(plt.Rectangle((left - 0.5, top - 0.5), cols, rows, fill=False,
                                   edgecolor="tab:orange", linewidth=2.5))
        ax.set_xlim(-2 * half_c - 0.8, width + 2 * half_c - 0.2)
        ax.set_ylim(height + 2 * half_r - 0.2, -2 * half_r - 0.8)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"'{how}': {len(centres_y)}×{len(centres_x)} output")
    fig.suptitle(f"A {height}×{width} image (grey) and a {rows}×{cols} kernel: each blue dot "
                 "is one output pixel; orange: the kernel at the first one")
    fig.tight_layout()
    return axes


def show_mode_differences(changes: dict, reference: str = "reflect",
                          unit: str = "grey levels"):
    """One panel per border mode, all on ONE colour scale: how far each is from ``reference``.

    ``changes`` maps a mode's name to its absolute difference from the reference
    (2-D arrays of one shape).

    Examples
    --------
    >>> axes = show_mode_differences({"a": np.zeros((4, 4)), "b": np.ones((4, 4))})
    >>> len(axes), axes[1].images[0].get_clim()
    (2, (0.0, 1.0))
    """
    top = max(float(np.max(change)) for change in changes.values()) or 1.0
    fig, axes = plt.subplots(1, len(changes), figsize=(3.1 * len(changes) + 1, 3.6),
                             layout="constrained", squeeze=False)
    axes = axes[0]
    for ax, (mode, change) in zip(axes, changes.items(), strict=True):
        shown = ax.imshow(change, cmap="magma", vmin=0, vmax=top, interpolation="nearest")
        ax.set_title(f"'{mode}', up to {float(np.max(change)):.0f}")
        ax.set_xlabel("column")
    axes[0].set_ylabel("row")
    fig.colorbar(shown, ax=axes, fraction=0.03, pad=0.02,
                 label=f"|mode - '{reference}'|, {unit}")
    fig.suptitle(f"How far each border mode is from '{reference}', one scale for all")
    return axes


def plot_difference_by_distance(changes: dict, reference: str = "reflect", ax=None,
                                title: str | None = None):
    """Mean absolute difference from ``reference`` against distance from the nearest edge.

    One line per mode; ``changes`` maps a mode's name to its absolute difference
    from the reference over a whole image.

    Examples
    --------
    >>> ax = plot_difference_by_distance({"a": np.ones((6, 6)), "b": np.zeros((6, 6))})
    >>> len(ax.get_lines())
    2
    """
    ax = _axes(ax)
    shape = next(iter(changes.values())).shape
    rows = np.arange(shape[0])[:, None]
    cols = np.arange(shape[1])[None, :]
    to_edge = np.minimum(np.minimum(rows, shape[0] - 1 - rows),
                         np.minimum(cols, shape[1] - 1 - cols))
    distances = np.arange(int(to_edge.max()) + 1)
    for mode, change in changes.items():
        means = np.bincount(to_edge.ravel(), weights=np.asarray(change, float).ravel(),
                            minlength=len(distances)) / np.bincount(to_edge.ravel())
        ax.plot(distances, means, marker="o", markersize=4, label=f"'{mode}'")
    ax.set_xlabel("distance from the nearest edge (pixels)")
    ax.set_ylabel(f"mean |mode - '{reference}'| (grey levels)")
    ax.set_title(title or f"How far each mode is from '{reference}', by distance from the edge")
    ax.legend()
    return ax


def show_difference_frames(diffs: dict, corner: int = 16):
    """Where two uint8 filter outputs differ, by how many grey levels: the whole image and
    its enlarged top-left corner, one row per kernel.

    ``diffs`` maps a kernel's name to ``(difference, half)``: the absolute difference
    (integers) and the kernel's half-width, whose frame is drawn dashed in the corner.

    Examples
    --------
    >>> axes = show_difference_frames({"k": (np.zeros((20, 20), int), 1)}, corner=8)
    >>> axes.shape
    (1, 2)
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap

    levels = ListedColormap(["white", "#f5dc85", "tab:orange", "darkred"])
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 9.5, 256], levels.N)
    fig, axes = plt.subplots(len(diffs), 2, figsize=(10.5, 4.6 * len(diffs)),
                             layout="constrained", squeeze=False)
    for row, (name, (diff, half)) in enumerate(diffs.items()):
        height, width = diff.shape
        ax = axes[row, 0]
        shown = ax.imshow(diff, cmap=levels, norm=norm, interpolation="nearest")
        ax.set_xlim(-6.5, width + 5.5)  # a white margin keeps a 1-pixel frame off the edge
        ax.set_ylim(height + 5.5, -6.5)
        ax.add_patch(plt.Rectangle((-0.5, -0.5), corner, corner, fill=False,
                                   edgecolor="tab:blue", linewidth=1.5))
        ax.set_title(f"{name}: whole image (blue box: the corner)")
        ax.set_xlabel("column")
        ax.set_ylabel("row")
        ax = axes[row, 1]
        ax.imshow(diff[:corner, :corner], cmap=levels, norm=norm, interpolation="nearest")
        ax.set_xticks(range(0, corner, 3))
        ax.set_yticks(range(0, corner, 3))
        ax.set_xticks(np.arange(-0.5, corner, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, corner, 1), minor=True)
        ax.grid(which="minor", color="0.8", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.plot([half - 0.5, half - 0.5, corner - 0.5], [corner - 0.5, half - 0.5, half - 0.5],
                color="tab:blue", linestyle="--", linewidth=2)
        ax.set_title(f"{name}: the corner enlarged\n(dashes: inner edge of the {half}-px frame)")
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    bar = fig.colorbar(shown, ax=axes, fraction=0.03, pad=0.03, ticks=[0, 1, 5, 130])
    bar.ax.set_yticklabels(["same", "1 level", "2-9", "10 or more"])
    return axes
