"""The one Wilson interval and minimum sample, shared by the survey pages and the assessment."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenming.scoring.engine import Parameters
from wenming.surveys.stats import MIN_RELIABLE_N, rate_of, wilson_interval

pytestmark = pytest.mark.django_db  # the package's autouse fixture clears the (database) cache


def test_wilson_interval_contains_the_rate_and_narrows_with_the_sample():
    low, high = wilson_interval(3, 4)
    assert low < 0.75 < high
    low2, high2 = wilson_interval(300, 400)
    assert high2 - low2 < high - low


def test_an_empty_sample_has_no_interval_and_no_rate():
    assert wilson_interval(0, 0) is None
    assert rate_of(0, 0).rate is None


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=1, max_value=5000), share=st.floats(min_value=0, max_value=1))
def test_the_interval_lies_in_0_1_and_holds_the_rate(n, share):
    successes = share * n
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low <= successes / n + 1e-12
    assert successes / n - 1e-12 <= high <= 1.0


def test_the_assessment_flags_small_samples_by_the_survey_rule():
    assert Parameters.from_settings().survey_min_sample == MIN_RELIABLE_N == 30
    assert not rate_of(29, 29).reliable and rate_of(30, 30).reliable
