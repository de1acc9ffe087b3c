"""The small CNN of notebook 07 (course_utils.network): its gradients against finite
differences, its data, the accuracy the notebook states, determinism, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import shift as nd_shift
from scipy.special import log_softmax

from course_utils.checks import nb07
from course_utils.network import (
    BAR_CLASSES,
    BARS,
    TRAINING,
    TinyCNN,
    make_bars,
    shift_images,
    softmax_cross_entropy,
    train_tiny_cnn,
)


def small_net(rng, pool_size=2):
    return TinyCNN(w1=rng.normal(size=(3, 1, 3, 3)), b1=rng.normal(size=3) * 0.1,
                   w2=rng.normal(size=(4, 3 * (6 // pool_size) ** 2)), b2=rng.normal(size=4),
                   pool_size=pool_size)


@pytest.mark.parametrize("pool_size", [2, 3, 6])
def test_backprop_matches_finite_differences(rng, pool_size):
    net = small_net(rng, pool_size)
    image, label = rng.normal(size=(8, 8)), 2
    _, grads = net.loss_and_gradients(image, label)
    for value, grad in zip((net.w1, net.b1, net.w2, net.b2), grads, strict=True):
        numerical = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            keep = value[index]
            value[index] = keep + 1e-6
            up = softmax_cross_entropy(net.forward(image)[0], label)[0]
            value[index] = keep - 1e-6
            down = softmax_cross_entropy(net.forward(image)[0], label)[0]
            value[index] = keep
            numerical[index] = (up - down) / 2e-6
        assert grad.shape == value.shape
        assert np.allclose(grad, numerical, atol=1e-6, rtol=1e-5)


def test_softmax_cross_entropy_matches_scipy(rng):
    logits = rng.normal(size=5) * 30          # large values: no overflow
    loss, grad = softmax_cross_entropy(logits, 3)
    assert loss == pytest.approx(-log_softmax(logits)[3], abs=1e-12)
    expected = np.exp(log_softmax(logits))
    expected[3] -= 1
    assert np.allclose(grad, expected, atol=1e-12) and grad.sum() == pytest.approx(0, abs=1e-12)


def test_bars_have_their_length_direction_and_margin():
    images, labels = make_bars(200, size=12, length=4, noise=0.0, margin=3, seed=5)
    assert set(np.unique(labels)) == set(range(len(BAR_CLASSES)))
    for image, label in zip(images, labels, strict=True):
        rows, cols = np.nonzero(image)
        assert len(rows) == 4 and rows.min() >= 3 and cols.min() >= 3
        assert rows.max() <= 8 and cols.max() <= 8
        dr, dc = np.diff(rows), np.diff(cols[np.argsort(rows, kind="stable")])
        direction = {(0, 1): 0, (1, 0): 1, (1, 1): 2, (1, -1): 3}
        step = (0, 1) if (dr == 0).all() else (1, int(dc[0]))
        assert (dr == dr[0]).all() and direction[step] == label


def test_noise_has_the_stated_spread_and_seeds_repeat():
    clean, _ = make_bars(300, noise=0.0, seed=4)
    noisy, _ = make_bars(300, noise=0.2, seed=4)
    assert 0.19 < (noisy - clean).std() < 0.21
    again, _ = make_bars(300, noise=0.2, seed=4)
    assert np.array_equal(noisy, again)


@pytest.mark.parametrize(("rows", "cols"), [(0, 2), (3, 0), (-2, 1), (1, -3)])
def test_shift_images_is_scipy_shift_with_zeros(rng, rows, cols):
    images = rng.normal(size=(3, 7, 9))
    expected = np.stack([nd_shift(image, (rows, cols), order=0, mode="constant", cval=0.0)
                         for image in images])
    assert np.array_equal(shift_images(images, rows, cols), expected)


def notebook_data():
    train = make_bars(800, **BARS, seed=1)
    test = make_bars(200, **BARS, seed=2)
    return train, test


@pytest.fixture(scope="module")
def trained():
    """Notebook 07's two networks, trained with the course's layer functions."""
    (x, y), test = notebook_data()
    small = train_tiny_cnn(x, y, pool_size=2, learning_rate=0.3, **TRAINING)
    whole = train_tiny_cnn(x, y, pool_size=10, learning_rate=0.5, **TRAINING)
    return small, whole, test


def test_training_reaches_the_bounds_notebook_07_prints(trained):
    (small, losses), (whole, _), (xt, yt) = trained
    assert np.mean(losses[-20:]) < 0.1 and round(float(np.mean(losses[:20])), 1) == 1.3
    assert small.accuracy(xt, yt) >= 0.95            # "at least 95%"
    assert whole.accuracy(xt, yt) >= 0.90            # "at least 90%"
    assert 1 / len(BAR_CLASSES) == 0.25               # chance, as the notebook says


def test_a_shift_hurts_the_small_pool_more_than_the_whole_map_pool(trained):
    """Notebook 07's prose: 2×2 pooling loses accuracy from 1 px on and is at 40-50% at
    3 px; global pooling keeps at least 80% at every shift, but not all of it."""
    (small, _), (whole, _), (xt, yt) = trained
    small_acc = [small.accuracy(shift_images(xt, 0, s), yt) for s in range(4)]
    whole_acc = [whole.accuracy(shift_images(xt, 0, s), yt) for s in range(4)]
    assert small_acc[1] < 0.9 <= small_acc[0] and 0.4 <= small_acc[3] < 0.5
    assert min(whole_acc) >= 0.8 and whole_acc[3] < whole_acc[0]
    assert all(w >= s for w, s in zip(whole_acc[1:], small_acc[1:], strict=True))


def test_the_learned_filters_are_lines_not_the_bank_kernels(trained):
    """Notebook 07: no filter within a cosine of 0.6 of sobel_x, sobel_y or laplacian;
    three of four above 0.65 with a 3-pixel line of one direction."""
    from course_utils import KERNEL_BANK
    (small, _), _, _ = trained

    def cosine(a, b):
        a, b = a - a.mean(), b - b.mean()
        return abs(float((a * b).sum() / (np.linalg.norm(a) * np.linalg.norm(b))))

    lines = [np.array([[0, 0, 0], [1, 1, 1], [0, 0, 0]]), np.array([[0, 1, 0]] * 3),
             np.eye(3), np.eye(3)[::-1]]
    filters = small.w1[:, 0]
    assert max(cosine(f, KERNEL_BANK[n]) for f in filters
               for n in ("sobel_x", "sobel_y", "laplacian")) < 0.6
    near_a_line = [max(cosine(f, line) for line in lines) > 0.65 for f in filters]
    assert near_a_line == [True, True, False, True]        # "the third is near no single line"


def test_training_is_deterministic_and_the_learners_layers_give_the_same_network():
    (x, y), _ = notebook_data()
    settings = dict(TRAINING, steps=15)
    first, losses = train_tiny_cnn(x, y, **settings)
    second, again = train_tiny_cnn(x, y, **settings)
    assert losses == again and np.array_equal(first.w1, second.w1)
    names: dict = {"np": np}
    for exercise in (nb07.q1, nb07.q2, nb07.q5):
        exec(exercise.solution_text, names)  # noqa: S102 - the worked solutions
    theirs, their_losses = train_tiny_cnn(x, y, conv=names["conv_layer"], pool=names["pool"],
                                          backward=names["conv_backward"], **settings)
    assert np.allclose(their_losses, losses, atol=1e-9)
    assert np.allclose(theirs.w1, first.w1, atol=1e-9)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: make_bars(0), ValueError, "count"),
    (lambda: make_bars(5, size=12, length=8, margin=3), ValueError, "length \\+ 2 \\* margin"),
    (lambda: make_bars(5, noise=-1.0), ValueError, "noise"),
    (lambda: shift_images(np.zeros((4, 4)), 1), ValueError, "images must be"),
    (lambda: shift_images(np.zeros((1, 4, 4)), 4), ValueError, "rows"),
    (lambda: softmax_cross_entropy([0.0, 1.0], 2), ValueError, "label"),
    (lambda: train_tiny_cnn(np.zeros((4, 6, 6)), [0, 1]), ValueError, "labels must have one"),
    (lambda: train_tiny_cnn(np.zeros((2, 6, 6)), [0, 7]), ValueError, "labels must be whole"),
    (lambda: train_tiny_cnn(np.zeros((2, 6, 6)), [0, 1], batch=3), ValueError, "batch"),
    (lambda: train_tiny_cnn(np.zeros((2, 6, 6)), [0, 1], batch=2, pool_size=5), ValueError,
     "pool_size"),
    (lambda: train_tiny_cnn(np.zeros((2, 6, 6)), [0, 1], batch=2,
                                   learning_rate=-0.1), ValueError,
     "learning_rate"),
    (lambda: train_tiny_cnn(np.zeros((2, 6, 6)), [0, 1], batch=2, conv="conv2d"), TypeError,
     "conv"),
])
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()
