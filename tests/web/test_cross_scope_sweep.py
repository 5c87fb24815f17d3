"""Cross-scope sweep: every GET route with an id, pages and API, for every role, against the
objects of every other scope, answers 404 — the same as for an object that does not exist.

Nothing here is hand-listed: the page routes come from the URL conf, the API operations from
the OpenAPI schema, and which model a route shows is found by asking it with ids that only one
model can have (each table's ids start at a different offset). Each object's place (region,
responsible unit) is read from its own fields; a role's scope is stated here from DESIGN §3, not
taken from the code under test. A new detail view that forgets to scope fails this test.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.apps import apps
from django.db import connection, transaction

from tests.web.test_page_fuzz import ROUTES
from wenming.accounts.tokens import issue_token
from wenming.api.api import api

pytestmark = pytest.mark.django_db

# Public by design: citizens answer surveys without an account.
PUBLIC = ("public/", "/api/v1/surveys/{survey_id}")
OFFSET = 1_000_000
STR_VALUES = ["pdf", "docx", "xlsx"]


def _auto_pk_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("wenming.")
        and m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    ]


@pytest.fixture
def distinct_ids(db):
    """Every table's ids start at its own offset, so an id names one model only."""
    with connection.cursor() as cursor:
        for index, model in enumerate(_auto_pk_models(), start=1):
            table, start = model._meta.db_table, index * OFFSET
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start]
                )
            else:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [table, model._meta.pk.column, start],
                )


def _place(obj, depth=0) -> tuple[str | None, int | None]:
    """(region code, unit id) an object lives at: its own fields, else one foreign key away."""
    region = getattr(obj, "region_id", None)
    unit = getattr(obj, "unit_id", None)
    if obj._meta.model_name == "unit":
        unit = obj.pk
    if (region or unit) or depth:
        return region, unit
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.many_to_one and getattr(obj, field.attname):
            related = getattr(obj, field.name)
            found = _place(related, depth=1)
            if any(found):
                return found
    return None, None


def _roles(cast, units):
    """Each restricted role's scope, as DESIGN §3 states it: (region prefix, unit ids, home)."""
    civil = {units["civil"].pk}
    return {
        "dept": (None, civil, units["civil"].region_id),
        "leader": (None, civil, units["civil"].region_id),
        "community1": ("340403001001", {units["guangming"].pk}, "340403001001"),
        "community2": ("340404001001", {units["yucai"].pk}, "340404001001"),
        "outsider": (None, set(), None),
    }


def _out_of_scope(place, scope) -> bool:
    region, unit = place
    prefix, unit_ids, home = scope
    if region is None and unit is None:
        return False  # belongs to no place (a framework, a round): not a scoping question
    if unit is not None and unit in unit_ids:
        return False
    if region is not None:
        if prefix and region.startswith(prefix):
            return False
        if home and home.startswith(region.rstrip("0")):
            return False  # addressed to everyone under it (the city's surveys, assessments)
    return True


def _objects():
    """A few objects of each model, by model, with their place."""
    found = {}
    for model in _auto_pk_models():
        rows = list(model.objects.order_by("pk")[:40])
        if rows:
            found[model] = [(row.pk, _place(row)) for row in rows]
    return found


def _words(text: str) -> list[str]:
    """Route text as singular words: "meal-points" → mealpoint, "activities" → activity."""
    words = []
    for word in re.findall(r"[a-z0-9-]+", text.lower().replace("_id", "").replace("_pk", "")):
        word = {"people": "person", "children": "child"}.get(word, word.replace("-", ""))
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word not in ("pk", "int", "str", "slug", "api", "v1") and words[-1:] != [word]:
            words.append(word)
    return words


def _likely_first(candidates, route_before: str, name: str):
    """The candidates in the order worth asking: the models the route names first, so the model
    behind ``cases/<pk>/`` or ``cases/photos/<pk>/`` is usually found on the first request
    (the sweep still asks every candidate until the admin finds something)."""
    words = _words(f"{route_before}/{name}")

    def rank(candidate):
        model = candidate[0]
        if model is None:
            return 4
        model_name = model._meta.model_name
        joined = {"".join(words[-k:]) for k in (2, 3) if len(words) >= k}
        if model_name in joined:
            return 0
        if model_name in words[-1:] or any(model_name.endswith(j) for j in joined):
            return 1
        if model_name in words:
            return 2
        if any(len(w) > 3 and (model_name.endswith(w) or model_name.startswith(w)) for w in words):
            return 3
        return 4

    return sorted(candidates, key=rank)


def _get(client, path, headers=None):
    with transaction.atomic():
        status = client.get(path, **(headers or {})).status_code
        transaction.set_rollback(True)
    return status


