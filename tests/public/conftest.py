# The public pages answer surveys: the same fresh rate limit as the survey tests.
from tests.surveys.conftest import fresh_rate_limit  # noqa: F401
