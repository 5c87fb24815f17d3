"""The migrations describe the models exactly: ``makemigrations`` finds nothing to write (the
initial migrations were rewritten with their indexes and constraints inside CreateModel)."""

import io

from django.core.management import call_command


def test_makemigrations_finds_nothing_to_write(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits 1 on a change
    assert "No changes detected" in out.getvalue()
