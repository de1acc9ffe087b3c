"""Helper package of the hands-on image convolution course.

Everything a notebook needs is importable from here::

    from course_utils import KERNEL_BANK, correlate, convolve, window_at, load_image
"""

from .borders import BORDER_MODES, BorderMode, border_table, pad
from .classic import correlate_loop
from .filtering import METHODS, choose_method, convolve, correlate, separable_factors
from .images import IMAGES_DIR, available_images, load_image
from .kernels import EXAMPLE_REGION, KERNEL_BANK, KernelBank
from .windows import Window, window_at

__all__ = [
    "BORDER_MODES",
    "BorderMode",
    "border_table",
    "pad",
    "correlate_loop",
    "METHODS",
    "choose_method",
    "convolve",
    "correlate",
    "separable_factors",
    "IMAGES_DIR",
    "available_images",
    "load_image",
    "EXAMPLE_REGION",
    "KERNEL_BANK",
    "KernelBank",
    "Window",
    "window_at",
]
