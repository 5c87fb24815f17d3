"""No page, API response, export or audit line of 志愿服务 shows a whole ID or mobile number —
except the audited 查看完整号码 for the volunteer's own team managers."""

import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.urls import URLPattern
from django.utils import timezone

from tests.volunteers import factories as f
from wenming.accounts.models import AuditEvent
from wenming.accounts.tokens import issue_token
from wenming.privacy import FULL_ID_PATTERN, FULL_MOBILE_PATTERN
from wenming.volunteers import urls as volunteer_urls
from wenming.volunteers.models import RecordSource, ServiceRecord, SiteReviewItem
from wenming.volunteers.services import certificates, demands, people


def leaks(text: str) -> list[str]:
    return FULL_ID_PATTERN.findall(text) + FULL_MOBILE_PATTERN.findall(text)


def zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


@pytest.fixture
def world(network, community1):
    network["station"].manager_phone = "13700001111"
    network["station"].save()
    network["team"].contact_phone = "13600002222"
    network["team"].save()
    SiteReviewItem.objects.create(text="有固定场所", points=10)
    event = f.activity(network["team"], start=timezone.now() - timedelta(days=2))
    record = ServiceRecord.objects.create(
        activity=event,
        volunteer=network["alice"],
        team=network["team"],
        region_id=event.region_id,
        service_date=timezone.localdate(event.starts_at),
        hours=Decimal("2"),
        source=RecordSource.MANUAL,
    )
    today = timezone.localdate()
    certificate = certificates.issue_certificate(
        actor=community1,
        team=network["team"],
        volunteer=network["alice"],
        period_start=today - timedelta(days=30),
        period_end=today,
    )
    demand = demands.post_demand(
        category="elderly",
        title="助老",
        region=network["station"].region,
        requester_phone="13512345678",
    )
    return {
        **network,
        "event": event,
        "record": record,
        "certificate": certificate,
        "demand": demand,
        "numbers": [
            network["alice"].id_number,
            network["alice"].phone,
            network["bob"].id_number,
            "13700001111",
            "13600002222",
            "13512345678",
        ],
    }


def page_urls(world) -> list[str]:
    """Every GET page of the app, each id filled with an object of the world."""
    ids = {
        "site": world["station"].pk,
        "team": world["team"].pk,
        "volunteer": world["alice"].pk,
        "activity": world["event"].pk,
        "certificate": world["certificate"].pk,
        "demand": world["demand"].pk,
        "record": world["record"].pk,
    }
    post_only = {
        "volunteer_reveal",
        "certificate_issue",
        "record_add",
        "record_correct",
        "demand_act",
    }
    urls = []
    for pattern in volunteer_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in post_only or pattern.name == "demand_photo":
            continue
        route = str(pattern.pattern)
        noun = next((k for k in ids if pattern.name.startswith(k)), None)
        route = route.replace("<int:pk>", str(ids.get(noun, 0))).replace("<str:fmt>", "pdf")
        urls.append("/volunteers/" + route)
    urls += ["/volunteers/certificates/%d.docx" % world["certificate"].pk]
    urls += ["/volunteers/people/?q=王", "/volunteers/figures/?region=340403001001"]
    return urls


def document_text(response) -> str:
    data = response.content
    kind = response["Content-Type"]
    if "pdf" in kind:
        return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    if "officedocument" in kind:
        return zip_text(data)
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize("who", ["community1", "coordinator", "tiandong_liaison"])
def test_no_page_or_export_shows_a_whole_number(world, who, login, request):
    client = login(request.getfixturevalue(who))
    checked = 0
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200:
            checked += 1
            found = leaks(document_text(response))
            assert not found, f"{url} shows {found}"
    assert checked >= 20


def test_no_api_response_shows_a_whole_number(world, community1, client):
    raw, _token = issue_token(user=community1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    base = "/api/v1/volunteers"
    urls = [
        f"{base}/sites",
        f"{base}/coverage",
        f"{base}/teams",
        f"{base}/people",
        f"{base}/people/{world['alice'].pk}",
        f"{base}/activities",
        f"{base}/demands",
        f"{base}/demands/{world['demand'].pk}",
        f"{base}/figures",
    ]
    schema = client.get("/api/v1/openapi.json").json()
    documented = [p for p in schema["paths"] if p.startswith(base) and "{" not in p]
    assert set(documented) <= {u for u in urls}
    for url in urls:
        response = client.get(url, **auth)
        assert response.status_code == 200, (url, response.content[:200])
        assert not leaks(response.content.decode()), url
    body = client.get(f"{base}/people", **auth).json()
    assert body["items"][0]["id_number"].count("*") == 8


def test_public_pages_show_no_whole_number(world, client):
    alice = world["alice"]
    client.post(
        "/public/volunteers/login/", {"phone": alice.phone, "id_tail": alice.id_number[-6:]}
    )
    for url in [
        "/public/volunteers/me/",
        f"/public/volunteers/a/{world['event'].qr_token}/",
        f"/public/volunteers/certificates/{world['certificate'].code}/",
        f"/public/demands/{world['demand'].code}/",
        "/public/demands/new/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not leaks(response.content.decode()), url


def test_audit_log_and_demand_events_carry_no_whole_number(world, community1):
    people.reveal_numbers(actor=community1, volunteer=world["alice"])
    for event in AuditEvent.objects.all():
        text = f"{event.summary} {event.changes}"
        assert not leaks(text), text


def test_the_teams_manager_reveals_the_numbers_and_it_is_audited(world, community1, login):
    alice = world["alice"]
    response = login(community1).post(f"/volunteers/people/{alice.pk}/reveal/")
    page = response.content.decode()
    assert alice.id_number in page and alice.phone in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=people.REVEAL_ACTION)
    assert event.actor == community1 and event.object_id == str(alice.pk)


@pytest.mark.parametrize("who", ["coordinator", "tiandong_liaison", "community2"])
def test_nobody_else_may_reveal(world, who, login, request):
    response = login(request.getfixturevalue(who)).post(
        f"/volunteers/people/{world['alice'].pk}/reveal/"
    )
    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action=people.REVEAL_ACTION).exists()


def test_the_volunteer_export_is_masked_and_formula_safe(world, community1, login):
    world["bob"].skills = '=HYPERLINK("http://x")'
    world["bob"].save()
    response = login(community1).get("/volunteers/people/export/")
    text = zip_text(response.content)
    assert not leaks(text)
    assert re.search(r"340403\*{8}\d{3}[\dX]", text)
    assert "'=HYPERLINK" in text


def test_a_refused_form_does_not_send_the_typed_numbers_back(world, community1, login, client):
    alice = world["alice"]
    page = login(community1).post(
        "/volunteers/people/new/",
        {
            "name": "重复者",
            "id_number": alice.id_number,
            "phone": alice.phone,
            "region": "340403001001",
            "consent": "on",
        },
    )
    assert page.status_code == 400 and "已登记为志愿者" in page.content.decode()
    assert not leaks(page.content.decode())
    client.logout()
    page = client.post("/public/volunteers/login/", {"phone": "13912345678", "id_tail": "123456"})
    assert page.status_code == 422 and not leaks(page.content.decode())
