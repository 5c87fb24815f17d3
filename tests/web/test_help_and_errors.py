"""Help per module, Chinese error pages with DEBUG off, Chinese admin section names."""

import pytest

from tests.regions.factories import UserFactory
from wenming.web.help import HELP

pytestmark = pytest.mark.django_db


def test_every_module_has_a_help_page_that_links_back(login, coordinator):
    client = login(coordinator)
    index = client.get("/help/").content.decode()
    for page in HELP:
        assert f'href="/help/{page.slug}/"' in index
        body = client.get(f"/help/{page.slug}/").content.decode()
        assert str(page.title) in body and "操作步骤" in body and "谁做什么" in body
    assert client.get("/help/nope/").status_code == 404


def test_module_pages_link_their_help(login, coordinator):
    client = login(coordinator)
    for url, slug in (
        ("/cases/", "cases"),
        ("/framework/tasks/", "tasks"),
        ("/inspections/", "inspections"),
        ("/materials/", "materials"),
        ("/surveys/", "surveys"),
        ("/scoring/bulletins/", "scoring"),
        ("/units/", "organisation"),
        ("/participation/", "participation"),
    ):
        assert f'href="/help/{slug}/"' in client.get(url, follow=True).content.decode(), url


def test_error_pages_are_chinese_with_debug_off(login, settings, community1, coordinator):
    settings.DEBUG = False
    client = login(community1)
    missing = client.get("/cases/999999/")
    assert missing.status_code == 404
    text = missing.content.decode()
    assert "页面不存在（404）" in text and "Not Found" not in text
    forbidden = client.get("/cases/export/")
    assert forbidden.status_code == 403 and "无权访问（403）" in forbidden.content.decode()


def test_admin_sections_read_in_chinese(login, db):
    # A superuser sees every section (the system admin no longer sees lockouts: 三权分立).
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    page = login(root).get("/admin/").content.decode()
    assert "登录锁定" in page and "后台任务" in page and "动态口令" in page
    assert "Axes" not in page and "Tasks Database" not in page and "TOTP" not in page


def test_the_admin_edits_reply_templates_by_chinese_action_names(login, db):
    from wenming.cases.models import ReplyTemplate

    client = login(UserFactory(username="root", is_superuser=True, is_staff=True))
    form = client.get("/admin/cases/replytemplate/add/").content.decode()
    assert '<option value="fail">复核不通过（返工）</option>' in form
    response = client.post(
        "/admin/cases/replytemplate/add/",
        {
            "category": "占道经营",
            "action": "fail",
            "title": "照片不清",
            "text": "请补拍",
            "position": 0,
        },
    )
    assert response.status_code == 302
    assert ReplyTemplate.objects.get().action == "fail"
    listing = client.get("/admin/cases/replytemplate/").content.decode()
    assert "复核不通过（返工）" in listing
