"""The worked solutions of notebook 01's exercises (full edition only)."""

q1 = (
    "def blur_pixel(region):\n"
    "    total = int(region.astype(int).sum())   # as int: a uint8 sum wraps around at 256\n"
    "    return int(total / 9)                   # what astype('uint8') keeps: truncated\n"
    "answer = blur_pixel"
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
