"""The NumPy CNN pieces: layer arithmetic against correlate, and kernel learning."""

import numpy as np
import pytest
from conftest import random_image, scipy_answer
from scipy.signal import correlate2d

from course_utils import KERNEL_BANK, correlate, load_image
from course_utils.cnn import (
    compose_kernels,
    conv2d,
    conv_backward,
    conv_output_size,
    conv_parameter_count,
    correlate_valid,
    dense_parameter_count,
    dilate_kernel,
    kernel_gradient,
    kernel_loss,
    layer_cost,
    learn_kernel,
    max_pool,
    max_pool_backward,
    relative_change,
    relu,
    standardize,
)


def photo_pair(name):
    """The course's learning set-up: a standardised 64×64 camera crop and its filtered copy."""
    x = standardize(load_image("camera")[384:448, 160:224] / 255.0)
    return x, correlate(x, KERNEL_BANK[name])[1:-1, 1:-1]


@pytest.mark.parametrize("name", ["sobel_x", "laplacian", "emboss"])
def test_gradient_descent_recovers_bank_kernels_within_1e_3(name):
    x, y = photo_pair(name)
    result = learn_kernel(x, y, steps=300, learning_rate=0.05)
    assert np.abs(result.kernel - KERNEL_BANK[name]).max() < 1e-3
    assert result.losses[-1] < 1e-3 * result.losses[0]
    assert np.all(np.diff(result.losses) <= 1e-12)  # plain GD on a quadratic never goes up


def test_a_convolving_model_learns_the_flipped_kernel():
    x, y = photo_pair("sobel_x")
    learned = learn_kernel(x, y, steps=300, learning_rate=0.05, operation="convolve").kernel
    assert np.abs(learned - KERNEL_BANK["sobel_x"][::-1, ::-1]).max() < 1e-3
    assert np.abs(learned - KERNEL_BANK["sobel_x"]).max() > 1


def test_gradient_is_a_correlation_of_input_and_error(rng):
    x, target, kernel = rng.normal(size=(9, 9)), rng.normal(size=(7, 7)), rng.normal(size=(3, 3))
    error = correlate_valid(x, kernel) - target
    np.testing.assert_allclose(kernel_gradient(x, target, kernel),
                               2 / error.size * correlate_valid(x, error), atol=1e-12)
    assert kernel_loss(x, target, kernel) == pytest.approx(np.mean(error ** 2))


@pytest.mark.parametrize("size,kernel,stride,padding",
                         [(32, 3, 1, 1), (32, 3, 2, 1), (28, 5, 1, 0), (27, 3, 2, 0),
                          (224, 7, 2, 3), (10, 4, 3, 2), (5, 5, 1, 0)])
def test_output_size_formula_matches_the_layer(rng, size, kernel, stride, padding):
    expected = (size + 2 * padding - kernel) // stride + 1
    assert conv_output_size(size, kernel, stride, padding) == expected
    x = rng.normal(size=(2, size, size + 1))
    out = conv2d(x, rng.normal(size=(3, 2, kernel, kernel)), stride=stride, padding=padding)
    assert out.shape == (3, expected, conv_output_size(size + 1, kernel, stride, padding))


@pytest.mark.parametrize("stride", [1, 2, 3])
def test_single_channel_layer_is_correlate_with_zero_border(rng, stride):
    image = random_image(rng, (15, 14))
    kernel = rng.normal(size=(3, 3))
    expected = scipy_answer(image, kernel, mode="constant")[::stride, ::stride]
    np.testing.assert_allclose(conv2d(image, kernel, stride=stride, padding=1)[0], expected,
                               atol=1e-9)


def test_multi_channel_layer_sums_correlations_per_channel(rng):
    x = rng.normal(size=(3, 10, 12))
    w = rng.normal(size=(4, 3, 3, 5))
    b = rng.normal(size=4)
    out = conv2d(x, w, bias=b, padding=0)
    for o in range(4):
        expected = b[o] + sum(correlate2d(x[c], w[o, c], mode="valid") for c in range(3))
        np.testing.assert_allclose(out[o], expected, atol=1e-9)


def test_relu_zeroes_exactly_the_negatives():
    x = np.array([[-2.0, -0.0, 0.5], [3.0, -1e-300, 0.0]])
    np.testing.assert_array_equal(relu(x), [[0.0, 0.0, 0.5], [3.0, 0.0, 0.0]])


