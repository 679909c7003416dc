"""Bootstrap intervals and the paired sign-flip test on constructed scores (rag.evaluate.stats)."""
import pytest

from rag.evaluate.stats import bootstrap_ci, mean, paired_test, percentile


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    scores = [1, 0, 1, 1, 0, 1, 0, 1, 1, 1]
    low, high = bootstrap_ci(scores, samples=2000, seed=1)
    assert low < mean(scores) < high
    assert 0.3 <= low <= 0.5 and 0.9 <= high <= 1.0
    assert bootstrap_ci(scores, samples=2000, seed=1) == (low, high)
    assert bootstrap_ci([], seed=1) is None
    assert bootstrap_ci([0.4]) == (0.4, 0.4)
    assert bootstrap_ci([1, 1, 1]) == (1.0, 1.0)


def test_paired_test_exact_sign_flips():
    # 5 questions all better by 1: 2 of the 32 sign patterns are as extreme -> p = 1/16, not significant
    t = paired_test([1] * 5, [0] * 5)
    assert (t.n, t.diff, t.p_value, t.exact, t.significant) == (5, 1.0, 0.0625, True, False)
    # 6 of them: p = 2/64
    t = paired_test([1] * 6, [0] * 6)
    assert (t.p_value, t.significant) == (0.03125, True)
    # ties carry no sign: 6 better and 4 equal is the same test on the 6
    t = paired_test([1] * 6 + [1, 0, 1, 0], [0] * 6 + [1, 0, 1, 0])
    assert (t.n, t.diff, t.p_value) == (10, 0.6, 0.03125)
    assert t.ci == (0.6, 0.6) or t.ci[0] <= 0.6 <= t.ci[1]


def test_paired_test_no_difference():
    t = paired_test([1, 0, 1], [1, 0, 1])
    assert (t.diff, t.p_value, t.significant, t.ci) == (0.0, 1.0, False, (0.0, 0.0))
    # one better, one worse: every flip is as extreme as what was seen
    t = paired_test([1, 0], [0, 1])
    assert t.p_value == 1.0
    assert paired_test([], []) is None
    with pytest.raises(ValueError):
        paired_test([1], [1, 0])


def test_paired_test_random_flips_beyond_the_exact_limit():
    a, b = [1] * 20, [0] * 20
    t = paired_test(a, b, samples=999, seed=0)
    assert not t.exact and t.p_value == pytest.approx(1 / 1000, abs=0.003) and t.significant
    mixed = paired_test([1, 0] * 10, [0, 1] * 10, samples=999, seed=0)
    assert mixed.p_value > 0.5 and not mixed.significant


def test_percentile():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([1, 2, 3, 4, 5], 95) == pytest.approx(4.8)
    assert percentile([], 50) is None
