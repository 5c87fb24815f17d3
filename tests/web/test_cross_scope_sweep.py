"""Cross-scope sweep: every GET route with an id, pages and API, for every role, against the
objects of every other scope, answers 404 — the same as for an object that does not exist.

Nothing here is hand-listed: the page routes come from the URL conf, the API operations from
the OpenAPI schema, and which model a route shows is found by asking it with ids that only one
model can have (each table's ids start at a different offset). Each object's place (region,
responsible unit) is read from its own fields; a role's scope is stated here from DESIGN §3, not
taken from the code under test. A new detail view that forgets to scope fails this test
(``test_a_detail_view_that_forgets_to_scope_is_caught`` shows it on a leaky view).

One test per route, so pytest-xdist spreads them; the world they ask about is built once per
module (so once per worker) inside a transaction rolled back after the module's last test.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from tests.conftest import build_city, build_units
from tests.module_db import module_rows
from tests.regions.factories import person
from tests.web.conftest import build_world_and_cast
from tests.web.sweep_world import add_to_world
from tests.web.test_page_fuzz import ROUTES
from wenming.accounts.tokens import issue_token
from wenming.api.api import api
from wenming.cases.models import Case
from wenming.regions.models import Region, Role

pytestmark = pytest.mark.django_db

# Public by design: citizens answer surveys without an account; Open311 (GeoReport v2) publishes
# citizens' reports and their before photos.
PUBLIC = ("public/", "open311/", "/api/v1/surveys/{survey_id}")
OFFSET = 1_000_000
NO_SUCH_ID = OFFSET - 1  # below every table's first id (see distinct_ids)
# Path words a route may take; the cheapest rendering first (a PDF is the slowest to make), then
# a community facility's kind.
STR_VALUES = ["xlsx", "docx", "pdf", "service"]
# Requests a route may spend finding the object it shows: the models its words name come first,
# so a route over an object the world has finds it in a few; one over an object the world lacks
# gives up after ASKS and fails. OTHERS: values tried for the parameters beside the swept id.
ASKS = 60
OTHERS = 6
# Objects out of a role's scope it is asked for through each route, from different places first.
FOREIGN = 2
# Who looks for a route's object: the administrator, except where DESIGN closes a register to
# them (children's records: civil-affairs staff only, welfare/permissions.py).
FINDERS = {"welfare/children/": "welfare"}


def _auto_pk_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("wenming.")
        and m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    ]


def distinct_ids():
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


# Models placed by the objects they gather (DESIGN §3 as inspections.selectors applies it: a
# round is seen through its sites), when those all lie in one place.
PLACED_BY = {"round": "sites"}


def _place(obj, depth=0) -> tuple[str | None, int | None]:
    """(region code, unit id) an object lives at: its own fields, else one foreign key away."""
    if obj._meta.model_name in PLACED_BY:
        places = {_place(o, depth=1) for o in getattr(obj, PLACED_BY[obj._meta.model_name]).all()}
        return places.pop() if len(places) == 1 else (None, None)
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


def _roles(units):
    """Each restricted role's scope, as DESIGN §3 states it: (region prefix, unit ids, home)."""
    civil = {units["civil"].pk}
    # A street office: its street's territory, itself and its communities (not 育才社区, of
    # another district's street, nor a department's work).
    street = {units[key].pk for key in ("tiandong", "guangming", "xiangyang")}
    return {
        "dept": (None, civil, units["civil"].region_id),
        "leader": (None, civil, units["civil"].region_id),
        "street": ("340403001", street, "340403001000"),
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
        if unit is None and home and home.startswith(region.rstrip("0")):
            # Addressed to everyone under it (the city's surveys, assessments); a unit's work
            # at a region above the role's (a department's task, the district's) is that unit's.
            return False
    return True


def _objects():
    """A few objects of each model, by model, with their place; regions by their code (the API
    names a region by it), each placed at itself."""
    found = {}
    for model in _auto_pk_models():
        rows = list(model.objects.order_by("pk")[:40])
        if rows:
            found[model] = [(row.pk, _place(row)) for row in rows]
    codes = Region.objects.order_by("-pk").values_list("pk", flat=True)  # a village first
    found[Region] = [(code, (code, None)) for code in codes]
    return found


@dataclass
class Sweep:
    """What every route is asked about: the cast, their tokens, the objects and the scopes."""

    cast: dict
    tokens: dict
    roles: dict
    objects: dict
    scoped: dict  # models with objects some role must not see: the ones worth asking about
    region_codes: list


def _build_sweep() -> Sweep:
    distinct_ids()
    units = build_units(build_city())
    _world, cast = build_world_and_cast(units)
    cast["welfare"] = person(username="welfare", unit=units["civil"], role=Role.WELFARE)
    add_to_world(units, admin=cast["admin"])
    objects = _objects()
    roles = _roles(units)
    return Sweep(
        cast=cast,
        tokens={
            name: {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)[0]}"}
            for name, user in cast.items()
            if user is not None
        },
        roles=roles,
        objects=objects,
        scoped={
            model: rows
            for model, rows in objects.items()
            if any(_out_of_scope(place, scope) for _pk, place in rows for scope in roles.values())
        },
        region_codes=sorted({p[0] for rows in objects.values() for _pk, p in rows if p[0]}),
    )


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module (so once per xdist worker) and rolled back after
    its last test: no other module sees its rows."""
    with module_rows(django_db_blocker, tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            built = _build_sweep()
        yield built


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


def _rank(model, words) -> int:
    """How plainly the route's words name ``model``: 0 by its full name … 4 not at all."""
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


