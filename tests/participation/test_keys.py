"""``wenming open311-key NAME`` prints a key once and keeps only its hash."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from wenming.participation import services
from wenming.participation.models import Open311Key

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_key_once_and_stores_its_hash():
    out = StringIO()
    call_command("open311-key", "12345 热线", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    key = Open311Key.objects.get()
    assert key.name == "12345 热线" and len(raw) >= 40
    assert raw not in (key.key_hash, key.prefix) and key.prefix == raw[:8]
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert services.open311_key_for(raw) == key
    services.revoke_open311_key(actor=None, key_id=key.pk)
    assert services.open311_key_for(raw) is None
    assert services.open311_key_for("") is None
