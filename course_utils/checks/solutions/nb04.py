"""The worked solutions of notebook 04's exercises (full edition only)."""

q1 = (
    "def pad_replicate(image, kernel_shape):  # one way to write it\n"
    "    py, px = (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2\n"
    "    tall = np.concatenate([np.repeat(image[:1], py, axis=0), image,\n"
    "                           np.repeat(image[-1:], py, axis=0)], axis=0)\n"
    "    return np.concatenate([np.repeat(tall[:, :1], px, axis=1), tall,\n"
    "                           np.repeat(tall[:, -1:], px, axis=1)], axis=1)\n"
    "answer = pad_replicate"
)

q2 = (
    "def correlate_double_loop(image, kernel):  # one way to write it\n"
    "    (H, W), (M, N) = image.shape, kernel.shape\n"
    "    padded = pad(image, kernel.shape, mode='nearest')\n"
    "    sums = np.zeros((H, W), dtype='float')\n"
    "    for y in range(H):\n"
    "        for x in range(W):\n"
    "            sums[y, x] = (padded[y:y + M, x:x + N] * kernel).sum()\n"
    "    return sums\n"
    "answer = correlate_double_loop"
)

q3 = (
    "def to_uint8(sums):  # one way to write it\n"
    "    return np.clip(sums, 0, 255).astype(np.uint8)\n"
    "answer = to_uint8"
)

q4 = (
    "def convolve_sums(image, kernel):  # one way to write it\n"
    "    return correlate(image, np.asarray(kernel)[::-1, ::-1], mode='nearest')\n"
    "answer = convolve_sums"
)

q5 = (
    "def correlate_shift_and_add(image, kernel):  # one way to write it\n"
    "    (H, W), (M, N) = image.shape, kernel.shape\n"
    "    padded = pad(image, kernel.shape, mode='nearest')\n"
    "    sums = np.zeros((H, W))\n"
    "    for m in range(M):\n"
    "        for n in range(N):\n"
    "            sums += kernel[m, n] * padded[m:m + H, n:n + W]\n"
    "    return sums\n"
    "answer = correlate_shift_and_add"
)

q6 = (
    "answer = ((3 - 1) // 2, (7 - 1) // 2)"
)

q7 = (
    "H, W = 512, 512  # the loop runs once per output pixel\n"
    "M, N = 7, 7      # and multiplies one pair per kernel entry in each trip\n"
    "answer = (H * W, H * W * M * N, M * N)"
)

q8 = (
    "def convolve(image, K):  # one way to write it\n"
    "    K = np.asarray(K, dtype=np.float64)\n"
    "    if image.ndim == 3:  # colour: each channel on its own\n"
    "        return np.dstack([convolve(image[:, :, c], K) for c in range(image.shape[2])])\n"
    "    (H, W), (M, N) = image.shape, K.shape\n"
    "    py, px = (M - 1) // 2, (N - 1) // 2  # one pad per axis\n"
    "    # replicate padding: the rows first, then the columns of that taller array\n"
    "    tall = np.concatenate([np.repeat(image[:1], py, axis=0), image,\n"
    "                           np.repeat(image[-1:], py, axis=0)], axis=0)\n"
    "    padded = np.concatenate([np.repeat(tall[:, :1], px, axis=1), tall,\n"
    "                             np.repeat(tall[:, -1:], px, axis=1)], axis=1)\n"
    "    padded = padded.astype(np.float64)\n"
    "    sums = np.zeros((H, W), dtype=np.float64)\n"
    "    for m in range(-py, py + 1):      # m and n counted from the kernel's centre\n"
    "        for n in range(-px, px + 1):\n"
    "            # I(y - m, x - n) for every (y, x) at once: padded row y - m + py,\n"
    "            # column x - n + px\n"
    "            sums += K[m + py, n + px] * padded[py - m:py - m + H, px - n:px - n + W]\n"
    "    return np.clip(sums, 0, 255).astype(np.uint8)  # clip, then truncate\n"
    "answer = convolve"
)
