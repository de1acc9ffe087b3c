"""The worked solutions of notebook 07's exercises (full edition only)."""

q6 = (
    "answer = conv_output_size(224, 7, stride=2, padding=3)   # (224 + 6 - 7) // 2 + 1"
)

q7 = (
    "answer = 16 * (3 * 5 * 5 + 1)"
)

q8 = (
    "impulse = np.zeros((9, 9))\n"
    "impulse[4, 4] = 1\n"
    "two = correlate(correlate(impulse, KERNEL_BANK['sobel_x'], mode='wrap'), "
    "KERNEL_BANK['emboss'], mode='wrap')\n"
    "answer = two[2:7, 2:7][::-1, ::-1]   # the response is the kernel rotated by 180°\n"
    "# the same: scipy.signal.convolve2d(KERNEL_BANK['sobel_x'], KERNEL_BANK['emboss'])"
)

q1 = (
    "def conv_layer(x, w, b, stride=1, padding=0):   # one output pixel at a time\n"
    "    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))   # zeros around\n"
    "    C_out, C_in, K_h, K_w = w.shape\n"
    "    H_out = (xp.shape[1] - K_h) // stride + 1        # the floor: windows that fit\n"
    "    W_out = (xp.shape[2] - K_w) // stride + 1\n"
    "    out = np.zeros((C_out, H_out, W_out))\n"
    "    for i in range(H_out):\n"
    "        for j in range(W_out):\n"
    "            window = xp[:, stride * i:stride * i + K_h, stride * j:stride * j + K_w]\n"
    "            out[:, i, j] = (w * window).sum(axis=(1, 2, 3))   # all channels, all offsets\n"
    "    return out + b[:, None, None]                   # one bias per filter\n"
    "answer = conv_layer"
)

q2 = (
    "def pool(a, size=2, stride=None, padding=0):   # one output pixel at a time\n"
    "    stride = size if stride is None else stride          # no overlap by default\n"
    "    ap = np.pad(a, ((0, 0), (padding, padding), (padding, padding)),\n"
    "                constant_values=-np.inf)                 # -inf never wins a maximum\n"
    "    C, H, W = ap.shape\n"
    "    H_out, W_out = (H - size) // stride + 1, (W - size) // stride + 1   # windows that fit\n"
    "    out = np.zeros((C, H_out, W_out))\n"
    "    for i in range(H_out):\n"
    "        for j in range(W_out):\n"
    "            window = ap[:, stride * i:stride * i + size, stride * j:stride * j + size]\n"
    "            out[:, i, j] = window.max(axis=(1, 2))       # each channel on its own\n"
    "    return out\n"
    "answer = pool"
)

q4 = (
    "def gradient_step(x, y, K, eta):   # two correlations\n"
    "    e = correlate_valid(x, K) - y                    # prediction minus target\n"
    "    gradient = 2 / e.size * correlate_valid(x, e)    # the input correlated with e\n"
    "    return K - eta * gradient                        # downhill, scaled by eta\n"
    "answer = gradient_step"
)

q5 = (
    "def conv_backward(x, w, b, dout, stride=1, padding=0):   # one kernel offset at a time\n"
    "    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))   # as forward\n"
    "    K_h, K_w = w.shape[2:]\n"
    "    H_out, W_out = dout.shape[1:]\n"
    "    dxp, dw = np.zeros_like(xp), np.zeros_like(w)\n"
    "    for m in range(K_h):\n"
    "        for n in range(K_w):   # the pixels that offset (m, n) of every window read:\n"
    "            rows = slice(m, m + stride * (H_out - 1) + 1, stride)\n"
    "            cols = slice(n, n + stride * (W_out - 1) + 1, stride)\n"
    "            seen = xp[:, rows, cols]                            # C_in×H_out×W_out\n"
    "            dw[:, :, m, n] = np.einsum('oij,cij->oc', dout, seen)   # sum over (i, j)\n"
    "            dxp[:, rows, cols] += np.einsum('oc,oij->cij', w[:, :, m, n], dout)\n"
    "    dx = dxp[:, padding:padding + x.shape[1], padding:padding + x.shape[2]]   # crop\n"
    "    return dx, dw, dout.sum(axis=(1, 2))               # one bias sum per filter\n"
    "answer = conv_backward"
)

q3 = (
    "def layer_cost(C_in, H, W, C_out, K, stride=1, padding=0):   # as CS231n counts VGG\n"
    "    H_out = (H + 2 * padding - K) // stride + 1        # windows that fit\n"
    "    W_out = (W + 2 * padding - K) // stride + 1\n"
    "    activations = C_out * H_out * W_out                # the values the layer outputs\n"
    "    macs = activations * C_in * K * K                  # one dot product per value\n"
    "    parameters = C_out * (C_in * K * K + 1)            # weights and one bias per filter\n"
    "    return macs, activations, parameters\n"
    "answer = layer_cost"
)
