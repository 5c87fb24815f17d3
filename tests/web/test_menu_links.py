"""What each role meets following its menu: every link on the 工作台 and on the first page of
each area the menu offers opens — none answers 403 (a door shown to someone who may not pass),
none a server error."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.regions.factories import person
from wenming.regions.models import Role

# Which links a role is shown and may follow is decided in Python (the menu, the permission
# checks), the same on either database: run on SQLite only (scripts/run-tests.sh). A page that
# fails on PostgreSQL alone is the page fuzzer's to find (tests/web/test_page_fuzz.py).
pytestmark = [pytest.mark.django_db, pytest.mark.anydb]

HREF = re.compile(r'<a\b[^>]*\shref="([^"#][^"]*)"')
# Files and other non-pages: downloads are audited actions, not places to go.
NOT_PAGES = re.compile(r"\.(pdf|docx|xlsx|csv|png|jpe?g|json|xml)(\?|$)|/export|/download")


def _links(html: str, base: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(("/admin/", "/logout", "/api/")) or NOT_PAGES.search(path):
            continue
        found.append(path)
    return found


def _nav(html: str) -> list[str]:
    menu = html.split('data-testid="main-nav"', 1)[1].split("</nav>", 1)[0]
    return _links(menu, "/")


def _walk(client) -> dict[str, list[str]]:
    """Each page one step from the menu, with the pages it was linked from."""
    home = client.get("/").content.decode()
    sources: dict[str, list[str]] = {}
    for page in ["/", *_nav(home)]:
        response = client.get(page, follow=True)
        assert response.status_code == 200, f"menu entry {page}: {response.status_code}"
        landed = response.redirect_chain[-1][0] if response.redirect_chain else page
        for link in _links(response.content.decode(), landed):
            sources.setdefault(link, []).append(page)
    return sources


@pytest.fixture
def welfare_worker(units):
    return person(username="welfare", unit=units["civil"], role=Role.WELFARE)


@pytest.mark.parametrize(
    "role",
    ["coordinator", "inspector", "reviewer", "dept", "leader", "community1", "welfare", "street"],
)
def test_no_link_one_step_from_the_menu_answers_403_or_an_error(
    world, cast, welfare_worker, client, role
):
    client.force_login(welfare_worker if role == "welfare" else cast[role])
    refused = []
    for link, sources in sorted(_walk(client).items()):
        status = client.get(link).status_code
        if status == 403 or status >= 500:
            refused.append(f"{link} ({status}) linked from {', '.join(sorted(set(sources)))}")
    assert not refused, "\n".join(refused)


@pytest.mark.parametrize(
    ("role", "own_entry"), [(Role.SECURITY, "账号安全管理"), (Role.AUDITOR, "审计日志")]
)
def test_the_account_admins_menu_holds_their_work_and_no_empty_campaign_area(
    client, units, role, own_entry
):
    """三权分立: the security and audit admins hold no cases, tasks or documents, so the menu does
    not send them to 问题整改, 测评体系 or 公文文书 to find empty pages."""
    client.force_login(person(username=role, unit=units["office"], role=role))
    menu = client.get("/").content.decode().split('data-testid="main-nav"', 1)[1]
    menu = menu.split("</nav>", 1)[0]
    assert own_entry in menu and "工作台" in menu
    for area in ("测评体系", "问题整改", "公文文书"):
        assert area not in menu, area


def test_the_volunteers_first_screen_shows_todays_activity_and_every_link_opens(units, client):
    """志愿者 log in on the phone (手机号 + 身份证号后6位, no staff account): 我的志愿服务 puts the
    activity they signed up for today first, with the page where they sign in, then their hours."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.volunteers import factories
    from wenming.volunteers.services import activities

    team = factories.team("光明社区志愿服务队")
    me = factories.volunteer(1, name="林志愿", teams=[team])
    factories.served(me, team, timezone.localdate() - timedelta(days=7), 3)
    today = factories.activity(team, start=timezone.now() + timedelta(minutes=30), title="助老")
    activities.sign_up(volunteer=me, activity=today)
    login = client.post(
        "/public/volunteers/login/", {"phone": me.phone, "id_tail": me.id_number[-6:]}
    )
    assert login.status_code == 302 and login.url == "/public/volunteers/me/"
    page = client.get(login.url).content.decode()
    mine = page.split('data-testid="my-activities"', 1)[1].split("</ul>", 1)[0]
    assert "助老" in mine and 'data-testid="my-activity-today"' in mine
    assert f'href="/public/volunteers/a/{today.qr_token}/"' in mine
    assert 'data-testid="my-total-hours">累计 3 小时<' in page
    refused = [
        f"{link} ({status})"
        for link in _links(page, "/public/volunteers/me/")
        if (status := client.get(link).status_code) != 200
    ]
    assert not refused, refused
