"""The worked solutions of notebook 03's exercises (full edition only)."""

q1 = (
    "def valid_shape(image_shape, kernel_shape):\n"
    "    (H, W), (M, N) = image_shape, kernel_shape\n"
    "    return (H - M + 1, W - N + 1)   # the positions where the whole kernel fits\n"
    "answer = valid_shape"
)

q2 = (
    "answer = pad([[5, 9, 2, 7, 3]], (1, 5), 'mirror')[0]"
)

q3 = (
    "def border_pixels(image_shape, kernel_shape):\n"
    "    (H, W), (M, N) = image_shape, kernel_shape\n"
    "    h, w = (M - 1) // 2, (N - 1) // 2           # how far the kernel reaches\n"
    "    inner = (H - 2 * h) * (W - 2 * w)   # the pixels that never read padding\n"
    "    return H * W - inner\n"
    "answer = border_pixels"
)

q4 = (
    "def pad_opencv_default(image, kernel_shape):  # one way to write it\n"
    "    py, px = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
    "    rows = np.r_[py:0:-1, 0:image.shape[0], image.shape[0] - 2:image.shape[0] - 2 - py:-1]\n"
    "    cols = np.r_[px:0:-1, 0:image.shape[1], image.shape[1] - 2:image.shape[1] - 2 - px:-1]\n"
    "    return image[np.ix_(rows, cols)]\n"
    "answer = pad_opencv_default"
)
