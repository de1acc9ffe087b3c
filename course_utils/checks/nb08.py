"""Exercises of notebook 08 (making it fast): the cost of a separable blur, a rectangle's
sum from an integral image, and splitting a separable kernel into its two factors."""

from __future__ import annotations

import numpy as np

from ..fast import box_sum, integral_image
from ..filtering import separable_factors
from ..i18n import N_, tr, translate
from ..kernels import KERNEL_BANK
from .compare import call_learner, compare_numbers, not_own_function, read_array, read_number
from .framework import CheckResult, Exercise, Refused
from .guard import Forbid

__all__ = ["q1", "q2", "q3", "q4", "NB08_Q2_IMAGE"]

#: The image whose integral table exercise q2 hands to the learner's function
#: (rows, columns, seed): the learner never sees the image, only its table.
NB08_Q2_IMAGE = (37, 53, 7)


def _q2_boxes(rows: int, cols: int, rng) -> list[tuple[int, int, int, int]]:
    """Boxes (top, left, bottom, right), all four inclusive, to try: corners, single
    pixels, the whole image."""
    boxes = [(0, 0, rows - 1, cols - 1), (0, 0, 0, 0), (rows - 1, cols - 1, rows - 1, cols - 1),
             (0, 5, 2, 11), (4, 0, 9, 1)]
    for _ in range(12):
        top, left = int(rng.integers(0, rows)), int(rng.integers(0, cols))
        boxes.append((top, left, int(rng.integers(top, rows)), int(rng.integers(left, cols))))
    return boxes


def _q3_kernels() -> list[tuple[str, np.ndarray]]:
    """The kernels exercise q3 tries the learner's factors() on, as (name, kernel): the
    bank's name, or a description in the learner's language."""
    rng = np.random.default_rng(17)
    return [
        ("sobel_y", KERNEL_BANK["sobel_y"]),
        ("large_blur", KERNEL_BANK["large_blur"]),
        (tr("a random rank-1 5×3 kernel"), np.outer(rng.normal(size=5), rng.normal(size=3))),
        ("[[1, 4, 6, 4, 1]]", np.array([[1.0, 4, 6, 4, 1]])),
        # rank 1 with a zero corner: dividing by K[0, 0] gives NaN
        (tr("a rank-1 3×3 kernel with a zero top-left corner"),
         np.outer([0.0, 1, 2], [3.0, 1, -1])),
        (tr("a rank-1 5×3 kernel whose first row and column are zero"),
         np.outer([0.0, 1, 2, 1, 0], [0.0, 2, 1])),
        ("laplacian", KERNEL_BANK["laplacian"]),
        ("emboss", KERNEL_BANK["emboss"]),
        (tr("a random 3×5 kernel"), rng.normal(size=(3, 5))),
        # rank 2, though close to rank 1: one entry moved by 1e-3 of the largest
        (tr("a 5×5 kernel one entry away from rank 1"), _near_rank_1()),
    ]


def _near_rank_1() -> np.ndarray:
    """The 5×5 binomial blur with one entry moved by 1e-3 of the largest: rank 2."""
    kernel = np.outer([1.0, 4, 6, 4, 1], [1.0, 4, 6, 4, 1])
    kernel[2, 0] += 0.036
    return kernel


def _check_q1(answer) -> CheckResult:
    col, row = separable_factors(KERNEL_BANK["large_blur"])
    M, N = len(col), len(row)
    what = tr("your number of multiplications")
    result = compare_numbers(answer, M + N, what)
    if result.ok:
        return result
    value = read_number(answer, what)
    named = {M * N: tr("{count} is the count without separability, one product per kernel "
                       "entry (M·N); the separable blur does two 1-D passes.", count=M * N),
             M: tr("{count} is one 1-D pass; the separable blur does two, one along the rows "
                   "and one down the columns.", count=M),
             M + N - 2: tr("one short per pass (or that counts additions): how many entries "
                           "does each 1-D kernel hold?"),
             2 * M * N: tr("that doubles the non-separable count; count the entries of the "
                           "two 1-D kernels."),
             2 * (M + N): tr("that counts the additions too (or each pass twice): count the "
                             "multiplications only, one per entry of each 1-D kernel."),
             2: tr("2 is the number of passes; each pass multiplies every entry of its 1-D "
                   "kernel, per pixel."),
             (M + N) * 512 * 512: tr("that is for the whole 512×512 photo; the exercise asks "
                                     "per pixel."),
             1: tr("1 is the package's integer path on a uint8 photo (whole numbers added, one "
                   "multiplication at the end); the exercise counts the separable rung's "
                   "float64 passes, which multiply every entry of their 1-D kernels.")}
    if value in named:
        return CheckResult(False, named[value])
    return result


