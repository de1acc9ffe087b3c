"""The worked solutions of notebook 02's exercises (full edition only)."""

q1 = (
    "answer = NB02_Q1_KERNEL[::-1, ::-1]   # or np.rot90(NB02_Q1_KERNEL, 2)"
)

q2 = (
    "answer = {name for name, k in NB02_KERNELS.items() "
    "if np.array_equal(k, k[::-1, ::-1])}"
)

q3 = (
    "answer = convolve2d(KERNEL_BANK['sobel_y'], NB02_Q3_KERNEL, mode='full')  # 7×7\n"
    "# or stamp it on an impulse: the two steps, mode='constant', then crop to 7×7"
)

q4 = (
    "def rotate180(kernel):\n"
    "    return np.asarray(kernel)[::-1, ::-1]   # rows reversed, then columns\n"
    "answer = rotate180"
)

q5 = (
    "def find(image, template):\n"
    "    response = correlate(image, template - template.mean())   # likeness, flat = 0\n"
    "    row, col = np.unravel_index(np.argmax(response), response.shape)\n"
    "    return int(row), int(col)\n"
    "answer = find"
)

q6 = (
    "def ncc(image, template):\n"
    "    image, template = np.asarray(image, float), np.asarray(template, float)\n"
    "    (H, W), (h, w) = image.shape, template.shape\n"
    "    t = template - template.mean()\n"
    "    out = np.zeros((H - h + 1, W - w + 1))\n"
    "    for r in range(H - h + 1):\n"
    "        for c in range(W - w + 1):\n"
    "            d = image[r:r + h, c:c + w]\n"
    "            d = d - d.mean()\n"
    "            norms = np.sqrt((d ** 2).sum()) * np.sqrt((t ** 2).sum())\n"
    "            out[r, c] = (d * t).sum() / norms if norms > 1e-12 else 0.0\n"
    "    return out\n"
    "answer = ncc"
)