@dataclass(frozen=True)
class Target:
    """A route with ids: ``params`` are [(name, kind)]; ``build`` fills them into a path."""

    label: str
    route: str
    params: tuple

    def build(self, values) -> str:
        parts = dict(zip([name for name, _kind in self.params], values))
        if self.label == "api":
            return re.sub(r"{(\w+)}", lambda m: str(parts[m.group(1)]), self.route)
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(parts[m.group(1)]), self.route)

    def before(self, name: str) -> str:
        """The route's text before parameter ``name`` (``<int:name>`` or ``{name}``)."""
        match = re.search(r"<(?:\w+:)?%s>|{%s}" % (name, name), self.route)
        return self.route[: match.start()] if match else self.route


def _page_targets() -> list[Target]:
    """Page routes with ids, from the URL conf."""
    return [
        Target("page", route, tuple((name, kind or "str") for kind, name in converters))
        for route, converters in ROUTES
        if "int" in [kind for kind, _name in converters] and not route.startswith(PUBLIC)
    ]


def _api_targets() -> list[Target]:
    """API operations with ids, from the OpenAPI schema."""
    prefix = "/api/v1"
    targets = []
    for route, operations in api.get_openapi_schema()["paths"].items():
        full = route if route.startswith(prefix) else prefix + route
        if "get" not in operations or "{" not in route or full.startswith(PUBLIC):
            continue
        names = re.findall(r"{(\w+)}", full)
        params = [(name, "str" if name == "code" else "int") for name in names]
        if "int" not in [kind for _n, kind in params]:
            params = [(name, "int") for name in names]  # regions/{code}: swept below by code
        targets.append(Target("api", full, tuple(params)))
    return targets


def _get(client, path, headers=None):
    with transaction.atomic():
        status = client.get(path, **(headers or {})).status_code
        transaction.set_rollback(True)
    return status


class Asker:
    """Asks one route for the world's objects, as one role at a time."""

    def __init__(self, sweep: Sweep, client, target: Target):
        self.sweep, self.client, self.target = sweep, client, target

    def status(self, values, role) -> int:
        path = self.target.build(values)
        if self.target.label == "api":
            return _get(self.client, path, self.sweep.tokens.get(role))
        user = self.sweep.cast[role]
        self.client.force_login(user) if user is not None else self.client.logout()
        return _get(self.client, path)

    def candidates(self, name, kind, *, named_only=False):
        """Values for one parameter, the models the route names first (among equals, those with
        objects out of some role's scope); ``named_only`` keeps only the ones it names most
        plainly (when it names any), for the parameters beside the swept id."""
        if kind != "int":
            return [(None, value) for value in self.sweep.region_codes[:2] + STR_VALUES]
        words = _words(f"{self.target.before(name)}/{name}")
        ranked = sorted(
            ((model, rows[0][0]) for model, rows in self.sweep.objects.items()),
            key=lambda c: (_rank(c[0], words), c[0] not in self.sweep.scoped),
        )
        best = min((_rank(model, words) for model, _pk in ranked), default=4)
        if named_only and best < 4:
            return [c for c in ranked if _rank(c[0], words) == best]
        return ranked

    def find(self):
        """(model, index of the swept id, values) the admin sees through the route, or None:
        the route's first id tries each candidate model in turn, the others a few values each;
        a route shows one model, the first one found. At most ASKS requests."""
        params = self.target.params
        first = next(i for i, (_n, kind) in enumerate(params) if kind == "int")
        fillers = [
            self.candidates(name, kind, named_only=i != first)
            for i, (name, kind) in enumerate(params)
        ]
        tries = (
            (model, combo)
            for model, pk in fillers[first]
            for combo in itertools.islice(_combos(fillers, first, pk), OTHERS)
        )
        finder = next((r for p, r in FINDERS.items() if self.target.route.startswith(p)), "admin")
        for model, combo in itertools.islice(tries, ASKS):
            if self.status(combo, finder) not in (404, 405):
                return model, first, combo
        return None

    def refuses_get(self) -> bool:
        """A route that answers GET with 405 even for ids nobody has shows no object on GET."""
        values = [NO_SUCH_ID if kind == "int" else STR_VALUES[0] for _n, kind in self.target.params]
        return self.status(values, "admin") == 405

    def leaks(self, found) -> list[str]:
        """Every role that sees another scope's object through the route, as found by find()."""
        model, first, chosen = found
        missing = list(chosen)
        missing[first] = _absent(chosen[first])
        leaks = []
        for role, scope in self.sweep.roles.items():
            for other in _foreign(self.sweep.objects[model], scope):
                combo = list(chosen)
                combo[first] = other
                status = self.status(combo, role)
                if status == 404:
                    continue
                absent = self.status(missing, role)
                if not (status == absent and status in (302, 401, 403)):
                    path = self.target.build(combo)
                    leaks.append(
                        f"{self.target.label} {path} as {role}: {status} (missing: {absent})"
                    )
        return leaks


