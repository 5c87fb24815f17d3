"""The fixed cast every test can use, on a small slice of the demo city.

Regions: 淮南市 ▸ 田家庵区 ▸ 田东街道 ▸ 光明社区 / 向阳社区, and 谢家集区 ▸ 谢家集街道 ▸ 育才社区.
People: admin, coordinator, inspector (市文明办); dept (市民政局 liaison); community1
(光明社区) and community2 (育才社区, another district); outsider (no unit).
"""

import contextlib

import pytest
from django.test.utils import setup_databases, teardown_databases
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

from tests import dbflush
from tests.dbtemplate import cloned_test_database
from tests.regions.factories import PASSWORD, UnitFactory, UserFactory, person
from wenming import kept, throttle
from wenming.regions.models import Region, RegionLevel, Role, UnitKind

# Property tests are not timed: Hypothesis's default 200 ms deadline per example fails them on a
# loaded machine (two xdist workers beside a browser or another developer's run).
hypothesis_settings.register_profile("wenming", deadline=None)
hypothesis_settings.load_profile("wenming")

# Fixtures through which a test reaches the database (directly or through another fixture).
# (django_db_blocker is not one: pytest-django's own autouse fixtures request it for every test;
# a fixture that unblocks the database by hand should request ``db`` as well.)
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_database(item) -> bool:
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
        getattr(item, "fixturenames", ())
    ):
        return True
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, TransactionTestCase)


def _keep_xdist_group(item) -> None:
    """Name the test's ``xdist_group`` in its node id, as ``--dist loadgroup`` expects
    (``path::test[params]@group``). pytest-xdist 3.8 writes that id to ``item._nodeid``, which
    pytest 9 no longer reads (a node's id is ``item._id``): without this every grouped test was
    handed out on its own, and a module's once-per-module render ran once per worker."""
    groups = sorted(
        {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
    )
    if groups and "@" not in item.nodeid.rpartition("]")[2]:
        item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(groups)}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """``nodb`` marks every test that never touches the database: scripts/run-tests.sh runs those
    on SQLite only, since a second pass on PostgreSQL would check exactly the same thing.
    ``postgresql``/``sqlite`` mark tests about one database; elsewhere they are skipped (and
    run-tests.sh deselects them there, so the summary shows no skips that are not news)."""
    from django.db import connection

    loadgroup = getattr(config.option, "loadgroup", False)  # set on xdist workers
    for item in items:
        if loadgroup:
            _keep_xdist_group(item)
        for vendor in ("postgresql", "sqlite"):
            mark = item.get_closest_marker(vendor)
            if mark and connection.vendor != vendor:
                reason = mark.kwargs.get("reason", f"needs {vendor}")
                item.add_marker(pytest.mark.skip(reason=reason))
        if not _uses_database(item):
            item.add_marker(pytest.mark.nodb)
    # xdist hands tests out in this order (pytest-django's own sort, after this, keeps it within
    # its groups): a long test started last keeps one worker busy after the other ran out.
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


class _HeavyFirst:
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        """After pytest-django's sort (database tests, then transactional ones, then the rest):
        heavy tests that never flush the database go first of all, the heavy ``nodb`` ones too,
        which pytest-django's sort put last."""
        items.sort(key=lambda item: not (item.get_closest_marker("heavy") and not _flushes(item)))


def _flushes(item) -> bool:
    """A transactional test empties the tables after it: pytest-django runs those last."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    mark = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        mark and (mark.kwargs.get("transaction") or mark.kwargs.get("reset_sequences"))
    ) or bool({"transactional_db", "live_server"} & fixtures)


def pytest_configure(config):
    config.pluginmanager.register(_HeavyFirst(), "wenming-heavy-first")


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own fixture, except that the test database is copied from a migrated
    template (tests/dbtemplate.py) instead of migrated again in every process, and emptied after
    a transactional test with DELETE instead of TRUNCATE (tests/dbflush.py). ``--reuse-db``
    and ``--nomigrations`` keep pytest-django's behaviour."""
    dbflush.install()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    arguments = {
        "verbosity": verbosity,
        "interactive": False,
        "aliases": aliases,
        "serialized_aliases": serialized_aliases,
    }
    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    with contextlib.ExitStack() as stack:
        with django_db_blocker.unblock():
            if keepdb or not django_db_use_migrations:
                config = setup_databases(**arguments, keepdb=keepdb)
            else:
                config = stack.enter_context(cloned_test_database(setup_databases, **arguments))
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                teardown_databases(config, verbosity=verbosity)


def _region(code, name, level, parent=None, urban_rural=""):
    return Region.objects.create(
        code=code, name=name, level=level, parent=parent, urban_rural=urban_rural
    )


@pytest.fixture(autouse=True)
def forget_kept_reference_data():
    """Processes keep some reference rows a while (dispatch rules, 随手拍 services, the city's
    places): each test starts without the rows of the one before, which were rolled back."""
    kept.forget_all()


