"""CaseEvent rows are written once: never edited, never deleted — not even in bulk."""

import pytest
from django.core.exceptions import ValidationError

from tests.cases.factories import move, report
from wenming.cases.models import Case, CaseEvent
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(inspector, units, community1):
    case = report(
        inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
    )
    move(community1, case, "sign")
    return CaseEvent.objects.filter(case=case).order_by("pk").first()


def test_an_event_cannot_be_edited(event):
    event.note = "改写历史"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        CaseEvent.objects.filter(pk=event.pk).update(note="改写历史")
    event.refresh_from_db()
    assert event.note == ""


def test_an_event_cannot_be_deleted_nor_its_case(event):
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        CaseEvent.objects.all().delete()
    with pytest.raises(Exception):  # PROTECT: a case with a history cannot go
        Case.objects.filter(pk=event.case_id).delete()
    assert CaseEvent.objects.filter(case_id=event.case_id).count() == 2


def test_the_audit_log_names_the_step_and_states_in_chinese(event, auditor_reads):
    """The auditor reads "案件 #7 签收（待签收→整改中）", not "sign dispatched→rectifying"."""
    text = auditor_reads()
    assert f"案件 #{event.case_id} 签收（待签收→整改中）" in text
    assert "dispatched" not in text and " sign " not in text


@pytest.fixture
def auditor_reads(units, client):
    from tests.regions.factories import person
    from wenming.regions.models import Role

    auditor = person(username="auditor", unit=units["office"], role=Role.AUDITOR)

    def read() -> str:
        client.force_login(auditor)
        return client.get("/account/audit/").content.decode()

    return read
