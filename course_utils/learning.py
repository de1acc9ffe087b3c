"""Learning a kernel back from examples: the loss, its hand-derived gradient, gradient descent.

Given a photo ``x`` and the photo filtered with an unknown kernel ``y``, plain
gradient descent on the mean squared error finds the kernel. The gradient is
derived by hand in :func:`kernel_gradient` (it is itself a correlation, of the
input with the error) and :func:`learn_kernel` steps with exactly that function.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import check_array, check_choice, check_int, check_real, check_shape
from .valid import convolve_valid, correlate_valid

__all__ = [
    "OPERATIONS",
    "kernel_loss",
    "kernel_gradient",
    "numerical_gradient",
    "input_gradient",
    "numerical_input_gradient",
    "LearnedKernel",
    "learn_kernel",
    "standardize",
]

#: What the model does with its kernel: correlate (like deep-learning layers) or convolve.
OPERATIONS = ("correlate", "convolve")


def _check_problem(x, target, kernel, operation: str):
    """Validated float64 ``x``, ``target``, ``kernel`` and ``operation`` of one learning problem.

    It stays here rather than in ``_validation``: each array is checked by the shared
    ``check_array`` and ``check_choice``; what this adds is the learning problem's own
    contract (``target`` has the 'valid' shape of ``x`` and ``kernel``), which only
    the functions of this module share.
    """
    x = check_array(x, "x", ndims=(2,), layouts={2: "H×W"}, finite=True).astype(np.float64)
    kernel = check_array(kernel, "kernel", ndims=(2,), finite=True).astype(np.float64)
    operation = check_choice(operation, OPERATIONS, "operation")
    y = check_array(target, "target", ndims=None, finite=True).astype(np.float64)
    expected = (x.shape[0] - kernel.shape[0] + 1, x.shape[1] - kernel.shape[1] + 1)
    if min(expected) < 1:
        raise ValueError(f"kernel of shape {kernel.shape} must fit inside x of shape {x.shape}")
    if y.shape != expected:
        raise ValueError(f"target must have the 'valid' shape {expected} for x of shape "
                         f"{x.shape} and a {kernel.shape} kernel, got shape {y.shape}")
    return x, y, kernel, operation


def _predict(x: np.ndarray, kernel: np.ndarray, operation: str) -> np.ndarray:
    return correlate_valid(x, kernel) if operation == "correlate" else convolve_valid(x, kernel)


def kernel_loss(x, target, kernel, operation: str = "correlate") -> float:
    r"""Mean squared error of a kernel's prediction: :math:`L = \frac1N \sum (\hat y - y)^2`.

    The prediction is :math:`\hat y` = ``correlate_valid(x, kernel)`` (or
    ``convolve_valid`` when ``operation='convolve'``); ``target`` must have its shape.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(4, 4)
    >>> kernel_loss(x, correlate_valid(x, np.eye(3)), np.eye(3))
    0.0
    """
    x, y, kernel, operation = _check_problem(x, target, kernel, operation)
    return float(np.mean((_predict(x, kernel, operation) - y) ** 2))


def kernel_gradient(x, target, kernel, operation: str = "correlate") -> np.ndarray:
    r"""The gradient of :func:`kernel_loss` with respect to the kernel, derived by hand.

    With :math:`\hat y(i, j) = \sum_{m,n} x(i+m, j+n)\, K(m, n)` and the error
    :math:`e = \hat y - y`, the chain rule gives

    .. math:: \frac{\partial L}{\partial K(m, n)}
              = \frac{2}{N} \sum_{i,j} e(i, j)\, x(i+m, j+n),

    which is the valid correlation of the input with the error map: the same
    operation as the forward pass, with the error as the kernel. For
    ``operation='convolve'`` the forward kernel is flipped, so is its gradient.
    :func:`learn_kernel` steps with this function.

    Examples
    --------
    >>> x = np.arange(25.0).reshape(5, 5)
    >>> g = kernel_gradient(x, np.zeros((3, 3)), np.eye(3))
    >>> np.allclose(g, numerical_gradient(x, np.zeros((3, 3)), np.eye(3)))
    True
    """
    x, y, kernel, operation = _check_problem(x, target, kernel, operation)
    error = _predict(x, kernel, operation) - y
    gradient = 2.0 / error.size * correlate_valid(x, error)
    return gradient if operation == "correlate" else gradient[::-1, ::-1]


def numerical_gradient(x, target, kernel, operation: str = "correlate",
                       step: float = 1e-6) -> np.ndarray:
    """The gradient of :func:`kernel_loss` by central finite differences (to check the hand one).

    Examples
    --------
    >>> x = np.arange(16.0).reshape(4, 4)
    >>> numerical_gradient(x, correlate_valid(x, np.ones((3, 3))), np.ones((3, 3))).round(6) + 0.0
    array([[0., 0., 0.],
           [0., 0., 0.],
           [0., 0., 0.]])
    """
    x, y, kernel, operation = _check_problem(x, target, kernel, operation)
    step = check_real(step, "step", minimum=0, exclusive_minimum=True)
    return _central_differences(lambda k: kernel_loss(x, y, k, operation), kernel, step)


def input_gradient(x, target, kernel) -> np.ndarray:
    r"""The gradient of :func:`kernel_loss` (correlating model) with respect to the INPUT.

    Input pixel :math:`x(p, q)` meets kernel entry :math:`K(p - i, q - j)` in output
    pixel :math:`(i, j)`, so

    .. math:: \frac{\partial L}{\partial x(p, q)}
              = \frac{2}{N} \sum_{i,j} e(i, j)\, K(p - i,\, q - j)
              = \frac{2}{N}\, (e * K)(p, q),

    a true ('full') convolution of the error map with the kernel: the flipped
    kernel of notebook 02, which backpropagation through a correlation layer
    computes. The result has the shape of ``x``.

    Examples
    --------
    >>> x = np.arange(20.0).reshape(4, 5)
    >>> g = input_gradient(x, np.zeros((2, 3)), np.eye(3))
    >>> g.shape, np.allclose(g, numerical_input_gradient(x, np.zeros((2, 3)), np.eye(3)))
    ((4, 5), True)
    """
    x, y, kernel, _ = _check_problem(x, target, kernel, "correlate")
    error = _predict(x, kernel, "correlate") - y
    rows, cols = kernel.shape
    padded = np.pad(error, ((rows - 1, rows - 1), (cols - 1, cols - 1)))
    return 2.0 / error.size * convolve_valid(padded, kernel)


def numerical_input_gradient(x, target, kernel, step: float = 1e-6) -> np.ndarray:
    """:func:`input_gradient` by central finite differences, one input pixel at a time.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(4, 4)
    >>> numerical_input_gradient(x, correlate_valid(x, np.eye(2)), np.eye(2)).round(6) + 0.0
    array([[0., 0., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.]])
    """
    x, y, kernel, _ = _check_problem(x, target, kernel, "correlate")
    step = check_real(step, "step", minimum=0, exclusive_minimum=True)
    return _central_differences(lambda image: kernel_loss(image, y, kernel), x, step)


def _central_differences(loss, array: np.ndarray, step: float) -> np.ndarray:
    """The gradient of ``loss(array)`` by central differences, one entry at a time."""
    gradient = np.zeros_like(array)
    for index in np.ndindex(*array.shape):
        plus, minus = array.copy(), array.copy()
        plus[index] += step
        minus[index] -= step
        gradient[index] = (loss(plus) - loss(minus)) / (2 * step)
    return gradient


def standardize(image) -> np.ndarray:
    """Scale to zero mean and unit standard deviation, as networks do with their inputs.

    Examples
    --------
    >>> standardize([[0, 2], [4, 6]]).round(3)
    array([[-1.342, -0.447],
           [ 0.447,  1.342]])
    """
    x = check_array(image, "image", ndims=(2,), layouts={2: "H×W"}, finite=True)
    x = x.astype(np.float64)
    spread = x.std()
    if spread == 0:
        raise ValueError("image must not be constant (its standard deviation is 0)")
    return (x - x.mean()) / spread


@dataclass
class LearnedKernel:
    """What :func:`learn_kernel` returns: the kernel and the loss at every step.

    Examples
    --------
    >>> result = LearnedKernel(kernel=np.eye(3), losses=np.array([4.0, 1.0, 0.25]))
    >>> float(result.losses[-1] / result.losses[0])
    0.0625
    """

    kernel: np.ndarray
    """The kernel after the last step."""
    losses: np.ndarray
    """The loss before each step (and after the last one)."""


def learn_kernel(x, target, shape=None, steps: int = 300, learning_rate: float = 0.05,
                 operation: str = "correlate", initial=None) -> LearnedKernel:
    r"""Find a kernel from an example pair by plain gradient descent.

    Starts from ``initial`` (zeros by default) and repeats
    :math:`K \leftarrow K - \eta\, \partial L / \partial K` with the hand-derived
    :func:`kernel_gradient`.

    Parameters
    ----------
    x : array_like
        H×W input image (standardised inputs converge fastest).
    target : array_like
        The wanted output, of the 'valid' shape (H-M+1)×(W-N+1).
    shape : tuple of int, optional
        Kernel shape (M, N); (3, 3) by default, or the shape of ``initial``.
    steps : int
        Number of gradient steps.
    learning_rate : float
        Step size :math:`\eta`, a finite number above 0.
    operation : {'correlate', 'convolve'}
        Whether the model correlates (like deep-learning layers) or convolves.
    initial : array_like, optional
        Starting kernel.

    Raises
    ------
    ValueError
        If the loss or the kernel overflows: ``learning_rate`` is too large for
        this input and gradient descent diverges (rather than returning NaN).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(16, 16))
    >>> result = learn_kernel(x, correlate_valid(x, [[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    ...                       steps=200, learning_rate=0.2)
    >>> np.round(result.kernel, 3) + 0.0
    array([[ 0.,  1.,  0.],
           [ 1., -4.,  1.],
           [ 0.,  1.,  0.]])
    """
    steps = check_int(steps, "steps", minimum=1)
    learning_rate = check_real(learning_rate, "learning_rate", minimum=0, exclusive_minimum=True)
    if initial is None:
        kernel = np.zeros((3, 3) if shape is None else check_shape(shape, "shape"))
    else:
        kernel = check_array(initial, "initial", ndims=(2,), finite=True).astype(np.float64)
        if shape is not None and check_shape(shape, "shape") != kernel.shape:
            raise ValueError(f"shape {shape!r} disagrees with initial of shape {kernel.shape}")
    x, y, kernel, operation = _check_problem(x, target, kernel, operation)
    losses = []
    for step in range(steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            losses.append(kernel_loss(x, y, kernel, operation))
            if step < steps:
                kernel = kernel - learning_rate * kernel_gradient(x, y, kernel, operation)
        if not (np.isfinite(losses[-1]) and np.all(np.isfinite(kernel))):
            raise ValueError(
                f"learning_rate {learning_rate!r} is too large for this input: gradient descent "
                f"diverges (the loss grew from {losses[0]:.3g} to {losses[-1]:.3g} and overflowed "
                f"at step {step + 1}); try a smaller learning_rate")
    return LearnedKernel(kernel=kernel, losses=np.array(losses))
