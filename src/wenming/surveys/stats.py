"""Rates with their 95% Wilson score interval (DESIGN.md §5: survey rates carry n and an interval).

For x successes out of n, p̂ = x / n and z = 1.959964 (two-sided 95%):

    centre    = (p̂ + z² / 2n) / (1 + z² / n)
    half      = z / (1 + z² / n) · √( p̂(1 − p̂) / n + z² / 4n² )
    interval  = [centre − half, centre + half]

知晓率 uses x = the number of "知道" answers. 满意度 is the mean score on 100/80/60/40/0,
taken as a share p̂ = mean / 100 (so x = Σscore / 100); since a score in [0, 1] with mean p
has variance at most p(1 − p), the interval is conservative. A rate from fewer than
MIN_RELIABLE_N answers is marked unreliable: it is shown, but flagged.

The one definition of both: the survey pages, the API and the assessment (wenming.scoring) use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
MIN_RELIABLE_N = 30


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for ``successes`` out of ``n`` (which may be fractional, for a
    mean of a 0..1 scale); None for an empty sample."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(max(p * (1 - p), 0.0) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    n: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def reliable(self) -> bool:
        return self.n >= MIN_RELIABLE_N


def rate_of(successes: float, n: int) -> Rate:
    interval = wilson_interval(successes, n)
    if interval is None:
        return Rate(n=0, rate=None, ci_low=None, ci_high=None)
    low, high = interval
    return Rate(n=n, rate=successes / n, ci_low=low, ci_high=high)
