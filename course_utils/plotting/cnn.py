"""Figures of notebook 07: the geometry of a CNN layer (drawn from course_utils.cnn) and learning.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..cnn import compose_kernels, conv2d, conv_backward, dilate_kernel, max_pool
from ..valid import conv_output_size, im2col
from .basics import axes_or_new, show_matrix

__all__ = [
    "plot_loss",
    "show_stride_padding",
    "show_max_pool_grid",
    "show_channel_sum",
    "show_receptive_field",
    "show_dilation",
    "show_feature_maps",
    "show_im2col",
    "show_transposed_convolution",
    "show_filters_beside",
]


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
    ax = axes_or_new(ax)
    ax.semilogy(np.arange(values.size), values, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("mean squared error")
    ax.set_title(title)
    if label is not None:
        ax.legend()
    return ax


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
    """One filter of a layer: the input photo, each input channel correlated with its own
    kernel, and the channel results added (plus the bias) into ONE map, computed by
    :func:`~course_utils.cnn.conv2d`; the signed panels share one colour scale, shown by
    a colour bar.

    ``x`` is C×H×W with values 0–255 (the photo panel shows it as RGB when C = 3).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> axes = show_channel_sum(rng.uniform(0, 255, size=(3, 8, 8)), rng.normal(size=(3, 3, 3)))
    >>> len(axes)
    5
    >>> plt.close("all")
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(filter_weights, dtype=np.float64)
    parts = [conv2d(x[c], w[c], padding=1)[0] for c in range(x.shape[0])]
    total = conv2d(x, w[None], [bias], padding=1)[0]
    limit = max(np.percentile(np.abs(p), 99) for p in parts + [total]) or 1.0
    if axes is None:
        aspect = x.shape[1] / x.shape[2]
        fig, axes = plt.subplots(1, x.shape[0] + 2,
                                 figsize=(3.0 * (x.shape[0] + 2) + 0.8, 3.0 * aspect + 0.9))
        fig.subplots_adjust(left=0.01, right=0.92, bottom=0.02, wspace=0.06)
    photo = x.transpose(1, 2, 0) / 255.0 if x.shape[0] == 3 else x[0] / 255.0
    axes[0].imshow(np.clip(photo, 0, 1), cmap=None if x.shape[0] == 3 else "gray")
    axes[0].set_title(f"input: {x.shape[0]} channels", fontsize=10)
    axes[0].axis("off")
    for c, ax in enumerate(axes[1:-1]):
        ax.imshow(parts[c], cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"{names[c]} channel ⋆ its kernel" + (" +" if c < x.shape[0] - 1 else
                                                           " ="), fontsize=10)
        ax.axis("off")
    image = axes[-1].imshow(total, cmap="RdBu_r", vmin=-limit, vmax=limit)
    axes[-1].set_title(f"one map (sum + bias {bias:g})", fontsize=10)
    axes[-1].axis("off")
    bar = axes[-1].figure.colorbar(image, ax=list(axes[1:]), shrink=0.8, pad=0.02)
    bar.set_label(f"response (one scale, ±{limit:.0f}: 99th percentile)", fontsize=9)
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


