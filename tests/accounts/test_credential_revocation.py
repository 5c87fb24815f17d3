"""A password change, reset, deactivation or role change revokes API tokens and ends sessions;
people see and revoke their own tokens and sessions on 账号安全."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.accounts.helpers import NEW_PASSWORD, change_password, me, token_for
from wenming.accounts.models import ApiToken, UserSession
from wenming.regions.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_a_password_set_anywhere_revokes_the_api_token(client, coordinator, password):
    # The bug: web sessions ended on a password change but the token went on working.
    token = token_for(client, "coordinator", password)
    assert me(client, token).status_code == 200
    coordinator.set_password(NEW_PASSWORD)  # as the admin page or `changepassword` would
    coordinator.save()
    assert me(client, token).status_code == 401


def test_changing_ones_own_password_revokes_tokens_and_other_sessions_but_keeps_this_one(
    coordinator, password
):
    api = Client()
    token = token_for(api, "coordinator", password)
    phone, desk = Client(), Client()
    phone.post("/login/", {"username": "coordinator", "password": password})
    desk.post("/login/", {"username": "coordinator", "password": password})
    assert phone.get("/").status_code == 200

    response = change_password(desk, password, NEW_PASSWORD)

    assert response.status_code == 302 and response.url == "/account/"
    assert me(api, token).status_code == 401
    assert phone.get("/").status_code == 302  # the other device is logged out
    page = desk.get("/account/")
    assert page.status_code == 200 and "当前会话" in page.content.decode()
    assert UserSession.objects.filter(user=coordinator).count() == 1


def test_deactivating_an_account_revokes_its_token(client, coordinator, password):
    token = token_for(client, "coordinator", password)
    coordinator.is_active = False
    coordinator.save()
    coordinator.is_active = True  # even if someone switches it back on, the old token is gone
    coordinator.save()
    assert me(client, token).status_code == 401


def test_a_role_change_revokes_the_token_and_ends_the_session(client, coordinator, password):
    token = token_for(Client(), "coordinator", password)
    client.post("/login/", {"username": "coordinator", "password": password})
    membership = Membership.objects.get(user=coordinator)
    membership.role = Role.INSPECTOR
    membership.save()
    assert me(client, token).status_code == 401
    assert client.get("/").status_code == 302


def test_a_saved_profile_without_credential_change_keeps_the_token(client, coordinator, password):
    token = token_for(client, "coordinator", password)
    coordinator.first_name = "陈新"
    coordinator.save()
    Membership.objects.get(user=coordinator).save()
    assert me(client, token).status_code == 200


def test_users_see_and_revoke_their_own_tokens(client, coordinator, password):
    token = token_for(Client(), "coordinator", password)
    client.force_login(coordinator)
    page = client.get("/account/").content.decode()
    assert "API 令牌" in page and 'data-testid="token-revoke"' in page
    pk = ApiToken.objects.get(user=coordinator).pk
    assert client.post(f"/account/tokens/{pk}/revoke/").status_code == 302
    assert me(client, token).status_code == 401


def test_nobody_revokes_someone_elses_token_or_session(client, coordinator, dept, password):
    token_for(Client(), "coordinator", password)
    other = Client()
    other.post("/login/", {"username": "coordinator", "password": password})
    client.force_login(dept)
    token_pk = ApiToken.objects.get(user=coordinator).pk
    session_pk = UserSession.objects.get(user=coordinator).pk
    assert client.post(f"/account/tokens/{token_pk}/revoke/").status_code == 404
    assert client.post(f"/account/sessions/{session_pk}/end/").status_code == 404
    assert other.get("/").status_code == 200


def test_users_end_their_session_on_another_device(client, coordinator, password):
    phone = Client()
    phone.post("/login/", {"username": "coordinator", "password": password})
    client.force_login(coordinator)
    phone_session = UserSession.objects.get(user=coordinator, session_key=phone.session.session_key)
    page = client.get("/account/").content.decode()
    assert page.count('data-testid="session-end"') == 1  # not offered for the current one
    client.post(f"/account/sessions/{phone_session.pk}/end/")
    assert phone.get("/").status_code == 302


def test_deleting_a_user_with_a_membership_and_tokens_works(client, coordinator, password):
    token_for(client, "coordinator", password)
    get_user_model().objects.filter(pk=coordinator.pk).delete()
    assert not ApiToken.objects.exists()
