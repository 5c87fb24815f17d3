"""Token, /me, regions and units through the API, scoped like the pages."""

import json

import pytest

from wenming.accounts.models import ApiToken


def token_for(client, username, password):
    response = client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def api(client, password):
    def _api(user):
        token = token_for(client, user.username, password)
        return lambda path, **kw: client.get(
            f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **kw
        )

    return _api


@pytest.mark.django_db
def test_wrong_credentials_get_401_with_a_json_error(client, coordinator):
    response = client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": "coordinator", "password": "nope"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "账号或密码错误。", "retry_after": None}


@pytest.mark.django_db
def test_missing_fields_get_a_4xx_naming_the_field(client):
    response = client.post(
        "/api/v1/auth/token", data=json.dumps({"username": "x"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "password" in json.dumps(response.json())


@pytest.mark.django_db
def test_tokens_are_stored_as_digests(client, coordinator, password):
    raw = token_for(client, "coordinator", password)
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert ApiToken.objects.filter(user=coordinator).count() == 1


@pytest.mark.django_db
def test_me_gives_user_unit_role_and_scope(api, community1):
    body = api(community1)("/me").json()
    assert body["username"] == "community1"
    assert body["unit"]["name"] == "田家庵区田东街道光明社区居民委员会"
    assert body["role"] == "liaison" and body["role_label"] == "责任单位联络员"
    assert body["scope_region_code"] == "340403001001"


@pytest.mark.django_db
def test_api_without_token_is_401(client, city):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/units/").status_code == 401


@pytest.mark.django_db
def test_community1_sees_only_units_in_its_scope(api, community1, units):
    body = api(community1)("/units/").json()
    assert body["count"] == 1
    assert [u["name"] for u in body["items"]] == ["田家庵区田东街道光明社区居民委员会"]


@pytest.mark.django_db
def test_region_of_another_community_is_404(api, community1, community2):
    get = api(community1)
    response = get("/regions/340404001001")  # community2's region
    assert response.status_code == 404 and response.json() == {"detail": "未找到。"}
    assert get("/regions/340403001001").status_code == 200
    assert get("/regions/999999999999").status_code == 404  # same answer as "does not exist"


@pytest.mark.django_db
def test_unit_of_another_community_is_404(api, community1, units):
    get = api(community1)
    assert get(f"/units/{units['yucai'].pk}").status_code == 404
    assert get(f"/units/{units['guangming'].pk}").status_code == 200


@pytest.mark.django_db
def test_regions_are_paged(api, coordinator):
    body = api(coordinator)("/regions/", data={"page_size": 3}).json()
    # The city office sees its city, not the province above it.
    assert body["count"] == 9 and len(body["items"]) == 3
    assert body["items"][0] == {
        "code": "340400000000",
        "name": "淮南市",
        "level": "city",
        "parent_code": "340000000000",
        "urban_rural": "",
    }


@pytest.mark.django_db
def test_unit_search_accepts_traditional_characters(api, coordinator):
    body = api(coordinator)("/units/", data={"q": "民政局"}).json()
    assert [u["short_name"] for u in body["items"]] == ["市民政局"]
    body = api(coordinator)("/units/", data={"q": "光明社區"}).json()
    assert [u["short_name"] for u in body["items"]] == ["光明社区"]


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in schema["paths"] and "/api/v1/units/" in schema["paths"]


@pytest.mark.django_db
def test_a_nul_byte_in_an_api_path_is_a_400_not_a_server_error(api, coordinator):
    response = api(coordinator)("/regions/%00")
    assert response.status_code == 400 and "空字符" in response.json()["detail"]


@pytest.mark.django_db
def test_nul_bytes_in_api_filters_and_json_are_dropped(api, coordinator, client, units):
    # The document calls any string valid; a NUL means nothing in a filter or a name.
    found = api(coordinator)("/units/?q=民%00政")
    assert found.status_code == 200 and any("民政" in u["name"] for u in found.json()["items"])
    response = client.post(
        "/api/v1/auth/token",
        data='{"username": "a\\u0000", "password": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/units/?page=395821619605392523264", "/api/v1/units/99999999999999999999"]
)
def test_numbers_out_of_range_are_a_4xx(api, coordinator, path):
    response = api(coordinator)(path)
    assert 400 <= response.status_code < 500
