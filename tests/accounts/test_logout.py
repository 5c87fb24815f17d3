"""退出 is a POST; someone who types /logout/ or follows an old link gets a Chinese page with the
button (posting with its CSRF token), not a blank 405, and the GET alone ends nothing."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_typing_logout_shows_a_chinese_page_whose_button_logs_out(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    page = client.get("/logout/")
    html = page.content.decode()
    assert page.status_code == 200 and "确定要退出吗" in html
    assert 'data-testid="logout-confirm"' in html
    assert client.get("/").status_code == 200  # looking at the page ended nothing
    form = re.search(r'<form method="post" action="/logout/">(.*?)</form>', html, re.S).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post("/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert client.get("/").status_code == 302  # the session is over


def test_logout_without_a_session_says_so_and_offers_the_login(client):
    page = client.get("/logout/")
    html = page.content.decode()
    assert page.status_code == 200 and "您已退出登录" in html and 'href="/login/"' in html


def test_the_logout_page_is_on_the_way_out_during_a_forced_password_change(
    client, coordinator, settings
):
    """The forced password change sends every other page to its form; not the way out."""
    from wenming.accounts.signals import PASSWORD_CHANGE_SESSION_KEY

    client.force_login(coordinator)
    session = client.session
    session[PASSWORD_CHANGE_SESSION_KEY] = "expired"
    session.save()
    assert client.get("/").status_code == 302
    assert client.get("/logout/").status_code == 200