def _q2_mistakes():
    """The usual indexing mistakes of q2, as (what they are, the sum they give): each is a
    function of the table and the box (top, left, bottom, right, all inclusive). What they
    are is the end of a sentence, its full stop (or question mark) included."""
    swapped = tr("the corners' signs are swapped: which of the four regions is taken away "
                 "twice and must be added back once?")

    def looks(S, t, left, b, r):
        return S[b, r], S[t, r], S[b, left], S[t, left]

    def formula(rows, cols, signs=(1, -1, -1, 1)):
        def wrong(S, t, left, b, r):
            values = looks(S, t + rows[0], left + cols[0], b + rows[1], r + cols[1])
            return sum(sign * value for sign, value in zip(signs, values, strict=True))
        return wrong

    return [
        (tr("off by one at the bottom and at the right: row bottom and column right belong "
            "to the box."), formula((0, 0), (0, 0))),
        (tr("off by one at the bottom: row bottom belongs to the box."),
         formula((0, 0), (0, 1))),
        (tr("off by one at the right: column right belongs to the box."),
         formula((0, 1), (0, 0))),
        (tr("the table is read as if S[i, j] included row i and column j, but it sums "
            "image[:i, :j]."), formula((-1, 0), (-1, 0))),
        (tr("off by one at the top and the left: S[top, ...] and S[..., left] already leave "
            "row top and column left out."), formula((-1, 1), (-1, 1))),
        *[(swapped, formula((0, 1), (0, 1), signs)) for signs in
          ((1, -1, 1, -1), (1, 1, -1, -1), (-1, 1, 1, -1), (1, 1, 1, -1), (1, -1, 1, 1),
           (1, 1, -1, 1))],
        (tr("the corner S[top, left] is not added back: it was taken away twice, with both "
            "strips."), formula((0, 1), (0, 1), (1, -1, -1, 0))),
        (tr("off by one at the top and the left: row top and column left belong to the box, "
            "so the regions taken away must stop before them."), formula((1, 1), (1, 1))),
        (tr("that is S at the corner after the box alone: it sums everything above and to the "
            "left of that corner, the regions above and to the left of the box included; take "
            "them away."), lambda S, t, left, b, r: S[b + 1, r + 1]),
        (tr("that adds up entries of the table, and each entry is already a sum over a whole "
            "region: the box's sum takes four look-ups, not a slice."),
         lambda S, t, left, b, r: S[t:b + 1, left:r + 1].sum()),
    ]


def _q2_named(sums: dict, table) -> str | None:
    """What the learner's sums are, if they are one of :func:`_q2_mistakes` on every box
    where that mistake's look-ups stay inside the table."""
    for what, wrong in _q2_mistakes():
        matched = 0
        for (top, left, bottom, right), got in sums.items():
            try:
                with np.errstate(all="ignore"):
                    value = wrong(table, top, left, bottom, right)
            except IndexError:
                continue
            if value != got:
                break
            matched += 1
        else:
            if matched >= 3:
                return what
    return None


