import pytest

from tests.materials.factories import task


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reviewer(units):
    from tests.regions.factories import person
    from wenming.regions.models import Role

    return person(username="reviewer", unit=units["office"], role=Role.REVIEWER)


@pytest.fixture
def civil_task(units):
    return task(units["civil"])


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """The cast's passwords are hashed when created; argon2 makes that the slowest part of a test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
