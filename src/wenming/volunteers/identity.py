"""The keyed hash an ID number is found by (duplicates, the import), so the lookup never needs
the number in a query or an index in clear. Keyed with the site's secret: a copy of the table
alone does not let anyone test guesses."""

from __future__ import annotations

from django.utils.crypto import salted_hmac


def id_key(number: str) -> str:
    """64 hex characters for a validated 18-character ID number (upper-case X)."""
    return salted_hmac("wenming.volunteers.id_number", number, algorithm="sha256").hexdigest()
