import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast's passwords are hashed with argon2 (~0.3 s each); these tests log in with force_login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
