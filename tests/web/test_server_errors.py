"""An unexpected error (DEBUG off) shows a short Chinese message with a reference id, logged with
the traceback; the API answers JSON, never a traceback."""

import logging
import re

import pytest
from django.test import Client

from wenming.accounts.tokens import issue_token
from wenming.cases import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_board(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom: secret internals")

    monkeypatch.setattr(selectors, "case_list", explode)


def test_api_500_is_a_chinese_message_with_a_reference_logged_with_the_traceback(
    broken_board, coordinator, caplog
):
    client = Client(raise_request_exception=False)
    token, _ = issue_token(user=coordinator)
    with caplog.at_level(logging.ERROR, logger="wenming.errors"):
        response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 500
    body = response.json()
    assert body["reference"] in body["detail"] and "错误编号" in body["detail"]
    assert "Traceback" not in response.content.decode() and "boom" not in response.content.decode()
    logged = [r for r in caplog.records if body["reference"] in r.getMessage()]
    assert logged and logged[0].exc_info and "boom" in str(logged[0].exc_info[1])


def test_page_500_is_a_chinese_page_with_the_reference(broken_board, coordinator, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    with caplog.at_level(logging.ERROR, logger="wenming.errors"):
        response = client.get("/cases/")
    assert response.status_code == 500
    page = response.content.decode()
    reference = re.search(r'data-testid="error-reference">([0-9A-F]{8})<', page).group(1)
    assert "服务器出错" in page and "boom" not in page and "Traceback" not in page
    assert any(reference in r.getMessage() for r in caplog.records)