def show_dilation(kernel_size: int = 3, dilations=(1, 2), size: int = 9, axes=None):
    """Where a kernel's taps fall on the input grid at each dilation, and the equivalent
    kernel with zeros inserted (:func:`~course_utils.cnn.dilate_kernel`) beside them.

    The taps are lettered a, b, c, ... row by row (the kernel's weights); the outline is
    the block of input pixels the output pixel at the centre depends on.

    Examples
    --------
    >>> axes = show_dilation(3, (1, 2), size=7)
    >>> len(axes)
    3
    >>> plt.close("all")
    """
    if axes is None:
        _, axes = plt.subplots(1, len(dilations) + 1, figsize=(3.6 * (len(dilations) + 1), 4.0))
    letters = np.array(list("abcdefghijklmnopqrstuvwxy"[:kernel_size ** 2])).reshape(
        kernel_size, kernel_size)
    centre = size // 2
    for ax, d in zip(axes, dilations, strict=False):
        taps = dilate_kernel(np.arange(1, kernel_size ** 2 + 1).reshape(kernel_size,
                                                                          kernel_size), d)
        span = taps.shape[0]
        top = centre - span // 2
        labels = [["" for _ in range(size)] for _ in range(size)]
        for r in range(size):
            for c in range(size):
                m, n = r - top, c - top
                tap = 0 <= m < span and 0 <= n < span and taps[m, n] > 0
                if tap:
                    labels[r][c] = letters[m // d, n // d]
                ax.add_patch(plt.Rectangle((c, r), 1, 1, edgecolor="0.6", linewidth=0.6,
                                           facecolor="tab:orange" if tap else "white"))
                if tap:
                    ax.text(c + 0.5, r + 0.5, labels[r][c], ha="center", va="center",
                            fontsize=11)
        ax.add_patch(plt.Rectangle((top, top), span, span, fill=False, edgecolor="black",
                                   linewidth=2))
        ax.set_xlim(-0.1, size + 0.1)
        ax.set_ylim(size + 0.1, -0.1)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"dilation {d}: {kernel_size ** 2} taps\nspread over {span}×{span} "
                     "input pixels", fontsize=11)
    d = dilations[-1]
    zeros = dilate_kernel(np.ones((kernel_size, kernel_size)), d)
    span = zeros.shape[0]
    ax = axes[len(dilations)]
    labels = [[letters[m // d, n // d] if zeros[m, n] else "0" for n in range(span)]
              for m in range(span)]
    _grid(ax, span, span, shade=zeros == 0, labels=labels, fontsize=11)
    ax.set_ylim(span + 0.2, -0.2)
    ax.set_title(f"= an ordinary {span}×{span} kernel\nwith zeros inserted (grey)",
                 fontsize=11)
    return axes


def show_feature_maps(maps, titles, limit: float | None = None, ncols: int | None = None,
                      signed: bool = True, width: float = 3.4, each_scale: bool = False):
    """Several maps side by side on ONE colour scale (signed: blue < 0 < red), or, with
    ``each_scale``, each on its own (its 99th percentile of |value|, one colour bar per
    panel): for maps of different filters whose sizes are not being compared.

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
        own = (float(np.percentile(np.abs(m), 99)) or 1.0) if each_scale else limit
        image = ax.imshow(m, cmap="RdBu_r" if signed else "gray",
                          vmin=-own if signed else 0, vmax=own)
        ax.set_title(title, fontsize=10)
        ax.axis("off")
        if each_scale:   # one colour bar per panel: the scales differ
            fig.colorbar(image, ax=ax, orientation="horizontal", shrink=0.9, pad=0.04)
    for ax in axes.ravel()[len(maps):]:
        ax.axis("off")
    if not each_scale:
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


def show_transposed_convolution(dout, kernel, stride: int = 2, axes=None):
    """The input gradient of a strided layer as a transposed convolution, in three panels.

    Left: ``dout`` with ``stride - 1`` zeros put between its values (the zeros hatched);
    middle: the kernel; right: the 'full' convolution of the two, which is the layer's
    input gradient (:func:`~course_utils.cnn.conv_backward` computes the right panel, so
    the picture shows what the layer does, not a redrawing of the formula). One colour
    scale for the two gradients.

    Examples
    --------
    >>> axes = show_transposed_convolution(np.ones((2, 2)), np.ones((3, 3)), stride=2)
    >>> [ax.get_title().split(":")[0] for ax in axes]
    ['dout, 1 zero between values', 'kernel', 'dx = full convolution']
    >>> plt.close("all")
    """
    g = np.asarray(dout, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    if g.ndim != 2 or k.ndim != 2:
        raise ValueError(f"dout and kernel must be 2-D, got shapes {g.shape} and {k.shape}")
    spaced = np.zeros((stride * (g.shape[0] - 1) + 1, stride * (g.shape[1] - 1) + 1))
    spaced[::stride, ::stride] = g
    side = (stride * (g.shape[0] - 1) + k.shape[0], stride * (g.shape[1] - 1) + k.shape[1])
    dx = conv_backward(np.zeros(side), k[None, None], None, g[None], stride=stride)[0][0]
    if axes is None:
        width = [spaced.shape[1], k.shape[1], dx.shape[1]]
        _, axes = plt.subplots(1, 3, figsize=(0.55 * sum(width) + 3, 0.55 * dx.shape[0] + 1.2),
                               gridspec_kw={"width_ratios": width})
    limit = float(max(np.abs(dx).max(), np.abs(g).max())) or 1.0
    zeros = np.ones(spaced.shape, dtype=bool)
    zeros[::stride, ::stride] = False
    gaps = stride - 1
    show_matrix(spaced, ax=axes[0], cmap="RdBu_r", vmin=-limit, vmax=limit, highlight=zeros,
                title=f"dout, {gaps} zero{'s' if gaps != 1 else ''} between values: "
                      f"{spaced.shape[0]}×{spaced.shape[1]}")
    klimit = float(np.abs(k).max()) or 1.0
    show_matrix(k, ax=axes[1], cmap="RdBu_r", vmin=-klimit, vmax=klimit, title="kernel")
    show_matrix(dx, ax=axes[2], cmap="RdBu_r", vmin=-limit, vmax=limit,
                title=f"dx = full convolution: {dx.shape[0]}×{dx.shape[1]}")
    return list(axes)


def show_filters_beside(learned, references: dict, axes=None):
    """Learned k×k filters and reference kernels side by side on ONE signed colour scale,
    numbers written in the cells, with one colour bar.

    Examples
    --------
    >>> axes = show_filters_beside(np.zeros((2, 3, 3)), {"box": np.ones((3, 3))})
    >>> [ax.get_title() for ax in axes]
    ['learned 1', 'learned 2', 'box']
    >>> plt.close("all")
    """
    filters = np.asarray(learned, dtype=np.float64)
    panels = [(f"learned {i + 1}", f) for i, f in enumerate(filters)]
    panels += [(name, np.asarray(k, dtype=np.float64)) for name, k in references.items()]
    if axes is None:
        fig, axes = plt.subplots(1, len(panels), figsize=(2.1 * len(panels) + 1, 2.6))
    else:
        fig = axes[0].figure
    limit = float(max(np.abs(k).max() for _, k in panels)) or 1.0
    for ax, (title, k) in zip(axes, panels, strict=True):
        show_matrix(k, ax=ax, title=title, fmt="{:.1f}", cmap="RdBu_r", vmin=-limit,
                    vmax=limit, fontsize=8)
        ax.set_xlabel("")
        ax.set_ylabel("")
    fig.colorbar(axes[-1].images[-1], ax=list(axes), shrink=0.8, pad=0.02,
                 label="weight (one scale for all)")
    return list(axes)
