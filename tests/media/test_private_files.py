"""Stored files are private: random names, served only through the owner's scope.

Every kind of stored file — case photos, inspection photos, material attachments — answers
anonymous callers with the login page, out-of-scope users with 404 (as for a missing object),
and in-scope users with the bytes. Nothing under MEDIA_ROOT answers by its path, names cannot
be guessed, a photo of an unpublished 暗访 round stays hidden from the inspected unit, and in
production the bytes leave through nginx (X-Accel-Redirect) or X-Sendfile.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cases.factories import report
from tests.inspections.factories import SiteFactory, answers_for, jpeg_bytes, make_round
from tests.materials.factories import task
from wenming.cases.events import PhotoIn
from wenming.inspections import services as inspections
from wenming.inspections.models import RoundKind
from wenming.materials import services as materials
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^[a-z]+(/\d{4}/\d{2})?/[A-Za-z0-9_-]{22}\.(jpg|png)$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case_photo(inspector, units):
    case = report(
        inspector,
        region=Region.objects.get(code="340403001001"),
        unit=units["guangming"],
        photos=[PhotoIn(file=ContentFile(jpeg_bytes(), name="photo.jpg"))],
    )
    photo = case.photos.get()
    return photo.image, reverse("cases:photo", args=[photo.pk])


def _visit(coordinator, inspector, units, **round_options):
    site = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    round = make_round(coordinator, sites=[site], inspectors=[inspector], **round_options)
    photo = SimpleUploadedFile("p.jpg", jpeg_bytes(), content_type="image/jpeg")
    inspection = inspections.record_inspection(
        actor=inspector,
        round=round,
        site=site,
        answers=answers_for(site, fail={1}, photos={1: [photo]}),
    )
    stored = inspection.photos.get()
    return stored.file, reverse("inspections:photo", args=[stored.pk])


@pytest.fixture
def inspection_photo(coordinator, inspector, units):
    return _visit(coordinator, inspector, units)


@pytest.fixture
def material_file(dept, units):
    from tests.materials.factories import png_bytes

    upload = SimpleUploadedFile("台账.png", png_bytes(), content_type="image/png")
    submission = materials.create_submission(
        actor=dept, task_id=task(units["civil"]).pk, text="说明", uploads=[upload]
    )
    stored = submission.files.get()
    return stored.file, reverse("materials:download", args=[stored.pk])


@pytest.fixture(params=["case_photo", "inspection_photo", "material_file"])
def stored(request):
    """(stored file, the view serving it, who may see it, who may not)."""
    insider, outsider = {
        "case_photo": ("community1", "community2"),
        "inspection_photo": ("community1", "community2"),
        "material_file": ("dept", "community1"),
    }[request.param]
    file, url = request.getfixturevalue(request.param)
    return file, url, request.getfixturevalue(insider), request.getfixturevalue(outsider)


def test_anonymous_callers_are_sent_to_the_login_page(client, stored):
    file, url, _insider, _outsider = stored
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_out_of_scope_users_get_404(client, stored):
    file, url, _insider, outsider = stored
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_in_scope_users_get_the_bytes(client, stored):
    file, url, insider, _outsider = stored
    client.force_login(insider)
    response = client.get(url)
    assert response.status_code == 200
    with file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert "private" in response["Cache-Control"]


def test_names_are_random_and_the_media_path_serves_nothing(client, stored, admin_user):
    file, _url, insider, _outsider = stored
    assert RANDOM_NAME.match(file.name), file.name
    for user in (None, insider, admin_user):
        if user is not None:
            client.force_login(user)
        assert client.get(f"/media/{file.name}").status_code == 404


def test_photos_of_an_unpublished_undercover_round_stay_hidden_from_the_unit(
    client, coordinator, inspector, community1, units
):
    _file, url = _visit(coordinator, inspector, units, kind=RoundKind.UNDERCOVER)
    client.force_login(community1)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("mode", "header"), [("nginx", "X-Accel-Redirect"), ("sendfile", "X-Sendfile")]
)
def test_production_hands_the_bytes_to_the_web_server(client, settings, stored, mode, header):
    settings.WENMING_MEDIA_ACCEL = mode
    file, url, insider, _outsider = stored
    client.force_login(insider)
    response = client.get(url)
    assert response.status_code == 200 and response.content == b""
    expected = f"/protected-media/{file.name}" if mode == "nginx" else file.path
    assert response[header] == expected
    client.force_login(_outsider)
    response = client.get(url)
    assert response.status_code == 404 and header not in response


def test_api_callers_fetch_case_photos_through_the_case_scope(
    client, case_photo, community1, community2
):
    from wenming.accounts.tokens import issue_token

    file, _page_url = case_photo
    case = file.instance.case
    token, _ = issue_token(user=community1)
    detail = client.get(f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    url = detail["photos"][0]["url"]
    assert url.startswith("/api/v1/cases/photos/")
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    with file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    other, _ = issue_token(user=community2)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 404
    assert client.get(url).status_code == 401