def _check_q2(answer) -> CheckResult:
    not_own_function(answer, tr("a function rect_sum(table, top, left, bottom, right)"),
                     box_sum, tr("write the four look-ups yourself."))
    rows, cols, seed = NB08_Q2_IMAGE
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 256, size=(rows, cols))
    table = integral_image(image)
    boxes = _q2_boxes(rows, cols, rng)
    sums, failed = {}, None
    for top, left, bottom, right in boxes:
        where = tr("the box top={top}, left={left}, bottom={bottom}, right={right}",
                   top=top, left=left, bottom=bottom, right=right)
        try:
            got = call_learner(answer, table.copy(), top, left, bottom, right,
                               where=tr("{box} of a {rows}×{cols} image, whose table is "
                                        "{table_rows}×{table_cols}", box=where, rows=rows,
                                        cols=cols, table_rows=rows + 1, table_cols=cols + 1))
        except Refused:
            if failed is None:
                raise
            break       # a wrong sum came first: name it below rather than the error
        expected = int(image[top:bottom + 1, left:right + 1].sum())
        what = tr("your sum for {where}", where=where)
        result = compare_numbers(got, expected, what)
        if result.ok:
            sums[(top, left, bottom, right)] = got
            continue
        try:        # a number, too large or too small: a mistake of the look-ups to name
            read_number(got, what)
        except Refused:
            return result
        failed = failed or result
        sums[(top, left, bottom, right)] = got
    if failed is not None:
        named = _q2_named(sums, table)
        if named is not None:
            return CheckResult(False, tr("{message}: {mistake}", message=failed.message[:-1],
                                         mistake=named))
        return CheckResult(False, tr("{message}: which rows and columns of the table bound "
                                     "the rectangle? S[i, j] sums image[:i, :j].",
                                     message=failed.message[:-1]))
    return CheckResult(True, tr("your function is right for all {count} boxes tried, on a "
                                "table whose image you never saw.", count=len(boxes)))


def _q3_mistake(kernel: np.ndarray, col: np.ndarray, row: np.ndarray,
                product: np.ndarray) -> str | None:
    """Name the mistake of factors whose outer product is not the kernel, or None."""
    atol = 1e-9 * np.abs(kernel).max()

    def close(a, b):
        return a.shape == b.shape and np.allclose(a, b, rtol=0, atol=atol * max(
            1.0, float(np.abs(b).max()) / float(np.abs(kernel).max())))

    if kernel.shape[0] == kernel.shape[1] and close(product, kernel.T):
        return tr("it is the kernel transposed: col and row are swapped. col runs down the "
                  "rows (one number per row), row along a row.")
    total = float(np.vdot(product, kernel))
    if total != 0 and np.vdot(product, product) != 0:
        scale = float(np.vdot(product, product)) / total
        if abs(scale - 1) > 1e-6 and close(product, scale * kernel):
            return tr("it is the kernel times {scale:.3g}: a scale is missing (the SVD's "
                      "singular value?).", scale=scale)
    u, sigma, vt = np.linalg.svd(kernel)
    row_of_u, column_of_vt = tr("a row of u (u[0]) for col"), tr("a column of vt (vt[:, 0]) "
                                                                 "for row")
    vectors = ((u[0, :kernel.shape[0]] * sigma[0], col, row_of_u),
               (u[0, :kernel.shape[0]], col, row_of_u),
               (vt[:kernel.shape[1], 0], row, column_of_vt))
    for wrong, given, what in vectors:
        if wrong.shape == given.shape and (close(np.abs(given), np.abs(wrong))):
            return tr("you took {what}: the singular vectors are the columns of u and the "
                      "rows of vt.", what=what)
    return None