def _page_targets():
    """Page routes with ids, each as a function of one id (other ids filled from candidates)."""
    targets = []
    for route, converters in ROUTES:
        kinds = [kind for kind, _name in converters]
        if "int" not in kinds or route.startswith(PUBLIC):
            continue
        targets.append((route, converters))
    return targets


def _api_targets():
    schema = api.get_openapi_schema()
    prefix = "/api/v1"
    targets = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or "{" not in path or path.startswith(PUBLIC):
            continue
        full = path if path.startswith(prefix) else prefix + path
        if full.startswith(PUBLIC) or full in PUBLIC:
            continue
        targets.append(full)
    return targets


def test_every_detail_route_answers_404_out_of_scope(distinct_ids, world, cast, units, client):
    objects = _objects()
    roles = _roles(cast, units)
    tokens = {
        name: {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)[0]}"}
        for name, user in cast.items()
        if user is not None
    }
    region_codes = sorted({p[0] for rows in objects.values() for _pk, p in rows if p[0]})
    leaks, checked = [], 0

    # Only models with objects some role must not see are worth asking about.
    scoped = {
        model: rows
        for model, rows in objects.items()
        if any(_out_of_scope(place, scope) for _pk, place in rows for scope in roles.values())
    }

    def candidates_for(kind):
        if kind == "int":
            return [(model, rows[0][0]) for model, rows in scoped.items()]
        return [(None, value) for value in region_codes[:2] + STR_VALUES]

    def sweep(label, build, params, auth, route):
        """``params``: [(name, kind)]; find the model behind the first int id, then sweep it."""
        nonlocal checked
        first = next(i for i, (_n, kind) in enumerate(params) if kind == "int")
        fillers = [
            _likely_first(candidates_for(kind), _before(route, name), name) for name, kind in params
        ]
        found_model = False
        for model, pk in fillers[first]:
            if found_model:
                break  # a route shows one model: the first one the admin finds is it
            # Other parameters: the first filler the admin finds something with.
            chosen = None
            for combo in _combos(fillers, first, pk):
                auth("admin")
                if _get(client, build(combo), auth_headers("admin")) not in (404, 405):
                    chosen = combo
                    break
            if chosen is None:
                continue
            found_model = True
            missing = list(chosen)
            missing[first] = pk + OFFSET - 1  # an id of this model that does not exist
            for role, scope in roles.items():
                foreign = [p for p, place in objects[model] if _out_of_scope(place, scope)][:2]
                if not foreign:
                    continue
                auth(role)
                for other in foreign:
                    combo = list(chosen)
                    combo[first] = other
                    status = _get(client, build(combo), auth_headers(role))
                    checked += 1
                    if status == 404:
                        continue
                    absent = _get(client, build(missing), auth_headers(role))
                    if not (status == absent and status in (302, 401, 403)):
                        leaks.append(
                            f"{label} {build(combo)} as {role}: {status} (missing: {absent})"
                        )

    def auth_headers(role):
        return tokens.get(role) if api_mode else None

    def page_auth(role):
        client.force_login(cast[role]) if cast[role] is not None else client.logout()

    api_mode = False
    for route, converters in _page_targets():
        params = [(name, kind or "str") for kind, name in converters]
        names = [name for name, _kind in params]

        def build(values, route=route, names=names):
            parts = dict(zip(names, values))
            return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(parts[m.group(1)]), route)

        sweep("page", build, params, page_auth, route)

    api_mode = True
    client.logout()
    for path in _api_targets():
        names = re.findall(r"{(\w+)}", path)
        params = [(name, "str" if name == "code" else "int") for name in names]
        if "int" not in [kind for _n, kind in params]:
            params = [(name, "int") for name in names]  # regions/{code}: swept below by code

        def build(values, path=path, names=names):
            parts = dict(zip(names, values))
            return re.sub(r"{(\w+)}", lambda m: str(parts[m.group(1)]), path)

        sweep("api", build, params, lambda role: None, path)

    assert checked > 100, f"only {checked} out-of-scope requests were made"
    assert not leaks, "\n".join(leaks)


def _before(route: str, name: str) -> str:
    """The route's text before parameter ``name`` (``<int:name>`` or ``{name}``)."""
    match = re.search(r"<(?:\w+:)?%s>|{%s}" % (name, name), route)
    return route[: match.start()] if match else route


def _combos(fillers, first, pk):
    """Values for every parameter with ``pk`` at ``first``: the others' candidates in turn."""
    others = [i for i in range(len(fillers)) if i != first]
    if not others:
        yield [pk]
        return
    for values in itertools.product(*[[v for _m, v in fillers[i]] for i in others]):
        combo = [None] * len(fillers)
        combo[first] = pk
        for i, value in zip(others, values):
            combo[i] = value
        yield combo
