"""整改后照片: submitting a fix needs an after-photo unless the case's category says otherwise
(问题类别设置), on the page and through the API alike."""

import pytest

from tests.cases.factories import after_photo, move, report
from wenming.cases import services
from wenming.cases.errors import CaseInputError
from wenming.cases.models import CaseCategory, PhotoKind, State
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(inspector, community1, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = report(
        inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"]
    )
    return move(community1, case, "sign")


def test_a_submit_without_an_after_photo_is_refused_and_the_case_stays(signed, community1):
    with pytest.raises(CaseInputError, match="“占道经营”类问题提交整改须上传整改后照片"):
        services.transition(
            actor=community1, case_id=signed.pk, action="submit", note="已清理", photos=[]
        )
    signed.refresh_from_db()
    assert signed.state == State.RECTIFYING and signed.submitted_at is None
    done = move(community1, signed, "submit", note="已清理", photos=[after_photo()])
    assert done.state == State.AWAITING_VERIFICATION
    assert done.photos.filter(kind=PhotoKind.AFTER).count() == 1


def test_a_category_that_needs_no_photo_takes_a_written_account(signed, community1):
    CaseCategory.objects.create(name="占道经营", after_photo_required=False)
    done = move(community1, signed, "submit", note="已办理占道许可", photos=[])
    assert done.state == State.AWAITING_VERIFICATION


def test_the_page_says_the_photo_is_required_and_refuses_without_it(signed, community1, login):
    client = login(community1)
    page = client.get(f"/cases/{signed.pk}/").content.decode()
    assert "整改后照片（必传）" in page
    response = client.post(
        f"/cases/{signed.pk}/submit/",
        {"note": "已清理", "version": signed.version},
        follow=True,
    )
    assert "须上传整改后照片" in response.content.decode()
    signed.refresh_from_db()
    assert signed.state == State.RECTIFYING
    CaseCategory.objects.create(name="占道经营", after_photo_required=False)
    assert "整改后照片（可选）" in client.get(f"/cases/{signed.pk}/").content.decode()
