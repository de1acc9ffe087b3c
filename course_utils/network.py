"""A small CNN trained end to end in plain NumPy: generated bar images, one convolution
layer, ReLU, max pooling, a linear layer and softmax cross-entropy.

The layer functions are parameters, so notebook 07 can train the network from the
learner's own ``conv_layer``, ``pool`` and ``conv_backward`` (where their checks pass)
or from the course's :func:`~course_utils.cnn.conv2d`, :func:`~course_utils.cnn.max_pool`
and :func:`~course_utils.cnn.conv_backward`. Training is plain mini-batch gradient descent
(no momentum, no decay), deterministic under its seed.

The data: :func:`make_bars` draws noisy images that each hold one short bright bar in one
of four directions (:data:`BAR_CLASSES`), and :func:`shift_images` moves them by whole
pixels with zeros coming in, to measure how much accuracy survives a shift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ._validation import check_array, check_callable, check_int, check_real
from .cnn import conv2d, conv_backward, max_pool, max_pool_backward, relu

__all__ = ["BAR_CLASSES", "BARS", "TRAINING", "make_bars", "shift_images",
           "softmax_cross_entropy", "TinyCNN", "train_tiny_cnn"]

#: The four classes of :func:`make_bars`: the direction of the bar.
BAR_CLASSES = ("horizontal", "vertical", "diagonal \\", "diagonal /")

#: Notebook 07's images: 12×12, bars of 4 pixels at least 3 pixels from every side (so a
#: shift of up to 3 pixels keeps them whole), noise of standard deviation 0.2.
BARS = {"size": 12, "length": 4, "noise": 0.2, "margin": 3}

#: Notebook 07's training: 4 filters of 3×3, 300 steps of 12 images each.
TRAINING = {"filters": 4, "kernel": 3, "steps": 300, "batch": 12, "seed": 0}

#: The (row, column) step from one pixel of a bar to the next, for each class.
_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1))


def make_bars(count: int, size: int = 16, length: int = 5, noise: float = 0.4,
              margin: int = 0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` noisy size×size images, each with one bright bar in one of four directions.

    The bar (``length`` pixels of value 1, one pixel wide) lies at a random position at
    least ``margin`` pixels from every side; Gaussian noise of standard deviation
    ``noise`` is added everywhere. The class is drawn at random, evenly.

    Parameters
    ----------
    count : int
        How many images.
    size : int
        Their side in pixels.
    length : int
        The bar's length in pixels (at least 2, so that it has a direction).
    noise : float
        The noise's standard deviation (0 for clean images).
    margin : int
        The bar's least distance from the sides.
    seed : int
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same images.

    Returns
    -------
    images : numpy.ndarray
        count×size×size float64.
    labels : numpy.ndarray
        count ints, indices into :data:`BAR_CLASSES`.

    Examples
    --------
    >>> images, labels = make_bars(4, size=8, length=4, noise=0.0, seed=1)
    >>> images.shape, sorted(set(images.ravel().tolist()))
    ((4, 8, 8), [0.0, 1.0])
    >>> [int(image.sum()) for image in images]      # one bar of 4 pixels each
    [4, 4, 4, 4]
    """
    count = check_int(count, "count", minimum=1)
    size = check_int(size, "size", minimum=2)
    length = check_int(length, "length", minimum=2)
    margin = check_int(margin, "margin", minimum=0)
    if length + 2 * margin > size:
        raise ValueError(f"length + 2 * margin must be at most size ({size}), got "
                         f"length={length}, margin={margin}")
    noise = check_real(noise, "noise", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(BAR_CLASSES), size=count)
    images = np.zeros((count, size, size))
    low, high = margin, size - margin          # the bar stays inside [low, high)
    for k, label in enumerate(labels):
        dr, dc = _STEPS[int(label)]
        span = length - 1
        r = rng.integers(low, high - dr * span)
        c = (rng.integers(low, high - span) if dc == 1 else
             rng.integers(low + span, high) if dc == -1 else rng.integers(low, high))
        for t in range(length):
            images[k, r + dr * t, c + dc * t] = 1.0
    if noise:
        images += rng.normal(scale=noise, size=images.shape)
    return images, labels


