"""Adding and changing one site by hand, within the planner's scope."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.inspections.factories import SiteFactory, site_type
from wenming.accounts.models import AuditEvent
from wenming.inspections.models import Site

pytestmark = pytest.mark.django_db


def _post(client, url, **overrides):
    data = {
        "name": "光明菜市场",
        "site_type": site_type().pk,
        "region": "340403001001",
        "unit": "",
        "address": "光明路 1 号",
        "latitude": "32.641000",
        "longitude": "117.011000",
    }
    data.update(overrides)
    return client.post(url, data)


def test_coordinator_adds_a_site_and_it_is_audited(coordinator, login, units):
    response = _post(
        login(coordinator), reverse("inspections:site_create"), unit=units["guangming"].pk
    )
    site = Site.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:site_detail", args=[site.pk]
    )
    assert site.unit == units["guangming"] and site.latitude == Decimal("32.641000")
    assert AuditEvent.objects.filter(object_type="inspections.site", action="create").exists()


def test_a_second_site_of_the_same_name_in_one_region_is_explained(coordinator, login, units):
    SiteFactory(name="光明菜市场")
    response = _post(login(coordinator), reverse("inspections:site_create"))
    assert response.status_code == 400 and "已有名为“光明菜市场”的点位" in response.content.decode()
    assert Site.objects.count() == 1


def test_half_a_position_is_refused(coordinator, login, units):
    response = _post(login(coordinator), reverse("inspections:site_create"), longitude="")
    assert response.status_code == 400 and "纬度和经度需同时填写" in response.content.decode()


def test_editing_changes_the_site(coordinator, login, units):
    site = SiteFactory(name="旧名")
    response = _post(
        login(coordinator), reverse("inspections:site_edit", args=[site.pk]), name="新名"
    )
    site.refresh_from_db()
    assert response.status_code == 302 and site.name == "新名" and site.address == "光明路 1 号"
    assert AuditEvent.objects.filter(object_type="inspections.site", action="update").exists()


def test_units_may_not_add_or_edit_sites(community1, login, units):
    site = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    client = login(community1)
    assert client.get(reverse("inspections:site_create")).status_code == 403
    assert client.get(reverse("inspections:site_edit", args=[site.pk])).status_code == 403