def _check_q3(answer) -> CheckResult:
    not_own_function(answer, tr("a function factors(kernel)"), separable_factors,
                     tr("write the rank test and the split yourself."))
    kernels = _q3_kernels()
    scaled = None
    for name, kernel in kernels:
        got = call_learner(answer, kernel.copy(), where=name)
        if np.linalg.matrix_rank(kernel) != 1:
            if got is not None:
                return CheckResult(False, tr("your function returned factors for {name}, "
                                             "which is not separable: it should return None.",
                                             name=name))
            continue
        if got is None:
            singular = np.linalg.svd(kernel, compute_uv=False)
            if len(singular) > 1 and singular[1] != 0:
                return CheckResult(False, tr("your function returned None for {name}, which "
                                             "is separable. Its second singular value is not "
                                             "exactly 0 but rounding noise: compare it with "
                                             "the first, with a tolerance.", name=name))
            return CheckResult(False, tr("your function returned None for {name}, which is "
                                         "separable.", name=name))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Refused(tr("for {name} your function should return a pair (col, row).",
                             name=name))
        col, row = (read_array(part, tr("for {name}, {part}", name=name, part=part_name))
                    .ravel() for part, part_name in zip(got, ("col", "row"), strict=True))
        if col.size != kernel.shape[0] or row.size != kernel.shape[1]:
            return CheckResult(False, tr("for {name} ({rows}×{cols}) col should hold {rows} "
                                         "numbers and row {cols}, got {col_size} and "
                                         "{row_size}.", name=name, rows=kernel.shape[0],
                                         cols=kernel.shape[1], col_size=col.size,
                                         row_size=row.size))
        with np.errstate(all="ignore"):
            product = np.outer(col, row)
        if not np.isfinite(product).all():
            return CheckResult(False, tr("for {name}, your factors hold NaN or infinity: did "
                                         "you divide by an entry of the kernel that can be 0?",
                                         name=name))
        if not np.allclose(product, kernel, rtol=0, atol=1e-9 * np.abs(kernel).max()):
            mistake = _q3_mistake(kernel, col, row, product)
            if mistake:
                return CheckResult(False, tr("for {name}, np.outer(col, row) is not the "
                                             "kernel: {mistake}", name=name, mistake=mistake))
            return CheckResult(False, tr("for {name}, np.outer(col, row) is not the kernel.",
                                         name=name))
        if scaled is None and not np.isclose(np.linalg.norm(row), 1, atol=1e-9):
            # said only once every kernel is right: NaN and rank mistakes come first
            scaled = CheckResult(False, tr("for {name}, np.outer(col, row) is the kernel, but "
                                           "row has length {length:.3g}; it should have length "
                                           "1 (np.linalg.norm(row) == 1), with the scale in "
                                           "col.", name=name, length=np.linalg.norm(row)))
    if scaled is not None:
        return scaled
    return CheckResult(True, tr("your function is right for all {count} kernels tried.",
                                count=len(kernels)))


q1 = Exercise(
    _check_q1,
    [N_("A separable filter is two 1-D passes: what does each pass multiply, per pixel?"),
     N_("Look at 'Separable kernels: two 1-D passes': each pass multiplies one entry of its 1-D "
        "kernel per pixel, and separable_factors gives the two 1-D kernels."),
     N_("Skeleton: col, row = separable_factors(<the 21×21 kernel>); answer = <the entries of "
        "col> + <the entries of row>.")],
)

q2 = Exercise(
    _check_q2,
    [N_("Sketch the rectangle and the four regions that start at the top-left corner of the "
        "image."),
     N_("Look at 'The integral image': which pixels does S[i, j] cover, is row i included? "
        "Check your indices on a single-pixel box."),
     N_("Skeleton: the first row and column after the box, then S at that corner minus two "
        "regions plus the one subtracted twice.")],
    forbid=Forbid(("course_utils.fast.box_sum", "course_utils.fast.correlate_integral"),
                  N_("write the four look-ups yourself.")),
)

q3 = Exercise(
    _check_q3,
    [N_("Decide the rank from the singular values: which of them are zero up to rounding?"),
     N_("Look at 'Separable kernels: two 1-D passes': the SVD gives the factors directly. Do "
        "not divide by an entry of the kernel: any of them can be 0."),
     N_("Skeleton: take the SVD (np.linalg.svd gives u, s, vt); None if s[1] is more than a "
        "tiny fraction of s[0]; else the first column of u times s[0], and vt[0] (length 1).")],
    forbid=Forbid(("course_utils.filtering.separable_factors",),
                  N_("write the rank test and the split yourself.")),
)


#: Timings exercise q4 hands to the learner's find_crossover, as (name, sizes, slower
#: method's seconds, faster method's seconds, the crossover): the method that wins for
#: large kernels wins from the crossover on, for every larger size. The names are in
#: English, translated where they are shown.
_Q4_CASES = [
    (N_("a clean crossover"), [3, 5, 7, 9, 11], [1.0, 2.0, 4.0, 8.0, 16.0],
     [3.0, 3.0, 3.0, 3.0, 3.0], 7),
    (N_("a noisy run that wins once at 5 by chance, then loses at 7"),
     [3, 5, 7, 9, 11, 13], [1.0, 3.2, 4.0, 8.0, 16.0, 30.0], [3.0, 3.0, 4.4, 3.1, 3.0, 3.2], 9),
    (N_("a run where the faster method never wins"), [3, 5, 7], [1.0, 1.5, 2.0],
     [3.0, 3.0, 3.0], None),
    (N_("a run where it wins from the smallest size"), [3, 5, 7], [5.0, 6.0, 7.0],
     [1.0, 1.0, 1.0], 3),
    (N_("a tie at 9, then a win"), [5, 7, 9, 11], [1.0, 2.0, 3.0, 4.0], [2.0, 2.5, 3.0, 3.0],
     11),
    (N_("sizes out of order"), [9, 3, 7, 5], [8.0, 1.0, 4.0, 2.0], [3.0, 3.0, 3.0, 3.0], 7),
]


