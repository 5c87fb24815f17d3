"""Settings of the server bench/public_intake.py starts: the site's own, plus the bare view."""

from wenming.settings import *  # noqa: F403

ROOT_URLCONF = "intake_urls"
