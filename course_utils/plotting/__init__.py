"""Every matplotlib figure of the course but the widgets' static fallbacks.

Every helper takes ``ax=None`` (a new figure is made when it is missing) and
returns the axes it drew on. Pixels and number texts come from
:mod:`course_utils.display`.

One module per topic: ``basics`` (style, image, matrix, signed map, table) and one
per notebook topic; every name is imported from here. The widgets' static figures
live with their widgets, so that one feature is one folder:
:func:`course_utils.stepper.show_stepper_steps` and
:func:`course_utils.playground.static_playground` (with ``show_kernel_result``);
they draw with ``basics``, which never imports them back.
"""

from ..display import DISPLAY_MODES, to_display
from .basics import (
    FIGURE_DPI,
    axes_or_new,
    format_table,
    show_image,
    show_matrix,
    show_signed,
    use_course_style,
)
from .borders import (
    plot_difference_by_distance,
    show_difference_frames,
    show_mode_differences,
    show_output_sizes,
)
from .cnn import (
    plot_loss,
    show_channel_sum,
    show_dilation,
    show_feature_maps,
    show_filters_beside,
    show_im2col,
    show_max_pool_grid,
    show_receptive_field,
    show_stride_padding,
    show_transposed_convolution,
)
from .kernels import plot_stripe_contrast
from .speed import METHOD_COLOURS, plot_cost_with_slopes, plot_timing_dots
from .stamping import show_stamps, show_template_match, stamps

__all__ = [
    "DISPLAY_MODES",
    "to_display",
    "FIGURE_DPI",
    "use_course_style",
    "show_image",
    "show_matrix",
    "show_signed",
    "format_table",
    "axes_or_new",
    "stamps",
    "show_stamps",
    "show_template_match",
    "show_output_sizes",
    "show_mode_differences",
    "plot_difference_by_distance",
    "show_difference_frames",
    "plot_stripe_contrast",
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
    "METHOD_COLOURS",
    "plot_timing_dots",
    "plot_cost_with_slopes",
]