def _q4_wrong(sizes, slow, fast):
    """What the usual mistakes answer: the first win, and the last loss's size."""
    order = np.argsort(sizes)
    sizes, slow, fast = (np.asarray(v, dtype=float)[order] for v in (sizes, slow, fast))
    wins = fast < slow
    first_win = int(sizes[wins.argmax()]) if wins.any() else None
    return first_win


def _q4_crossover(sizes, slow, fast, tie_wins: bool = False, sort: bool = True):
    """The crossover of one run, or what counting ties as wins, or not sorting the
    sizes, makes of it."""
    found = None
    runs = list(zip(sizes, slow, fast, strict=True))
    for size, a, b in (sorted(runs, reverse=True) if sort else reversed(runs)):
        if b > a or (b == a and not tie_wins):
            break
        found = size
    return found


def _check_q4(answer) -> CheckResult:
    not_own_function(answer, tr("a function find_crossover(sizes, slow, fast)"))
    for name, sizes, slow, fast, expected in _Q4_CASES:
        name = translate(name)
        got = call_learner(answer, list(sizes), list(slow), list(fast), where=name)
        if got is not None and (not isinstance(got, (int, np.integer))
                                or isinstance(got, (bool, np.bool_, np.timedelta64))):
            raise Refused(tr("for {name} your function returned {type}; it should return a "
                             "kernel size (an int) or None.", name=name,
                             type=type(got).__name__))
        if got == expected:
            continue
        if expected is None:
            return CheckResult(False, tr("for {name} your function returned {got}: it should "
                                         "return None when the second method is never "
                                         "faster.", name=name, got=got))
        if got == _q4_crossover(sizes, slow, fast, sort=False) and sizes != sorted(sizes):
            return CheckResult(False, tr("for {name} your function returned {got}: it read the "
                                         "sizes in the order given, but they may come in any "
                                         "order. Put them in order of size first.", name=name,
                                         got=got))
        if got is None:
            return CheckResult(False, tr("for {name} your function returned None, but the "
                                         "second method wins from some size on.", name=name))
        if got == _q4_wrong(sizes, slow, fast) and got < expected:
            return CheckResult(False, tr("for {name} your function returned the first size "
                                         "where the second method is faster; the crossover is "
                                         "where it is faster and stays faster for every larger "
                                         "size (one lucky measurement is not a crossover).",
                                         name=name))
        if got == _q4_crossover(sizes, slow, fast, tie_wins=True):
            return CheckResult(False, tr("for {name} your function returned {got}, counting a "
                                         "tie as a win: where the two methods take the same "
                                         "time, the second is not faster. Strictly faster.",
                                         name=name, got=got))
        if got == max(sizes) and got > expected:
            return CheckResult(False, tr("for {name} your function returned the largest size "
                                         "measured: the crossover is where the final run of "
                                         "wins begins, not where it ends.", name=name))
        if int(got) not in sizes:
            return CheckResult(False, tr("for {name} your function returned {got}, which is "
                                         "not one of the sizes measured.", name=name, got=got))
        return CheckResult(False, tr("for {name} your function returned {got}: is the second "
                                     "method strictly faster there and at every larger size "
                                     "(a tie is not a win; the sizes may come in any order)?",
                                     name=name, got=got))
    return CheckResult(True, tr("your method is right on all {count} runs tried, noisy ones "
                                "included: your function of (sizes, direct, fft) is now your "
                                "machine's crossover.", count=len(_Q4_CASES)))


q4 = Exercise(
    _check_q4,
    [N_("One measurement can be lucky on a busy machine: a crossover is a size from which the "
        "second method wins at every larger size."),
     N_("Look at 'Cost against kernel size, and the FFT crossover'. Sort by size first; then "
        "walk from the largest size down while the second method is still strictly faster."),
     N_("Skeleton: pair up (size, slow, fast), sort, and keep the smallest size of the final "
        "run of wins (None if the largest size is not a win).")],
)
