"""Uncertainty: a bootstrap interval per metric, a paired test between two modes, percentiles. Seeded.

- bootstrap_ci: the percentile bootstrap. Resample the questions' scores with replacement `samples`
  times, take each resample's mean; the interval is the 2.5th and 97.5th percentiles of those means.
- paired_test: the same questions answered by two modes. The difference of the means comes with a
  paired bootstrap interval (resampling questions, keeping each question's pair together) and a
  two-sided sign-flip permutation p-value: under "no difference" each question's difference is as
  likely positive as negative, so its sign is flipped at random; p is the share of flips whose mean
  difference is at least as far from 0 as the observed one. Exact (all 2^n flips) for n <= 12
  non-zero differences, else `samples` random flips (p = (hits + 1) / (samples + 1)). Questions on
  which the two modes score the same carry no information about the sign and are kept as zeros.
  Significant when p < ALPHA.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

ALPHA = 0.05
EXACT_UP_TO = 12  # non-zero differences: enumerate every sign flip up to this many


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def bootstrap_ci(values: list[float], samples: int = 1000, seed: int = 0, level: float = 0.95
                 ) -> tuple[float, float] | None:
    """The percentile-bootstrap interval of the mean; None for no values."""
    import numpy as np

    if not values:
        return None
    data = np.asarray(values, dtype=float)
    if len(data) == 1 or np.all(data == data[0]):
        return float(data[0]), float(data[0])
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(samples, len(data)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


@dataclass
class PairedTest:
    n: int  # questions scored by both modes
    diff: float  # mean of a - b
    ci: tuple[float, float]  # paired bootstrap 95% interval of the difference
    p_value: float  # two-sided sign-flip permutation test
    exact: bool  # p from every sign flip (else from `samples` random flips)

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA

    def as_dict(self) -> dict:
        return {"n": self.n, "diff": self.diff, "ci": list(self.ci), "p_value": self.p_value, "exact": self.exact,
                "significant": self.significant}


def paired_test(a: list[float], b: list[float], samples: int = 1000, seed: int = 0) -> PairedTest | None:
    """a[i] and b[i]: one question's score under two modes. None for no pairs."""
    import numpy as np

    if len(a) != len(b):
        raise ValueError("paired_test needs one score per question from each mode")
    if not a:
        return None
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    observed = float(d.mean())
    ci = bootstrap_ci(d.tolist(), samples, seed)
    nonzero = d[d != 0]
    if len(nonzero) == 0:
        return PairedTest(len(d), observed, ci, 1.0, True)
    tol = 1e-12 * max(1.0, abs(observed))
    if len(nonzero) <= EXACT_UP_TO:  # the zeros add the same 0 to every flip's sum
        signs = np.array(list(itertools.product((1.0, -1.0), repeat=len(nonzero))))
        sums = np.abs(signs @ nonzero)
        p = float(np.mean(sums >= abs(nonzero.sum()) - tol * len(d)))
        return PairedTest(len(d), observed, ci, p, True)
    rng = np.random.default_rng(seed)
    signs = rng.choice((1.0, -1.0), size=(samples, len(nonzero)))
    hits = int(np.sum(np.abs(signs @ nonzero) >= abs(nonzero.sum()) - tol * len(d)))
    return PairedTest(len(d), observed, ci, (hits + 1) / (samples + 1), False)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation between the nearest ranks (numpy's default)."""
    import numpy as np

    return float(np.percentile(values, q)) if values else None
