"""The worked solutions of notebook 06's exercises (full edition only)."""

q1 = (
    "answer = {name for name, K in NB06_Q1_KERNELS.items() if np.isclose(K.sum(), 1)}"
)

q2 = (
    "astronaut = load_image('astronaut', gray=True)\n"
    "gx = correlate(astronaut, KERNEL_BANK['sobel_x'], mode='mirror')\n"
    "gy = correlate(astronaut, KERNEL_BANK['sobel_y'], mode='mirror')\n"
    "answer = np.hypot(gx, gy)"
)

q3 = (
    "blurred = correlate(camera, np.full((5, 5), 1 / 25))\n"
    "answer = float(correlate(blurred, KERNEL_BANK['laplacian']).var())"
)

q4 = (
    "astronaut = load_image('astronaut', gray=True)\n"
    "relief = KERNEL_BANK['emboss']\n"
    "relief[1, 1] -= 1\n"
    "response = correlate(astronaut, relief, mode='mirror')\n"
    "answer = np.clip(response + 128, 0, 255).astype(np.uint8)"
)

q5 = (
    "astronaut = load_image('astronaut', gray=True).astype(np.float64)\n"
    "flipped = KERNEL_BANK['emboss'][::-1, ::-1]   # convolution = correlation with "
    "the kernel rotated by 180°\n"
    "padded = cv2.copyMakeBorder(astronaut, 1, 1, 1, 1, cv2.BORDER_WRAP)\n"
    "answer = cv2.filter2D(padded, cv2.CV_64F, flipped)[1:-1, 1:-1]"
)

q6 = (
    "answer = np.array([[0.0, 1, 2],\n"
    "                   [-1, 0, 1],\n"
    "                   [-2, -1, 0]])   # bottom-left to top-right: minus, then plus"
)

q7 = (
    "def gaussian_kernel(size, sigma):   # a 1-D bell, times itself\n"
    "    if size % 2 == 0:\n"
    "        raise ValueError(f'size must be odd (a centre pixel), got {size}')\n"
    "    x = np.arange(size) - size // 2        # offsets from the centre pixel, 0 in the middle\n"
    "    g = np.exp(-x**2 / (2 * sigma**2))     # sigma is the standard deviation\n"
    "    kernel = np.outer(g, g)                # row weight times column weight\n"
    "    return kernel / kernel.sum()           # the weights add up to 1\n"
    "answer = gaussian_kernel"
)
