"""随手拍: a report becomes a citizen case at intake; the rules the service owns."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.inspections.factories import SiteFactory
from tests.participation.conftest import BEIJING, TJA
from tests.participation.factories import citizen_report, photo
from wenming.accounts.models import AuditEvent
from wenming.cases.models import Case, Source, State
from wenming.cases.todo import todo_for
from wenming.participation import codes
from wenming.participation.codes import ALPHABET
from wenming.participation.errors import ParticipationError
from wenming.participation.models import CitizenReport

pytestmark = pytest.mark.django_db


def test_report_lands_as_citizen_case_in_intake_with_a_readable_code(citizens, coordinator):
    report = citizen_report(photos=[photo()])
    case = report.case
    assert (case.source, case.state, case.category) == (Source.CITIZEN, State.REPORTED, "占道经营")
    assert case.region_id == "340403000000"
    assert case.photos.count() == 1
    assert len(report.tracking_code) == 8 and set(report.tracking_code) <= set(ALPHABET)
    assert not {"0", "O", "1", "I"} & set(report.tracking_code)
    _unit, buckets = todo_for(coordinator)
    assert case in buckets["intake"]


def test_position_outside_the_city_is_refused(citizens):
    with pytest.raises(ParticipationError) as exc:
        citizen_report(latitude=BEIJING[0], longitude=BEIJING[1])
    assert "管辖范围" in exc.value.message
    assert not Case.objects.exists()


def test_empty_description_without_photo_is_refused_but_a_photo_alone_is_enough(citizens):
    with pytest.raises(ParticipationError) as exc:
        citizen_report(description="  ")
    assert exc.value.field == "description"
    report = citizen_report(description="", photos=[photo()])
    assert "见照片" in report.case.description


def test_phone_needs_consent_and_a_valid_number(citizens):
    with pytest.raises(ParticipationError) as exc:
        citizen_report(consent=False)
    assert exc.value.field == "consent"
    with pytest.raises(ParticipationError) as exc:
        citizen_report(phone="12345")
    assert exc.value.field == "phone"
    assert citizen_report(phone="", consent=False).phone == ""
    assert citizen_report(phone="138 0013 8000").phone == "13800138000"


def test_missing_position_and_more_than_three_photos_are_refused(citizens):
    with pytest.raises(ParticipationError) as exc:
        citizen_report(latitude=None, longitude=None)
    assert exc.value.field == "position"
    with pytest.raises(ParticipationError) as exc:
        citizen_report(photos=[photo()] * 4)
    assert exc.value.field == "photos"


def test_following_a_nearby_report_adds_no_case(citizens):
    first = citizen_report()
    follower = citizen_report(follow_case_id=first.case_id, description="", phone="13900139000")
    assert follower.is_follower and follower.case_id == first.case_id
    assert Case.objects.count() == 1
    assert follower.tracking_code != first.tracking_code


def test_a_case_far_away_old_or_of_another_kind_cannot_be_followed(citizens):
    first = citizen_report()
    with pytest.raises(ParticipationError):
        citizen_report(service="litter", follow_case_id=first.case_id)
    Case.objects.filter(pk=first.case_id).update(created=timezone.now() - timedelta(days=8))
    with pytest.raises(ParticipationError):
        citizen_report(follow_case_id=first.case_id)
    with pytest.raises(ParticipationError):
        citizen_report(follow_case_id="abc")


def test_per_address_and_per_phone_limits_refuse_a_flood(citizens, settings):
    settings.PARTICIPATION_REPORTS_PER_IP_HOUR = 2
    citizen_report(phone="")
    citizen_report(phone="")
    with pytest.raises(ParticipationError) as exc:
        citizen_report(phone="")
    assert exc.value.status == 429
    settings.PARTICIPATION_REPORTS_PER_IP_HOUR = 100
    settings.PARTICIPATION_REPORTS_PER_PHONE_DAY = 1
    citizen_report(ip="198.51.100.1")
    with pytest.raises(ParticipationError) as exc:
        citizen_report(ip="198.51.100.2")
    assert exc.value.status == 429
    assert CitizenReport.objects.count() == 3


def test_a_report_and_its_limits_are_one_round_trip_on_postgresql(citizens, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.REDIS_URL = None
    citizen_report()  # the services and the city's places are kept from now on
    with CaptureQueriesContext(connection) as queries:
        citizen_report()
    sent = [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]  # the test's
    if connection.vendor == "postgresql":
        # the per-address and per-phone counts, the case, its event, audit row and report
        assert len(sent) == 1


def test_unknown_service_is_refused(citizens):
    with pytest.raises(ParticipationError):
        citizen_report(service="nope")
    assert TJA  # the fixture city is positioned


def test_a_tracking_code_drawn_twice_is_drawn_again_and_nothing_is_lost(citizens, monkeypatch):
    first = citizen_report()
    drawn = iter([first.tracking_code, "QWERTY23"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(drawn))
    second = citizen_report(description="另一处摊贩")
    assert second.tracking_code == "QWERTY23"
    assert second.case.description == "另一处摊贩" and second.case.state == State.REPORTED
    assert Case.objects.count() == 2 and CitizenReport.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_a_code_drawn_twice_leaves_no_case_behind(citizens, monkeypatch):
    """As a web request writes it (autocommit: on PostgreSQL the report's rows go in one
    message, a transaction by itself): the refused attempt leaves nothing, the next one lands."""
    first = citizen_report()
    drawn = iter([first.tracking_code, "QWERTY23"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(drawn))
    second = citizen_report(description="另一处摊贩")
    assert second.tracking_code == "QWERTY23" and second.case.events.count() == 1
    assert Case.objects.count() == 2 and CitizenReport.objects.count() == 2
    assert AuditEvent.objects.filter(object_id=str(second.case_id)).count() == 1
    assert AuditEvent.objects.filter(summary__startswith="上报问题").count() == 2


def test_a_report_is_a_handful_of_statements(citizens, django_assert_max_num_queries):
    """Throttle, the place, the unit's rule, case, event, audit row and the citizen's report:
    no savepoint of its own, nothing looked up twice (bench/public_intake.py times it)."""
    citizen_report(phone="")
    with django_assert_max_num_queries(10):  # + the savepoint pair the test's transaction adds
        report = citizen_report(phone="")
    assert report.case.events.count() == 1
    assert AuditEvent.objects.filter(object_id=str(report.case_id)).count() == 1


def test_a_report_near_a_site_lands_in_the_sites_community_else_in_the_county(citizens):
    SiteFactory(latitude=Decimal("32.640000"), longitude=Decimal("117.010000"))  # 光明社区
    SiteFactory(latitude=Decimal("32.640000"), longitude=Decimal("117.030000"), is_active=False)
    near = citizen_report(latitude=Decimal("32.643000"), longitude=Decimal("117.012000"))
    assert near.case.region_id == "340403001001"  # about 380 m from the site
    far = citizen_report(latitude=Decimal("32.640000"), longitude=Decimal("117.031000"))
    assert far.case.region_id == "340403000000"  # only an inactive site nearby: the county