#: Pooling cases: input shape, window side, stride (None: the side, no overlap).
POOLS = [((8, 9), 2, None), ((7, 10), 3, None), ((3, 11, 8), 2, None), ((9, 9), 3, 1),
         ((2, 10, 13), 3, 2), ((6, 7), 2, 3), ((5, 6), 1, None), ((12, 12), 4, 4)]


def _skimage_max_pool(x, size, stride):
    """skimage's pooling: block_reduce for blocks, view_as_windows for overlaps."""
    from skimage.measure import block_reduce
    from skimage.util import view_as_windows

    window = (1,) * (x.ndim - 2) + (size, size)
    if stride in (None, size):
        rows, cols = x.shape[-2] // size * size, x.shape[-1] // size * size
        return block_reduce(x[..., :rows, :cols], window, np.max)
    step = (1,) * (x.ndim - 2) + (stride, stride)
    return view_as_windows(x, window, step).max(axis=tuple(range(x.ndim, 2 * x.ndim)))


@pytest.mark.parametrize("shape, size, stride", POOLS)
def test_max_pool_matches_skimage_on_whole_arrays(rng, shape, size, stride):
    x = rng.normal(size=shape)
    expected = _skimage_max_pool(x, size, stride)
    got = max_pool(x, size) if stride is None else max_pool(x, size, stride=stride)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def _loop_max_pool(x, size, stride, padding):
    """Max pooling by a double loop over the output, the border padded with -inf."""
    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2,
                constant_values=-np.inf)
    rows = (xp.shape[-2] - size) // stride + 1
    cols = (xp.shape[-1] - size) // stride + 1
    out = np.empty((*x.shape[:-2], rows, cols))
    for i in range(rows):
        for j in range(cols):
            window = xp[..., stride * i:stride * i + size, stride * j:stride * j + size]
            out[..., i, j] = window.max(axis=(-2, -1))
    return out


@pytest.mark.parametrize("shape, size, stride, padding", [
    ((9, 9), 3, 2, 1), ((2, 12, 10), 3, 2, 1), ((3, 7, 8), 2, 2, 1), ((13, 11), 3, 2, 0),
    ((8, 7), 5, 3, 2), ((2, 6, 9), 3, 1, 1)])
def test_max_pool_with_padding_matches_a_loop_and_skimage_windows(rng, shape, size, stride,
                                                                  padding):
    from skimage.util import view_as_windows

    x = rng.normal(size=shape) - 1.0           # mostly negative: a 0 border would show
    got = max_pool(x, size, stride=stride, padding=padding)
    np.testing.assert_array_equal(got, _loop_max_pool(x, size, stride, padding))
    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2,
                constant_values=-np.inf)
    window = (1,) * (x.ndim - 2) + (size, size)
    step = (1,) * (x.ndim - 2) + (stride, stride)
    expected = view_as_windows(xp, window, step).max(axis=tuple(range(x.ndim, 2 * x.ndim)))
    np.testing.assert_array_equal(got, expected)
    assert np.isfinite(got).all()              # every window holds a pixel of x


def test_max_pool_overlapping_and_padded_by_hand():
    x = np.array([[-1, -5, -2, -8],
                  [-3, -4, -9, -6],
                  [-7, -2, -1, -3],
                  [-6, -8, -4, -5]])
    # 3×3 windows at stride 2 on the map padded by one -inf row and column on every side:
    # windows start at padded rows/columns 0 and 2, that is at x's -1 and 1.
    np.testing.assert_array_equal(max_pool(x, 3, stride=2, padding=1), [[-1, -2], [-2, -1]])
    # with a 0 border every one of these windows would give 0
    np.testing.assert_array_equal(max_pool(x, 3, stride=2), [[-1]])   # overlapping, no pad


def test_max_pool_by_hand():
    x = np.array([[1, 9, 2, 0, 5],
                  [3, 4, 8, 7, 6],
                  [0, 2, 1, 3, 9]])
    np.testing.assert_array_equal(max_pool(x, 2), [[9, 8]])
    np.testing.assert_array_equal(max_pool(x, 2, stride=1), [[9, 9, 8, 7], [4, 8, 8, 9]])
    np.testing.assert_array_equal(max_pool(x, 3, stride=2), [[9, 9]])


def test_parameter_counts():
    assert dense_parameter_count(512 * 512, 512 * 512) == 512 ** 4 + 512 ** 2
    assert conv_parameter_count(1, 64, (3, 3)) == 640
    assert conv_parameter_count(3, 64, (3, 3), bias=False) == 3 * 64 * 9