def shift_images(images, rows: int = 0, cols: int = 0) -> np.ndarray:
    """Move every image of an N×H×W stack by ``rows`` down and ``cols`` right (negative:
    up, left); zeros come in, what leaves the frame is lost (no wrapping around).

    Examples
    --------
    >>> shift_images(np.arange(1.0, 5.0).reshape(1, 2, 2), cols=1)[0].tolist()
    [[0.0, 1.0], [0.0, 3.0]]
    """
    stack = check_array(images, "images", ndims=(3,), layouts={3: "N×H×W"}).astype(np.float64)
    _, height, width = stack.shape
    rows = check_int(rows, "rows", minimum=-(height - 1), maximum=height - 1)
    cols = check_int(cols, "cols", minimum=-(width - 1), maximum=width - 1)
    out = np.zeros_like(stack)
    out[:, max(rows, 0):height + min(rows, 0), max(cols, 0):width + min(cols, 0)] = \
        stack[:, max(-rows, 0):height - max(rows, 0), max(-cols, 0):width - max(cols, 0)]
    return out


def softmax_cross_entropy(logits, label: int) -> tuple[float, np.ndarray]:
    """The loss −log softmax(logits)[label] and its gradient softmax(logits) − one-hot.

    Examples
    --------
    >>> loss, grad = softmax_cross_entropy([0.0, 0.0], 1)
    >>> round(loss, 4), grad.tolist()
    (0.6931, [0.5, -0.5])
    """
    z = check_array(logits, "logits", ndims=(1,), finite=True).astype(np.float64)
    label = check_int(label, "label", minimum=0, maximum=z.size - 1)
    shifted = z - z.max()                      # the same softmax, no overflow
    p = np.exp(shifted) / np.exp(shifted).sum()
    grad = p.copy()
    grad[label] -= 1.0
    return float(np.log(np.exp(shifted).sum()) - shifted[label]), grad


@dataclass
class TinyCNN:
    """conv (F filters of k×k, stride 1, no padding) → ReLU → max pool → linear → softmax.

    ``w1`` is F×1×k×k and ``b1`` F (the convolution), ``w2`` classes×features and ``b2``
    classes (the linear layer on the flattened pooled maps). ``conv(x, w, b, stride,
    padding)``, ``pool(a, size)`` and ``backward(x, w, b, dout, stride, padding)`` are the
    layer functions used (the course's by default).

    Examples
    --------
    >>> net = TinyCNN(w1=np.ones((1, 1, 3, 3)), b1=np.zeros(1), w2=np.eye(4, 4),
    ...               b2=np.zeros(4))
    >>> image = np.zeros((6, 6))
    >>> image[4, 1:5] = 1.0                         # a horizontal bar in the bottom half
    >>> logits, (x, z, a, p) = net.forward(image)
    >>> z.shape, p.shape, logits.tolist()           # 4×4 map, 2×2 pooled: bottom half only
    ((1, 4, 4), (1, 2, 2), [0.0, 0.0, 3.0, 3.0])
    """

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    pool_size: int = 2
    conv: Callable = field(default=conv2d, repr=False)
    pool: Callable = field(default=max_pool, repr=False)
    backward: Callable = field(default=conv_backward, repr=False)

    def forward(self, image):
        """The logits of one H×W image, and what the backward pass needs: (x, z, a, p)."""
        x = np.asarray(image, dtype=np.float64)[None]
        z = np.asarray(self.conv(x, self.w1, self.b1, 1, 0), dtype=np.float64)
        a = relu(z)
        p = np.asarray(self.pool(a, self.pool_size), dtype=np.float64)
        return self.w2 @ p.ravel() + self.b2, (x, z, a, p)

    def loss_and_gradients(self, image, label: int):
        """The cross-entropy of one image and its gradients (w1, b1, w2, b2), by backprop."""
        logits, (x, z, a, p) = self.forward(image)
        loss, d_logits = softmax_cross_entropy(logits, label)
        d_p = (self.w2.T @ d_logits).reshape(p.shape)
        d_z = max_pool_backward(a, d_p, self.pool_size) * (z > 0)      # through the ReLU
        _, d_w1, d_b1 = self.backward(x, self.w1, self.b1, d_z, 1, 0)
        return loss, (np.asarray(d_w1, dtype=np.float64), np.asarray(d_b1, dtype=np.float64),
                      np.outer(d_logits, p.ravel()), d_logits)

    def predict(self, images) -> np.ndarray:
        """The class (index of the largest logit) of each image of an N×H×W stack."""
        stack = check_array(images, "images", ndims=(3,), layouts={3: "N×H×W"})
        return np.array([int(np.argmax(self.forward(image)[0])) for image in stack])

    def accuracy(self, images, labels) -> float:
        """The share of images whose predicted class is their label."""
        return float(np.mean(self.predict(images) == np.asarray(labels)))


