# The public pages answer surveys: same fresh rate limit and fast hasher as the survey tests.
from tests.surveys.conftest import fast_password_hasher, fresh_rate_limit  # noqa: F401
