"""Every page, fuzzed: whatever a query string or a form sends, as any role, never a 5xx.

The routes come from the URL conf (admin and the API excepted: the API is fuzzed from its
OpenAPI schema in tests/api). For each route hypothesis draws the path's ids, a role, query
parameters — common filter names and every field name the page's own forms carry — and, when
the page has forms, posts them with the same kind of values. Derandomized and a few examples
per route, so it stays fast and gives the same answer every run.
"""

from __future__ import annotations

import re
import traceback

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import build_city, build_units
from tests.module_db import module_rows
from tests.web.conftest import build_world_and_cast

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "api/", "media/", "logout/")
# Names pages commonly read from the query string, beside those found in their forms.
COMMON_PARAMS = [
    "page", "page_size", "q", "unit", "region", "state", "status", "category", "source",
    "overdue", "level", "search", "parent", "period", "kind", "framework", "indicator", "task",
    "year", "month", "assessment", "next", "fmt", "bucket", "version", "site", "round", "zoom",
    "bbox", "type", "layer", "date",
]  # fmt: skip
# The inputs that broke pages before, first: hypothesis starts from the simplest choice.
NASTY = [
    "²", "9" * 20, "1e308", "-1", "\u202e社区", "x" * 3000, "", "0", "1", "2", "¹²", "٣",
    "-" + "9" * 20, "-1e308", "NaN", "inf", "1.5", "2026-11", "2026-W46", "2026-13", "2026-W99",
    "2026-Q5", "9999-12-31", "0000-00-00", "a\x00b", "%", "'", '"', "<script>",
    "340403001001", "340404", "true", "on", "weekly", "pdf", "docx", "xlsx",
]  # fmt: skip
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
PATH_VALUES = {
    "int": st.sampled_from([1, 2, 3, 4, 0, 10**20]),
    "str": st.sampled_from(["340403001001", "340404001001", "pdf", "docx", "sign", "²", "x"]),
    "slug": st.sampled_from(["cases", "framework", "volunteers", "x"]),
}
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')


def _routes() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every page route as (pattern, [(converter, name), …])."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if not route.startswith(SKIPPED_PREFIXES) and not route.startswith("^"):
                    found.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(
        (route, re.findall(r"<(?:(\w+):)?(\w+)>", route)) for route in dict.fromkeys(found)
    )


ROUTES = _routes()


def _path(route: str, parts: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(parts[m.group(1)]), route)


def _call(client: Client, method: str, path: str, data: dict) -> int:
    # A savepoint per request: a statement PostgreSQL refuses aborts the request's transaction,
    # which here would be the test's, shared by every request that follows.
    with transaction.atomic():
        response = getattr(client, method)(path, data)
        status = response.status_code
        if method == "get" and status == 200 and "html" in response.get("Content-Type", ""):
            _call.fields[path] = set(FIELD_NAME.findall(response.content.decode()))
        transaction.set_rollback(True)  # keep the world as it was for the next example
    return status


_call.fields = {}


def _checker(client, cast, route: str, converters, *, examples: int = 3):
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # report the first failing input, do not spend time shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def check(data):
        parts = {name: data.draw(PATH_VALUES[kind or "str"]) for kind, name in converters}
        role = data.draw(st.sampled_from(sorted(cast)))
        path = _path(route, parts)
        client.logout()
        if cast[role] is not None:
            client.force_login(cast[role])
        _call(client, "get", path, {})
        names = sorted(_call.fields.get(path, set()) - {"csrfmiddlewaretoken"})
        # Every parameter gets a value in every example, so each meets a few nasty ones.
        query = {name: data.draw(values) for name in sorted({*COMMON_PARAMS, *names})}
        posted = {name: data.draw(values) for name in names}
        for method, payload in [("get", query)] + ([("post", posted)] if names else []):
            try:
                status = _call(client, method, path, payload)
            except DatabaseError as exc:
                status = f"database error {exc!r}"
            except Exception:
                status = traceback.format_exc(limit=-3)
            assert isinstance(status, int) and status < 500, (
                f"{method.upper()} {path} as {role} with {payload!r}: {status}"
            )

    return check


def _groups(routes, smallest: int = 8) -> dict[str, list]:
    """The routes by their app (the path's first segment); apps with fewer than ``smallest``
    routes share one group. Each group is a test of its own, so xdist spreads the fuzzing over
    its workers instead of one worker fuzzing every page while the other waits."""
    by_app: dict[str, list] = {}
    for route, converters in routes:
        if not any(kind == "path" for kind, _name in converters):
            by_app.setdefault(route.split("/", 1)[0] or "home", []).append((route, converters))
    groups = {app: found for app, found in by_app.items() if len(found) >= smallest}
    groups["other"] = [
        entry for app, found in by_app.items() if app not in groups for entry in found
    ]
    return groups


GROUPS = _groups(ROUTES)


def test_the_url_conf_was_walked():
    assert len(ROUTES) > 60, "the URL conf was not walked"
    assert {"cases", "community", "volunteers", "other"} <= set(GROUPS)


@pytest.fixture(scope="module")
def fuzz_cast(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module (so once per xdist worker, not once per page group) and rolled
    back after its last test; each request the fuzzer makes is rolled back too."""
    with module_rows(django_db_blocker, tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            built = build_world_and_cast(build_units(build_city()))[1]
        yield built


# Roles every page is visited as, beside the roles drawn at random: one example each. The street
# office (its own territory, its communities' work) is the role added last to the cast.
EVERY_PAGE_AS = ("street",)


@pytest.mark.heavy
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_no_page_answers_a_server_error_to_any_input(fuzz_cast, client, group):
    failures: list[str] = []
    for route, converters in GROUPS[group]:
        casts = [(fuzz_cast, 3)] + [({role: fuzz_cast[role]}, 1) for role in EVERY_PAGE_AS]
        for cast, examples in casts:
            try:
                _checker(client, cast, route, converters, examples=examples)()
            except AssertionError as exc:
                failures.append(str(exc)[:3000])
    assert not failures, "\n\n".join(failures)
