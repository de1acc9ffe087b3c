"""The worked solutions of notebook 05's exercises (full edition only)."""

q1 = (
    "box5 = np.full((5, 5), 1 / 25)\n"
    "opencv = cv2.filter2D(crop, -1, box5, borderType=cv2.BORDER_REPLICATE)\n"
    "answer = int(np.count_nonzero(correlate_loop(crop, box5) != opencv))"
)

q2 = (
    "result = correlate(crop, KERNEL_BANK['small_blur'], mode='mirror')\n"
    "answer = np.clip(np.rint(result), 0, 255).astype(np.uint8)"
)

q3 = (
    "true = correlate(load_image('camera'), KERNEL_BANK['sobel_y'], mode='mirror')\n"
    "answer = int(np.count_nonzero(true < 0))"
)