def test_composed_kernel_equals_two_passes(rng):
    image = random_image(rng, (24, 24))
    blur, sobel = np.full((3, 3), 1 / 9), KERNEL_BANK["sobel_x"]
    both = compose_kernels(blur, sobel)
    assert both.shape == (5, 5)
    np.testing.assert_allclose(correlate(correlate(image, blur, mode="wrap"), sobel, mode="wrap"),
                               correlate(image, both, mode="wrap"), atol=1e-9)


def test_pooling_makes_the_response_less_sensitive_to_shifts():
    """The notebook's measurement: shift an object, compare raw and pooled responses."""
    canvas = np.zeros((104, 104))
    canvas[20:84, 20:84] = load_image("camera")[60:124, 180:244]
    kernel = KERNEL_BANK["sobel_x"]
    raw = relu(correlate(canvas, kernel))
    for shift in (1, 2, 3):
        raw_moved = relu(correlate(np.roll(canvas, shift, axis=1), kernel))
        assert relative_change(raw, raw_moved) > 0.9
        assert relative_change(max_pool(raw, 16), max_pool(raw_moved, 16)) < 0.25


@pytest.mark.parametrize("call,error,match", [
    (lambda: conv_output_size(3, 5), ValueError, "larger than the padded input"),
    (lambda: conv_output_size(8, 3, stride=0), ValueError,
     "stride must be an integer of at least 1, got 0"),
    (lambda: conv_output_size(8, 3, padding=1.5), TypeError, "padding must be an integer"),
    (lambda: conv2d(np.zeros((2, 5, 5)), np.zeros((1, 3, 3, 3))), ValueError, "input channels"),
    (lambda: conv2d(np.zeros((5, 5)), np.zeros((3, 3, 3))), ValueError, "weights must be"),
    (lambda: conv2d(np.zeros((5, 5)), np.zeros((3, 3)), bias=[1, 2]), ValueError, "bias"),
    (lambda: max_pool(np.zeros((3, 3)), 4), ValueError, "size 4 is larger"),
    (lambda: max_pool(np.zeros(3)), ValueError, "x must be"),
    (lambda: max_pool(np.zeros((4, 4)), 3, padding=2), ValueError,
     r"padding must be at most size // 2 = 1"),
    (lambda: max_pool(np.zeros((4, 4)), 3, padding=-1), ValueError, "padding"),
    (lambda: learn_kernel(np.zeros((5, 5)), np.zeros((2, 2))), ValueError, "target must"),
    (lambda: learn_kernel(np.ones((5, 5)), np.zeros((3, 3)), learning_rate=-1), ValueError,
     "learning_rate"),
    (lambda: kernel_loss(np.ones((5, 5)), np.zeros((3, 3)), np.eye(3), "conv"), ValueError,
     "operation must be one of"),
    (lambda: relative_change([0.0], [1.0]), ValueError, "all zeros"),
    (lambda: relative_change([1.0], [1.0, 2.0]), ValueError, "same shape"),
    (lambda: standardize(np.ones((3, 3))), ValueError, "constant"),
    (lambda: correlate_valid(np.ones((3, 3)), np.ones((4, 1))), ValueError, "fit inside"),
    (lambda: conv_backward(np.zeros((2, 5, 5)), np.zeros((1, 3, 3, 3)), None,
                           np.zeros((1, 3, 3))), ValueError, "w has 3 input channels"),
    (lambda: conv_backward(np.zeros((1, 5, 5)), np.zeros((1, 1, 3, 3)), None,
                           np.zeros((1, 5, 5))), ValueError, r"dout must have the layer's "
                                                             r"output shape \(1, 3, 3\)"),
    (lambda: conv_backward(np.zeros((1, 5, 5)), np.zeros((1, 1, 3, 3)), [1.0, 2.0],
                           np.zeros((1, 3, 3))), ValueError, "b must have shape"),
    (lambda: conv_backward(np.zeros((1, 5, 5)), np.zeros((3, 3)), None, np.zeros((1, 3, 3))),
     ValueError, "w must be"),
    (lambda: conv_backward(np.zeros((1, 5, 5)), np.zeros((1, 1, 3, 3)), None,
                           np.zeros((1, 3, 3)), stride=0), ValueError, "stride"),
    (lambda: max_pool_backward(np.zeros((4, 4)), np.zeros((3, 3))), ValueError,
     "dout must have the pooled shape"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_old_import_paths_still_work():
    """Notebook 07 and fast.py import these from course_utils.cnn; they live in valid and
    learning now and cnn re-exports the same objects."""
    import course_utils.cnn as cnn
    import course_utils.learning as learning
    import course_utils.valid as valid

    for module in (valid, learning):
        for name in module.__all__:
            if hasattr(cnn, name):
                assert getattr(cnn, name) is getattr(module, name)
    for name in ("correlate_valid", "convolve_valid", "im2col", "conv_output_size",
                 "learn_kernel", "kernel_gradient", "kernel_loss", "numerical_gradient",
                 "LearnedKernel", "standardize"):
        assert hasattr(cnn, name), name
    assert not set(cnn.__all__) & (set(valid.__all__) | set(learning.__all__))


def test_learn_kernel_steps_with_kernel_gradient(monkeypatch):
    """The gradient a learner reads is the code that learns: replace it and learning changes."""
    import course_utils.learning as learning

    x, y = photo_pair("laplacian")
    calls, original = [], learning.kernel_gradient

    def recording(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(learning, "kernel_gradient", recording)
    result = learning.learn_kernel(x, y, steps=5)
    assert len(calls) == 5
    monkeypatch.setattr(learning, "kernel_gradient", lambda *args: np.zeros((3, 3)))
    assert np.array_equal(learning.learn_kernel(x, y, steps=5).kernel, np.zeros((3, 3)))
    assert not np.array_equal(result.kernel, np.zeros((3, 3)))


@pytest.mark.parametrize("shape, size", [(shape, size) for shape, size, stride in POOLS
                                         if stride is None] + [((9, 4), 4), ((4, 4), 4)])
def test_average_pool_matches_skimage_block_reduce_and_drops_leftovers(rng, shape, size):
    from skimage.measure import block_reduce

    from course_utils.cnn import average_pool
    x = rng.normal(size=shape)
    cut = x[..., :shape[-2] // size * size, :shape[-1] // size * size]
    block = (1,) * (x.ndim - 2) + (size, size)
    np.testing.assert_allclose(average_pool(x, size), block_reduce(cut, block, np.mean),
                               rtol=0, atol=1e-15)


def test_average_pool_by_hand():
    from course_utils.cnn import average_pool
    x = np.array([[1, 9, 2, 0, 5],
                  [3, 4, 8, 7, 6],
                  [0, 2, 1, 3, 9]])
    np.testing.assert_array_equal(average_pool(x, 2), [[17 / 4, 17 / 4]])
    with pytest.raises(ValueError, match="size"):
        average_pool(np.zeros((2, 2)), 3)


def test_input_gradient_is_a_full_convolution_and_matches_finite_differences():
    from scipy.signal import convolve2d

    from course_utils.learning import input_gradient, numerical_input_gradient
    rng = np.random.default_rng(12)
    x, kernel = rng.normal(size=(7, 9)), rng.normal(size=(3, 2))
    target = rng.normal(size=(5, 8))
    error = correlate_valid(x, kernel) - target
    got = input_gradient(x, target, kernel)
    np.testing.assert_allclose(got, 2 / error.size * convolve2d(error, kernel, mode="full"))
    np.testing.assert_allclose(got, numerical_input_gradient(x, target, kernel), atol=1e-6)


def _loss_of_layer(x, w, b, g, stride, padding):
    """A linear loss whose gradient with respect to the layer's output is ``g``."""
    return float((conv2d(x, w, b, stride=stride, padding=padding) * g).sum())


def _finite_differences(f, array, h=1e-6):
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        up, down = array.copy(), array.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (f(up) - f(down)) / (2 * h)
    return grad


@pytest.mark.parametrize(("shape", "stride", "padding"), [
    ((2, 7, 6, 3, 3, 2), 1, 0), ((3, 8, 9, 2, 3, 3), 2, 1), ((1, 9, 7, 4, 2, 3), 2, 0),
    ((2, 6, 8, 2, 3, 3), 1, 1), ((2, 10, 9, 3, 3, 3), 3, 2)])
def test_conv_backward_matches_finite_differences(rng, shape, stride, padding):
    c_in, h, w_, c_out, k_h, k_w = shape
    x = rng.normal(size=(c_in, h, w_))
    w = rng.normal(size=(c_out, c_in, k_h, k_w))
    b = rng.normal(size=c_out)
    g = rng.normal(size=conv2d(x, w, b, stride=stride, padding=padding).shape)
    dx, dw, db = conv_backward(x, w, b, g, stride=stride, padding=padding)
    loss = _loss_of_layer
    assert np.allclose(dx, _finite_differences(lambda v: loss(v, w, b, g, stride, padding), x),
                       atol=1e-6, rtol=0)
    assert np.allclose(dw, _finite_differences(lambda v: loss(x, v, b, g, stride, padding), w),
                       atol=1e-6, rtol=0)
    assert np.allclose(db, _finite_differences(lambda v: loss(x, w, v, g, stride, padding), b),
                       atol=1e-6, rtol=0)
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 0), (2, 1), (3, 1)])
def test_conv_backward_input_gradient_is_a_transposed_convolution(rng, stride, padding):
    """dx is scipy's full convolution of the gradient, with stride - 1 zeros between its
    values, and each filter's kernel of each channel, summed over filters, cropped."""
    from scipy.signal import convolve2d, correlate2d
    x, w = rng.normal(size=(2, 9, 8)), rng.normal(size=(3, 2, 3, 2))
    g = rng.normal(size=conv2d(x, w, stride=stride, padding=padding).shape)
    dx, dw, _ = conv_backward(x, w, None, g, stride=stride, padding=padding)
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    spaced = np.zeros((3, stride * (g.shape[1] - 1) + 1, stride * (g.shape[2] - 1) + 1))
    spaced[:, ::stride, ::stride] = g
    for c in range(2):
        full = sum(convolve2d(spaced[o], w[o, c], mode="full") for o in range(3))
        reference = np.zeros(xp.shape[1:])
        reference[:full.shape[0], :full.shape[1]] = full   # rows the stride never reached: 0
        assert np.allclose(dx[c], reference[padding:padding + 9, padding:padding + 8],
                           atol=1e-12, rtol=0)
        for o in range(3):   # dw: the padded input correlated with the spaced gradient
            seen = correlate2d(xp[c], spaced[o], mode="valid")[:w.shape[2], :w.shape[3]]
            assert np.allclose(dw[o, c], seen, atol=1e-12, rtol=0)


def test_max_pool_backward_sends_each_gradient_to_its_windows_maximum(rng):
    x = rng.normal(size=(2, 7, 9))
    g = rng.normal(size=max_pool(x, 2).shape)
    got = max_pool_backward(x, g, 2)
    numerical = _finite_differences(lambda v: float((max_pool(v, 2) * g).sum()), x)
    assert np.allclose(got, numerical, atol=1e-6, rtol=0)
    assert np.count_nonzero(got) == g.size and not got[:, 6:, :].any() and not got[:, :, 8:].any()


def test_max_pool_backward_gives_a_tie_to_the_first_pixel():
    assert max_pool_backward([[1.0, 1.0], [1.0, 1.0]], [[2.0]]).tolist() == [[2.0, 0.0],
                                                                          [0.0, 0.0]]


def test_dilated_correlation_is_correlation_with_the_zero_inserted_kernel(rng):
    from scipy.ndimage import correlate as ndi_correlate

    x, k = rng.normal(size=(15, 13)), rng.normal(size=(3, 2))
    for d in (1, 2, 3):
        wide = dilate_kernel(k, d)
        assert wide.shape == (2 * d + 1, d + 1)
        rows, cols = x.shape[0] - 2 * d, x.shape[1] - d
        by_taps = sum(k[m, n] * x[d * m:d * m + rows, d * n:d * n + cols]
                      for m in range(3) for n in range(2))
        full = ndi_correlate(x, wide, mode="constant")          # centred on the kernel
        top, left = d, (d + 1) // 2                            # the kernel's centre
        np.testing.assert_allclose(by_taps, full[top:top + rows, left:left + cols], atol=1e-12)
    assert dilate_kernel([[1, 2, 3]], 3).tolist() == [[1, 0, 0, 2, 0, 0, 3]]


def test_layer_cost_counts_vgg16_as_published():
    """VGG16's 13 convolution layers (3×3, padding 1, 2×2 pooling after blocks 1-5):
    14,714,688 parameters with biases (Keras' VGG16 without its top), CS231n's table's
    first layer 224·224·64 values and 1,728 weights, and about 15.3 G multiply-adds."""
    blocks = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
    side, channels, macs, params, first = 224, 3, 0, 0, None
    for width, repeat in blocks:
        for _ in range(repeat):
            cost = layer_cost(channels, side, side, width, 3, padding=1)
            first = first or cost
            macs, params, channels = macs + cost[0], params + cost[2], width
        side //= 2
    assert params == 14_714_688
    assert first[1] == 224 * 224 * 64 and first[2] - 64 == 1_728
    assert 15.3e9 < macs < 15.4e9
    # a hand count: 8×8 input, 4 filters of 5×5 over 2 channels, stride 2, padding 1
    assert layer_cost(2, 8, 8, 4, 5, stride=2, padding=1) == (3 * 3 * 4 * 50, 36, 204)
