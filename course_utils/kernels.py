"""The kernel bank of the lesson and the region of its hand-computed example.

``KERNEL_BANK`` maps each kernel's name to its values, in the lesson's order.
Every lookup returns a fresh float64 copy, so a learner who edits the array they
got (``k[1, 1] = 9``) changes their copy only, never the bank.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from ._validation import check_kernel

__all__ = ["KERNEL_BANK", "EXAMPLE_REGION", "KernelBank"]


class KernelBank(Mapping):
    """A read-only, ordered mapping from kernel name to a copy of its values.

    Examples
    --------
    >>> bank = KernelBank({"identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]]})
    >>> k = bank["identity"]
    >>> k[1, 1] = 5          # changes the copy only
    >>> float(bank["identity"][1, 1])
    1.0
    >>> bank["identity"] = k
    Traceback (most recent call last):
    ...
    TypeError: 'KernelBank' object does not support item assignment
    >>> KernelBank({"box": "1 1 1"})
    Traceback (most recent call last):
    ...
    TypeError: kernels['box'] must be an array of bool, integer or float numbers, got '1 1 1'
    """

    def __init__(self, kernels: Mapping[str, object]):
        if not isinstance(kernels, Mapping):
            raise TypeError(f"kernels must be a mapping from name to kernel, got {kernels!r}")
        self._kernels = {}
        for name, values in kernels.items():
            if not isinstance(name, str):
                raise TypeError(f"kernels must be keyed by name (a string), got {name!r}")
            array = check_kernel(values, name=f"kernels[{name!r}]")
            array.setflags(write=False)
            self._kernels[name] = array

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self._kernels[name].copy()
        except KeyError:
            raise KeyError(
                f"no kernel named {name!r}; the bank has {list(self._kernels)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._kernels)

    def __len__(self) -> int:
        return len(self._kernels)

    def __repr__(self) -> str:
        shapes = ", ".join(f"{name}: {k.shape[0]}×{k.shape[1]}"
                           for name, k in self._kernels.items())
        return f"KernelBank({shapes})"


#: The seven kernels of the lesson, in its order.
KERNEL_BANK = KernelBank({
    "small_blur": np.full((7, 7), 1 / 49),
    "large_blur": np.full((21, 21), 1 / 441),
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
})

#: The 3×3 image region of the lesson's hand-computed box-blur example (read-only).
EXAMPLE_REGION = np.array([[93, 139, 101], [26, 252, 196], [135, 230, 18]], dtype=np.uint8)
EXAMPLE_REGION.setflags(write=False)
