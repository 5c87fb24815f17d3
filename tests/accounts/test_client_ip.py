"""The client's address: forwarding headers only from configured proxies, validated, one function.

A client-supplied X-Real-IP or X-Forwarded-For must neither defeat the survey rate limit nor
write a made-up address (``8.8.8.8``, ``not-an-ip<script>``) into the audit log or the lockout.
"""

import json

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from tests.surveys.factories import GUANGMING, open_survey
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.clientip import client_ip

SPOOFS = ["8.8.8.8", "not-an-ip<script>", "10.0.0.7, 8.8.4.4", "::1"]


def ip_of(remote, **headers):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    return client_ip(request)


def test_forwarding_headers_from_an_untrusted_connection_are_ignored(settings):
    settings.TRUSTED_PROXIES = []
    for spoof in SPOOFS:
        assert ip_of("203.0.113.5", HTTP_X_REAL_IP=spoof, HTTP_X_FORWARDED_FOR=spoof) == (
            "203.0.113.5"
        )


def test_a_trusted_proxy_gives_the_right_most_untrusted_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.10.0.0/16"]
    # The client lied about its own chain (1.1.1.1); nginx appended what it saw (198.51.100.9);
    # an internal balancer (10.10.3.4) forwarded to the app on loopback.
    chain = "1.1.1.1, 198.51.100.9, 10.10.3.4"
    assert ip_of("127.0.0.1", HTTP_X_FORWARDED_FOR=chain) == "198.51.100.9"
    assert ip_of("127.0.0.1", HTTP_X_REAL_IP="8.8.8.8") == "127.0.0.1"
    assert ip_of("127.0.0.1") == "127.0.0.1"
    # Garbage is never returned: the last address that could be read wins.
    assert ip_of("127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip<script>") == "127.0.0.1"
    assert ip_of("127.0.0.1", HTTP_X_FORWARDED_FOR="x, 10.10.3.4") == "10.10.3.4"
    assert ip_of("127.0.0.1", HTTP_X_FORWARDED_FOR=" 2001:db8::1 ") == "2001:db8::1"


def test_a_connection_without_a_valid_address_has_none(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert ip_of("") is None
    assert ip_of("not-an-ip<script>") is None
    assert ip_of("::ffff:192.0.2.1") == "192.0.2.1"


def answer(q):
    return {
        "region_code": GUANGMING,
        "answers": [
            {"question_id": q["aware"].pk, "value": 1},
            {"question_id": q["satisfied"].pk, "value": 80},
        ],
    }


@pytest.mark.django_db
def test_varying_forwarding_headers_does_not_defeat_the_survey_rate_limit(coordinator, settings):
    settings.SURVEY_RATE_LIMIT_PER_MINUTE = 3
    survey, q = open_survey(coordinator)
    phone = Client()
    codes = []
    for i in range(10):
        phone.cookies.clear()
        fake = f"10.66.{i}.{i}"
        response = phone.post(
            f"/api/v1/surveys/{survey.pk}/responses",
            data=json.dumps(answer(q)),
            content_type="application/json",
            HTTP_X_REAL_IP=fake,
            HTTP_X_FORWARDED_FOR=fake,
        )
        codes.append(response.status_code)
    assert codes == [201] * 3 + [429] * 7


@pytest.mark.django_db
def test_the_audit_log_and_lockout_never_record_a_spoofed_address(client, coordinator):
    for spoof in SPOOFS:
        client.post(
            "/login/",
            {"username": "coordinator", "password": "wrong-Password-1"},
            HTTP_X_REAL_IP=spoof,
            HTTP_X_FORWARDED_FOR=spoof,
        )
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="coordinator")
    assert failed.count() == len(SPOOFS)
    assert set(failed.values_list("ip", flat=True)) == {"127.0.0.1"}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_audit_log_records_the_forwarded_client(
    client, coordinator, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for forwarded in ["198.51.100.9", "not-an-ip<script>"]:
        client.post(
            "/login/",
            {"username": "coordinator", "password": "wrong-Password-1"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    ips = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("ip", flat=True)
    assert sorted(ips) == ["127.0.0.1", "198.51.100.9"]
