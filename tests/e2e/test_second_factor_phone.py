"""The audit admin enrols an authenticator app on a phone at first login, then reads the log."""

import base64

import pytest
from django_otp.oath import totp

from tests.e2e.images import loaded_width
from tests.regions.factories import PASSWORD, person
from wenming.regions.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_auditor_enrols_totp_on_a_phone_and_reaches_the_audit_log(
    browser_page, live_server, settings, units
):
    settings.OTP_REQUIRED_ROLES = ["admin", "security", "auditor"]
    person(username="auditor", unit=units["office"], role=Role.AUDITOR)
    page = browser_page("phone")
    page.goto(f"{live_server.url}/login/")
    page.get_by_test_id("login-username").fill("auditor")
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/account/otp/setup/**")
    assert loaded_width(page.get_by_test_id("otp-qr")) > 0
    # What the app would compute from the key it scanned (typed here from the page's text).
    secret = page.get_by_test_id("otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_test_id("otp-code").fill(f"{totp(key):06d}")
    page.get_by_test_id("otp-submit").click()
    page.wait_for_url(f"{live_server.url}/")  # where the login was going
    page.get_by_test_id("nav-toggle").click()
    page.get_by_test_id("nav-audit-log").click()
    page.wait_for_url("**/account/audit/")
    assert "绑定动态口令" in page.get_by_test_id("audit-events").inner_text()
