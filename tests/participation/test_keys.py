"""``wenming open311-key NAME`` prints a key once and keeps only its hash."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from wenming.participation import keys
from wenming.participation.errors import ParticipationError
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
    assert keys.open311_key_for(raw) == key
    keys.revoke_open311_key(actor=None, key_id=key.pk)
    assert keys.open311_key_for(raw) is None
    assert keys.open311_key_for("") is None


def test_each_lookup_counts_against_the_key_and_a_revoked_key_is_refused_at_once(settings):
    settings.REDIS_URL = None
    settings.OPEN311_REQUESTS_PER_KEY_MINUTE = 2
    key, raw = keys.create_open311_key(actor=None, name="12345 热线")
    assert keys.open311_key_for(raw) == key
    assert key.last_used_at is None and Open311Key.objects.get().last_used_at is not None
    assert keys.open311_key_for(raw) == key
    with pytest.raises(ParticipationError) as flood:
        keys.open311_key_for(raw)
    assert flood.value.status == 429
    keys.revoke_open311_key(actor=None, key_id=key.pk)
    assert keys.open311_key_for(raw) is None  # nothing kept: the very next lookup refuses
    assert keys.open311_key_for("不是密钥") is None
