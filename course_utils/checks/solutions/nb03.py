"""The worked solutions of notebook 03's exercises (full edition only)."""

q1 = (
    "answer = (512 - 21 + 1, 512 - 21 + 1)"
)

q2 = (
    "answer = pad([[5, 9, 2, 7, 3]], (1, 5), 'mirror')[0]"
)

q3 = (
    "half_rows, half_cols = (5 - 1) // 2, (9 - 1) // 2\n"
    "answer = 120 * 80 - (120 - 2 * half_rows) * (80 - 2 * half_cols)"
)

q4 = (
    "def pad_opencv_default(image, kernel_shape):  # one way to write it\n"
    "    py, px = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
    "    rows = np.r_[py:0:-1, 0:image.shape[0], image.shape[0] - 2:image.shape[0] - 2 - py:-1]\n"
    "    cols = np.r_[px:0:-1, 0:image.shape[1], image.shape[1] - 2:image.shape[1] - 2 - px:-1]\n"
    "    return image[np.ix_(rows, cols)]\n"
    "answer = pad_opencv_default"
)
