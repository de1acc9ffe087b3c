"""An independent transcription of the lesson's ``convolve`` for the tests.

It follows the lesson's code step by step, with its float64 output
(``np.zeros((iH, iW), dtype="float")``; NumPy's ``"float"`` is float64) and
including its single ``pad`` (so it handles square kernels only). The package's
``correlate_loop`` must give bit-identical results on every square kernel.
"""

import cv2
import numpy as np
from skimage.exposure import rescale_intensity


def lesson_convolve(image, K):
    (iH, iW) = image.shape[:2]
    (kH, kW) = K.shape[:2]
    pad = (kW - 1) // 2
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    output = np.zeros((iH, iW), dtype="float")  # NumPy's "float" is float64
    for y in np.arange(pad, iH + pad):
        for x in np.arange(pad, iW + pad):
            roi = image[y - pad:y + pad + 1, x - pad:x + pad + 1]
            output[y - pad, x - pad] = (roi * K).sum()
    output = rescale_intensity(output, in_range=(0, 255))
    return (output * 255).astype("uint8")
