"""The worked solutions of notebook 08's exercises (full edition only)."""

q1 = (
    "col, row = separable_factors(KERNEL_BANK['large_blur'])\n"
    "answer = len(col) + len(row)"
)

q2 = (
    "def rect_sum(S, top, left, bottom, right):\n"
    "    # S[i, j] sums image[:i, :j]: the first row and column after the box are\n"
    "    # bottom + 1 and right + 1\n"
    "    b, r = bottom + 1, right + 1\n"
    "    return S[b, r] - S[top, r] - S[b, left] + S[top, left]\n"
    "answer = rect_sum"
)

q3 = (
    "def factors(kernel):\n"
    "    u, s, vt = np.linalg.svd(kernel)\n"
    "    if len(s) > 1 and s[1] > 1e-10 * s[0]:   # a second singular value: rank 2 or more\n"
    "        return None\n"
    "    return u[:, 0] * s[0], vt[0]              # vt[0] has length 1; the scale goes in col\n"
    "answer = factors"
)

q4 = (
    "def find_crossover(sizes, slow, fast):\n"
    "    crossover = None\n"
    "    for size, a, b in sorted(zip(sizes, slow, fast, strict=True), reverse=True):\n"
    "        if b >= a:\n"
    "            break\n"
    "        crossover = size\n"
    "    return crossover\n"
    "answer = find_crossover"
)
