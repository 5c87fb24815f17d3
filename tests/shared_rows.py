"""Rows a whole test module shares: built once, rolled back when the module is done.

Expensive scenes (a city with a rendered bulletin) are built once per module instead of once per
test. The rows are written inside a transaction kept open for the module; each test's own
transaction (pytest-django's ``django_db``) nests inside it as a savepoint, so what a test
changes is rolled back after it and the next test sees the module's rows as they were built.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings


def fast_hashers() -> list[str]:
    """The project's hashers behind a fast one (argon2 is slow by design): what tests that are
    not about hashing use."""
    from django.conf import settings

    return ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@contextmanager
def rows_for_module(django_db_blocker) -> Iterator[None]:
    """Open the database for a module-scoped fixture; everything written is rolled back at exit.

    The fixture requests ``django_db_setup`` (so the test database exists) and
    ``django_db_blocker``, and writes its rows inside this block."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast_hashers()):
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
