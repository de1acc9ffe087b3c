"""The worked solutions of notebook 06's exercises (full edition only)."""

q1 = (
    "answer = {name for name, K in NB06_Q1_KERNELS.items() if np.isclose(K.sum(), 1)}"
)

q2 = (
    "def gradient_magnitude(image):\n"
    "    gx = correlate(image, KERNEL_BANK['sobel_x'], mode='mirror')   # float: signed\n"
    "    gy = correlate(image, KERNEL_BANK['sobel_y'], mode='mirror')\n"
    "    return np.hypot(gx, gy)   # the square root of gx² + gy²\n"
    "answer = gradient_magnitude"
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
    "def convolve_wrap(image, kernel):\n"
    "    py, px = (kernel.shape[0] - 1) // 2, (kernel.shape[1] - 1) // 2\n"
    "    flipped = kernel[::-1, ::-1]   # a convolution correlates the kernel turned by 180°\n"
    "    padded = cv2.copyMakeBorder(image.astype(np.float64), py, py, px, px, cv2.BORDER_WRAP)\n"
    "    full = cv2.filter2D(padded, cv2.CV_64F, flipped)\n"
    "    return full[py:py + image.shape[0], px:px + image.shape[1]]\n"
    "answer = convolve_wrap"
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