def train_tiny_cnn(images, labels, *, filters: int = 4, kernel: int = 3, pool_size: int = 2,
                   steps: int = 300, batch: int = 16, learning_rate: float = 0.1, seed: int = 0,
                   conv: Callable = conv2d, pool: Callable = max_pool,
                   backward: Callable = conv_backward) -> tuple[TinyCNN, list[float]]:
    """Train a :class:`TinyCNN` by plain mini-batch gradient descent; return it and the
    mean loss of each step's batch.

    The filters start as Gaussian noise (standard deviation 0.5), the linear layer as
    Gaussian noise scaled by 1/√features, the biases at 0; each step draws ``batch``
    images without replacement and moves every parameter by −``learning_rate`` × the
    batch's mean gradient. ``conv``, ``pool`` and ``backward`` are as in :class:`TinyCNN`.

    Examples
    --------
    >>> images, labels = make_bars(64, size=8, length=4, noise=0.1, seed=3)
    >>> net, losses = train_tiny_cnn(images, labels, steps=30, batch=8, seed=0)
    >>> len(losses), bool(np.mean(losses[-5:]) < np.mean(losses[:5]))
    (30, True)
    """
    stack = check_array(images, "images", ndims=(3,), finite=True,
                        layouts={3: "N×H×W"}).astype(np.float64)
    y = check_array(labels, "labels", ndims=(1,))
    if y.shape[0] != stack.shape[0]:
        raise ValueError(f"labels must have one entry per image ({stack.shape[0]}), "
                         f"got {y.shape[0]}")
    if not np.all((y == np.round(y)) & (y >= 0) & (y < len(BAR_CLASSES))):
        raise ValueError(f"labels must be whole numbers from 0 to {len(BAR_CLASSES) - 1}")
    y = y.astype(int)
    filters = check_int(filters, "filters", minimum=1)
    kernel = check_int(kernel, "kernel", minimum=1, maximum=min(stack.shape[1:]) - 1)
    steps = check_int(steps, "steps", minimum=1)
    batch = check_int(batch, "batch", minimum=1, maximum=stack.shape[0])
    learning_rate = check_real(learning_rate, "learning_rate", minimum=0.0)
    seed = check_int(seed, "seed", minimum=0)
    for function, name in ((conv, "conv"), (pool, "pool"), (backward, "backward")):
        check_callable(function, name)
    rng = np.random.default_rng(seed)
    pool_size = check_int(pool_size, "pool_size", minimum=1,
                          maximum=min(stack.shape[1:]) - kernel + 1)
    side = [(n - kernel + 1) // pool_size for n in stack.shape[1:]]
    features = filters * side[0] * side[1]
    net = TinyCNN(w1=rng.normal(scale=0.5, size=(filters, 1, kernel, kernel)),
                  b1=np.zeros(filters),
                  w2=rng.normal(scale=1 / np.sqrt(features), size=(len(BAR_CLASSES), features)),
                  b2=np.zeros(len(BAR_CLASSES)), pool_size=pool_size, conv=conv, pool=pool,
                  backward=backward)
    parameters = (net.w1, net.b1, net.w2, net.b2)
    losses = []
    for _ in range(steps):
        sums = [np.zeros_like(value) for value in parameters]
        total = 0.0
        for k in rng.choice(stack.shape[0], size=batch, replace=False):
            loss, grads = net.loss_and_gradients(stack[k], int(y[k]))
            total += loss
            for running, grad in zip(sums, grads, strict=True):
                running += grad
        for value, running in zip(parameters, sums, strict=True):
            value -= learning_rate * running / batch
        losses.append(total / batch)
    return net, losses
