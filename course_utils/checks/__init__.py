"""Exercise checks: tell a learner whether an answer is right, and what is off, without
printing the answer. One module per notebook (``nb01`` ... ``nb08``), as Kaggle's learntools.

Each exercise has ``check(answer)``, ``hint()`` and ``solution()``::

    from course_utils.checks import nb01
    nb01.q1.check(answer)

The right answer is never a stored constant: each check computes it from the course's
own functions, so the check and the lesson cannot drift apart. ``framework`` holds the
exercise classes, ``compare`` the helpers that read and compare answers, ``guard`` the
one mechanism that refuses what an exercise forbids (``Exercise(..., forbid=...)``).
"""

from . import nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08
from .compare import compare_arrays, compare_names, compare_numbers, compare_tuples
from .framework import CheckResult, Exercise, exercises, is_learner_edition
from .nb01 import NB01_REGION, NB01_SHAPES
from .nb02 import NB02_KERNELS, NB02_Q1_KERNEL, NB02_Q3_KERNEL
from .nb03 import NB03_MARGIN_CASES, NB03_ROW, NB03_SHAPE_CASES
from .nb04 import NB04_COST_CASE, NB04_CROP
from .nb05 import NB05_CROP, NB05_Q2_KERNELS
from .nb06 import NB06_Q1_KERNELS
from .nb07 import NB07_Q8_KERNELS
from .nb08 import NB08_Q2_IMAGE

__all__ = [
    "nb01", "nb02", "nb03", "nb04", "nb05", "nb06", "nb07", "nb08",
    "CheckResult", "Exercise", "exercises", "is_learner_edition",
    "compare_arrays", "compare_names", "compare_numbers", "compare_tuples",
    "NB01_REGION", "NB01_SHAPES", "NB02_KERNELS", "NB02_Q1_KERNEL", "NB02_Q3_KERNEL",
    "NB03_MARGIN_CASES", "NB03_ROW", "NB03_SHAPE_CASES", "NB04_COST_CASE", "NB04_CROP",
    "NB05_CROP", "NB05_Q2_KERNELS", "NB06_Q1_KERNELS", "NB07_Q8_KERNELS", "NB08_Q2_IMAGE",
]
