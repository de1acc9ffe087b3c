"""The worked solutions of notebook 01's exercises (full edition only)."""

q1 = (
    "answer = int(correlate_loop(region, np.full((3, 3), 1 / 9))[1, 1])\n"
    "# by hand: int(region.astype(int).sum() / 9)"
)

q2 = (
    "answer = EXAMPLE_REGION * KERNEL_BANK['sharpen']\n"
    "# or: window_at(EXAMPLE_REGION, KERNEL_BANK['sharpen'], 1, 1).products"
)

q3 = (
    "def centre(shape):\n"
    "    rows, cols = shape\n"
    "    if rows % 2 == 0 or cols % 2 == 0:\n"
    "        return None\n"
    "    return ((rows - 1) // 2, (cols - 1) // 2)\n"
    "answer = centre"
)

q4 = (
    "def cut_window(image, row, col, shape):\n"
    "    rows, cols = shape\n"
    "    h, w = (rows - 1) // 2, (cols - 1) // 2\n"
    "    padded = np.pad(image, ((h, h), (w, w)), mode='edge')  # replicate, as the lesson\n"
    "    # pixel (row, col) of image is (row + h, col + w) of padded: the window starts\n"
    "    # h rows and w columns before it, at (row, col) of padded\n"
    "    return padded[row:row + rows, col:col + cols]\n"
    "answer = cut_window"
)
