"""Open311 GeoReport v2 against the live server with a real HTTP client, in JSON and XML."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from tests.participation.conftest import BEIJING, TJA
from tests.participation.factories import citizen_report, photo
from wenming.cases.models import Case, Source, State
from wenming.participation import keys
from wenming.participation.models import CitizenReport, Open311Key

pytestmark = pytest.mark.django_db(transaction=True)

# The element names the specification gives each resource (http://wiki.open311.org/GeoReport_v2).
SPEC_ELEMENTS = {
    "discovery": {"changeset", "contact", "key_service", "endpoints"},
    "endpoint": {"specification", "url", "changeset", "type", "formats"},
    "service": {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    },
    "service_definition": {"service_code", "attributes"},
    "attribute": {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    },
    "value": {"key", "name"},
    "request": {
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
        "token",
        "account_id",
    },
    "error": {"code", "description"},
}
PERSONAL = ("13912345678", "citizen@example.com", "张三丰")


@pytest.fixture
def api(live_server, citizens):
    _key, raw = keys.create_open311_key(actor=None, name="12345 热线")
    return {"base": f"{live_server.url}/open311", "key": raw}


def _xml(response):
    assert response.headers["Content-Type"].startswith("text/xml")
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def _children(element):
    return {child.tag for child in element}


def _post(api, fmt="json", **fields):
    data = {
        "api_key": api["key"],
        "service_code": "street-vending",
        "lat": str(TJA[0]),
        "long": str(TJA[1]),
        "description": "路口有流动摊贩",
        "phone": PERSONAL[0],
        "email": PERSONAL[1],
        "first_name": "三丰",
        "last_name": "张",
        "attribute[stall]": "mobile",
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return requests.post(f"{api['base']}/v2/requests.{fmt}", data=data, timeout=30)


def test_discovery_in_both_formats(api):
    doc = requests.get(f"{api['base']}/discovery.json", timeout=30).json()
    endpoint = doc["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and "application/json" in endpoint["formats"]
    root = _xml(requests.get(f"{api['base']}/discovery.xml", timeout=30))
    assert root.tag == "discovery" and _children(root) == SPEC_ELEMENTS["discovery"]
    endpoint = root.find("endpoints/endpoint")
    assert _children(endpoint) == SPEC_ELEMENTS["endpoint"]
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]


def test_services_and_a_definition_in_both_formats(api):
    services_json = requests.get(f"{api['base']}/v2/services.json", timeout=30).json()
    vending = next(s for s in services_json if s["service_code"] == "street-vending")
    assert vending == {
        "service_code": "street-vending",
        "service_name": "路边摆摊、店外经营",
        "description": "流动摊贩、店铺把货物摆到人行道或盲道上",
        "metadata": True,
        "type": "realtime",
        "keywords": "摆摊,占道,小贩",
        "group": "市容环境",
    }
    assert next(s for s in services_json if s["service_code"] == "litter")["metadata"] is False
    root = _xml(requests.get(f"{api['base']}/v2/services.xml", timeout=30))
    assert root.tag == "services" and all(s.tag == "service" for s in root)
    assert all(_children(s) == SPEC_ELEMENTS["service"] for s in root)
    definition = requests.get(
        f"{api['base']}/v2/services/street-vending.json",
        params={"jurisdiction_id": "340400000000"},
        timeout=30,
    ).json()
    attribute = definition["attributes"][0]
    assert (attribute["code"], attribute["datatype"], attribute["description"]) == (
        "stall",
        "singlevaluelist",
        "摊位类型",
    )
    assert {"key": "mobile", "name": "流动摊贩"} in attribute["values"]
    root = _xml(requests.get(f"{api['base']}/v2/services/street-vending.xml", timeout=30))
    assert (
        root.tag == "service_definition" and _children(root) == SPEC_ELEMENTS["service_definition"]
    )
    attribute = root.find("attributes/attribute")
    assert _children(attribute) == SPEC_ELEMENTS["attribute"]
    assert all(_children(v) == SPEC_ELEMENTS["value"] for v in attribute.find("values"))


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_and_jurisdiction_are_the_specs_errors(api, fmt):
    for url, params in (
        (f"{api['base']}/v2/services/nope.{fmt}", {}),
        (f"{api['base']}/v2/services.{fmt}", {"jurisdiction_id": "elsewhere"}),
    ):
        response = requests.get(url, params=params, timeout=30)
        assert response.status_code == 404
        if fmt == "json":
            [error] = response.json()
            assert error["code"] == 404 and error["description"]
        else:
            root = _xml(response)
            assert root.tag == "errors" and _children(root.find("error")) == SPEC_ELEMENTS["error"]
            assert root.find("error/code").text == "404"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_creates_a_citizen_case_at_intake(api, fmt):
    response = _post(api, fmt)
    assert response.status_code == 200, response.text
    if fmt == "json":
        [created] = response.json()
    else:
        root = _xml(response)
        assert root.tag == "service_requests"
        element = root.find("request")
        assert _children(element) <= SPEC_ELEMENTS["request"]
        created = {child.tag: child.text for child in element}
    case = Case.objects.get(pk=int(created["service_request_id"]))
    assert (case.source, case.state, case.category) == (Source.CITIZEN, State.REPORTED, "占道经营")
    report = CitizenReport.objects.get(case=case)
    assert report.api_key.name == "12345 热线" and report.attributes == {"stall": "mobile"}
    assert report.phone == PERSONAL[0] and report.email == PERSONAL[1]
    assert report.tracking_code in created["service_notice"]
    assert created["token"] == report.token


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_errors_have_the_matching_status(api, fmt):
    cases = [
        ({"api_key": None}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": None}, 400),
        ({"service_code": "nope"}, 404),
        ({"lat": str(BEIJING[0]), "long": str(BEIJING[1])}, 400),
        ({"lat": None, "long": None, "address_string": "人民路 1 号"}, 400),
        ({"attribute[stall]": "tank"}, 400),
        ({"lat": "north"}, 400),
        ({"phone": "12"}, 400),
        ({"jurisdiction_id": "elsewhere"}, 404),
    ]
    for fields, status in cases:
        response = _post(api, fmt, **fields)
        assert response.status_code == status, (fields, response.text)
        if fmt == "json":
            assert response.json()[0]["code"] == status
        else:
            assert _xml(response).find("error/code").text == str(status)
    Open311Key.objects.update(revoked_at=timezone.now())
    # the server knows the key by now: a revoked key is refused with the report's write, and
    # before any other refusal
    assert _post(api, fmt).status_code == 403
    assert _post(api, fmt, service_code="nope").status_code == 403
    assert not Case.objects.exists()


def test_each_key_is_rate_limited(api, settings):
    settings.OPEN311_REQUESTS_PER_KEY_MINUTE = 1
    assert _post(api).status_code == 200
    flood = _post(api)
    assert flood.status_code == 429 and flood.json()[0]["code"] == 429


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_with_filters_and_one_request_and_a_token(
    api, fmt, coordinator, community1, inspector
):
    created = _post(api).json()[0]
    web = citizen_report(service="litter", photos=[photo()], phone=PERSONAL[0])
    from wenming.cases import services as case_services

    case_services.transition(actor=coordinator, case_id=web.case_id, action="reject", note="重复")

    def get(path, **params):
        response = requests.get(f"{api['base']}/v2/{path}.{fmt}", params=params, timeout=30)
        if fmt == "json":
            return response.status_code, response.json(), response.text
        root = _xml(response)
        if root.tag == "errors":
            return (
                response.status_code,
                [{"code": int(root.find("error/code").text)}],
                response.text,
            )
        assert root.tag == "service_requests"
        for element in root:
            assert element.tag == "request" and _children(element) <= SPEC_ELEMENTS["request"]
        return response.status_code, [{c.tag: c.text for c in e} for e in root], response.text

    status, listed, text = get("requests")
    assert status == 200 and {r["service_request_id"] for r in listed} == {
        created["service_request_id"],
        str(web.case_id),
    }
    for personal in PERSONAL:
        assert personal not in text
    rejected = next(r for r in listed if r["service_request_id"] == str(web.case_id))
    assert (rejected["status"], rejected["status_notes"]) == ("closed", "重复")
    assert (
        rejected["media_url"].startswith("http")
        and requests.get(rejected["media_url"], timeout=30).status_code == 200
    )
    assert rejected["requested_datetime"].endswith("+08:00")
    _s, only_open, _t = get("requests", status="open")
    assert [r["service_request_id"] for r in only_open] == [created["service_request_id"]]
    _s, litter, _t = get("requests", service_code="litter")
    assert [r["service_request_id"] for r in litter] == [str(web.case_id)]
    _s, by_id, _t = get(
        "requests", service_request_id=f"{web.case_id},{created['service_request_id']}"
    )
    assert len(by_id) == 2
    old = (timezone.now() - timedelta(days=200)).isoformat()
    _s, none, _t = get(
        "requests", start_date=old, end_date=(timezone.now() - timedelta(days=150)).isoformat()
    )
    assert none == []
    for params in (
        {"start_date": "yesterday"},
        {"start_date": old},  # more than 90 days to now is fine only with an end within 90
        {"start_date": old, "end_date": timezone.now().isoformat()},
        {"status": "pending"},
        {"service_request_id": "1,x"},
        {"end_date": "2026-01-01T00:00:00Z", "start_date": "2026-02-01T00:00:00Z"},
    ):
        status, body, _t = get("requests", **params)
        if params == {"start_date": old}:
            assert status == 200  # start alone: the 90 days from start
            continue
        assert status == 400 and body[0]["code"] == 400, params
    status, one, text = get(f"requests/{created['service_request_id']}")
    assert (
        status == 200 and one[0]["status"] == "open" and one[0]["agency_responsible"] in ("", None)
    )
    assert PERSONAL[0] not in text and PERSONAL[1] not in text
    assert get("requests/999999")[0] == 404
    assert get("requests/abc")[0] == 404
    status, tokens, _t = get(f"tokens/{created['token']}")
    assert status == 200 and tokens[0]["service_request_id"] == created["service_request_id"]
    assert get("tokens/nope")[0] == 404


def test_unknown_format_is_404(api):
    assert requests.get(f"{api['base']}/v2/services.csv", timeout=30).status_code == 404
