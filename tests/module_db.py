"""Rows built once for a whole test module, invisible to every other module.

pytest-django gives each test a transaction (a savepoint, when one is already open) and skips
Django's class-level TestCase setup precisely so that tests can be wrapped in a higher-scoped
transaction. ``module_rows`` opens that transaction: the rows a module-scoped fixture builds in
it are seen by the module's tests and rolled back after its last one, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@contextmanager
def module_rows(django_db_blocker, media_root):
    """Run the body's database writes in a transaction rolled back when the context ends.
    Inside it: uploads go to ``media_root`` and passwords use the tests' fast hasher (the
    function-scoped autouse fixtures that set them have not run yet at module scope)."""
    overrides = override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=[FAST_HASHER])
    overrides.enable()
    outer = transaction.atomic()
    try:
        with django_db_blocker.unblock():
            outer.__enter__()
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        overrides.disable()