def _foreign(rows, scope) -> list:
    """Up to FOREIGN of ``rows`` outside ``scope``, each from another place where it can (another
    district's, a department's, a district government's), then more of the same place."""
    outside = [(pk, place) for pk, place in rows if _out_of_scope(place, scope)]
    seen: set = set()
    firsts = [pk for pk, place in outside if not (place in seen or seen.add(place))]
    return list(dict.fromkeys(firsts + [pk for pk, _place in outside]))[:FOREIGN]


def _absent(pk):
    """An id of the same model as ``pk`` that no row has (a region code nobody uses)."""
    return "0" * 12 if isinstance(pk, str) else pk + OFFSET - 1


def _combos(fillers, first, pk):
    """Values for every parameter with ``pk`` at ``first``: the others' candidates in turn."""
    others = [i for i in range(len(fillers)) if i != first]
    for values in itertools.product(*[[v for _m, v in fillers[i]] for i in others]):
        combo = [None] * len(fillers)
        combo[first] = pk
        for i, value in zip(others, values):
            combo[i] = value
        yield combo


def sweep_route(sweep, client, target) -> list[str]:
    """The route's leaks; fails when the route shows the admin none of the world's objects."""
    asker = Asker(sweep, client, target)
    if asker.refuses_get():
        return []
    found = asker.find()
    assert found, (
        f"{target.label} {target.route}: no object of the world found through it in {ASKS} "
        "requests — add what it shows to _build_sweep, or the sweep never asks about its scope"
    )
    return asker.leaks(found)


TARGETS = _page_targets() + _api_targets()
# Routes over objects the world does not have yet: each fails visibly (xfail, strict) until the
# world gets one, and then must leave this list.
NOT_IN_WORLD: dict[str, str] = {}


def _param(target):
    reason = NOT_IN_WORLD.get(target.route)
    marks = [pytest.mark.xfail(reason=f"world lacks it: {reason}", strict=True)] if reason else []
    return pytest.param(target, marks=marks, id=f"{target.label}:{target.route}")


@pytest.mark.parametrize("target", [_param(t) for t in TARGETS])
def test_every_detail_route_answers_404_out_of_scope(sweep, client, target):
    leaks = sweep_route(sweep, client, target)
    assert not leaks, "\n".join(leaks)


def _leaky_case(request, pk):
    """A detail view that forgets to scope: any signed-in user sees any case."""
    return HttpResponse(get_object_or_404(Case, pk=pk).description)


urlpatterns = [path("leaky/cases/<int:pk>/", _leaky_case), path("", include("wenming.urls"))]


def test_a_detail_view_that_forgets_to_scope_is_caught(sweep, client, settings):
    """The sweep finds the model behind a route it was not told about and reports every role
    that sees another scope's object through it."""
    settings.ROOT_URLCONF = __name__
    target = Target("page", "leaky/cases/<int:pk>/", (("pk", "int"),))
    leaks = sweep_route(sweep, client, target)
    assert {leak.split(" as ")[1].split(":")[0] for leak in leaks} == set(sweep.roles), leaks