@pytest.fixture(autouse=True)
def one_rate_limit_window(monkeypatch):
    """Rate limits count in fixed one-minute windows of the wall clock: two posts a moment apart
    fall in two windows when a minute turns between them, and a test expecting the second to be
    refused fails by chance (seen once in a clean run). Every test counts in the middle of one
    window; tests about windows (tests/throttle) move this clock themselves."""
    monkeypatch.setattr(throttle, "_clock", lambda: 1_800_000_030.0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """argon2 is slow by design; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def second_factor_optional(settings):
    """Tests that are not about the second factor log administrators in with a password only;
    tests/accounts/test_second_factor.py turns the requirement back on."""
    settings.OTP_REQUIRED_ROLES = []


@pytest.fixture
def city(db):
    return build_city()


def build_city():
    """The regions of the cast's slice of the city; returns 淮南市."""
    province = _region("340000000000", "安徽省", RegionLevel.PROVINCE)
    city = _region("340400000000", "淮南市", RegionLevel.CITY, province)
    tja = _region("340403000000", "田家庵区", RegionLevel.COUNTY, city)
    tiandong = _region("340403001000", "田东街道", RegionLevel.TOWN, tja, "111")
    _region("340403001001", "光明社区", RegionLevel.VILLAGE, tiandong, "111")
    _region("340403001002", "向阳社区", RegionLevel.VILLAGE, tiandong, "111")
    xjj = _region("340404000000", "谢家集区", RegionLevel.COUNTY, city)
    xjj_street = _region("340404001000", "谢家集街道", RegionLevel.TOWN, xjj, "111")
    _region("340404001001", "育才社区", RegionLevel.VILLAGE, xjj_street, "111")
    _region("340404001201", "王岗村", RegionLevel.VILLAGE, xjj_street, "220")
    return city


@pytest.fixture
def units(city):
    return build_units(city)


def build_units(city):
    """The cast's units, by key, in the regions ``build_city`` made."""
    r = lambda code: Region.objects.get(code=code)  # noqa: E731
    office = UnitFactory(
        name="淮南市精神文明建设委员会办公室",
        short_name="市文明办",
        kind=UnitKind.OFFICE,
        region=city,
    )
    civil = UnitFactory(
        name="淮南市民政局", short_name="市民政局", kind=UnitKind.DEPARTMENT, region=city
    )
    police = UnitFactory(
        name="淮南市公安局", short_name="市公安局", kind=UnitKind.DEPARTMENT, region=city
    )
    traffic = UnitFactory(
        name="淮南市公安局交通警察支队",
        short_name="市交警支队",
        kind=UnitKind.DEPARTMENT,
        region=city,
        parent=police,
    )
    tja_gov = UnitFactory(
        name="淮南市田家庵区人民政府",
        short_name="田家庵区政府",
        kind=UnitKind.GOVERNMENT,
        region=r("340403000000"),
    )
    tiandong = UnitFactory(
        name="田家庵区田东街道办事处",
        short_name="田东街道",
        kind=UnitKind.STREET,
        region=r("340403001000"),
        parent=tja_gov,
    )
    guangming = UnitFactory(
        name="田家庵区田东街道光明社区居民委员会",
        short_name="光明社区",
        kind=UnitKind.COMMUNITY,
        region=r("340403001001"),
        parent=tiandong,
    )
    xiangyang = UnitFactory(
        name="田家庵区田东街道向阳社区居民委员会",
        short_name="向阳社区",
        kind=UnitKind.COMMUNITY,
        region=r("340403001002"),
        parent=tiandong,
    )
    xjj_gov = UnitFactory(
        name="淮南市谢家集区人民政府",
        short_name="谢家集区政府",
        kind=UnitKind.GOVERNMENT,
        region=r("340404000000"),
    )
    yucai = UnitFactory(
        name="谢家集区谢家集街道育才社区居民委员会",
        short_name="育才社区",
        kind=UnitKind.COMMUNITY,
        region=r("340404001001"),
    )
    return {
        "office": office,
        "civil": civil,
        "police": police,
        "traffic": traffic,
        "tja_gov": tja_gov,
        "tiandong": tiandong,
        "guangming": guangming,
        "xiangyang": xiangyang,
        "xjj_gov": xjj_gov,
        "yucai": yucai,
    }


@pytest.fixture
def admin_user(units):
    return person(username="admin", unit=units["office"], role=Role.ADMIN, is_staff=True)


@pytest.fixture
def coordinator(units):
    return person(username="coordinator", unit=units["office"], role=Role.COORDINATOR)


@pytest.fixture
def inspector(units):
    return person(username="inspector", unit=units["office"], role=Role.INSPECTOR)


@pytest.fixture
def dept(units):
    return person(username="dept", unit=units["civil"], role=Role.LIAISON)


@pytest.fixture
def police_liaison(units):
    return person(username="police", unit=units["police"], role=Role.LIAISON)


@pytest.fixture
def community1(units):
    return person(username="community1", unit=units["guangming"], role=Role.LIAISON)


@pytest.fixture
def community2(units):
    return person(username="community2", unit=units["yucai"], role=Role.LIAISON)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """Log ``user`` into the test client; returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
