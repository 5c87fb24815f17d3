"""A weekly bulletin shows the week's exposed cases (曝光) with their photo.

Apart from tests/scoring/test_bulletin_document.py: that module keeps one city for all its tests,
this test builds its own."""

import pytest

from tests.scoring.factories import small_city, write_weekly_bulletin
from wenming.scoring.models import Bulletin

pytestmark = pytest.mark.django_db


def test_exposed_cases_appear_with_their_photo(units, admin_user, inspector, tmp_path, settings):
    import io as _io

    from django.core.files.base import ContentFile
    from docx import Document
    from PIL import Image as PILImage

    from tests.scoring.factories import at, case
    from wenming.cases.models import CasePhoto

    settings.MEDIA_ROOT = str(tmp_path / "media")
    fixture = small_city(units, admin=admin_user, inspector=inspector)
    exposed = case(
        units["guangming"].region_id,
        units["guangming"],
        created=at(11, 1),
        overdue_from=at(11, 5),
        category="占道经营",
    )
    exposed.exposed_at = at(11, 12)
    exposed.save()
    buffer = _io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    photo = CasePhoto(case=exposed, kind="before")
    photo.image.save("before.jpg", ContentFile(buffer.getvalue()))
    write_weekly_bulletin("2026-W47", tmp_path, fixture["framework"].pk)
    figures = Bulletin.objects.get().figures
    assert [(c["case_id"], c["category"]) for c in figures["exposed"]] == [(exposed.pk, "占道经营")]
    assert figures["exposed"][0]["photos"]
    document = Document(str(tmp_path / "weekly-2026-W47.docx"))
    table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "序号" and len(t.columns) == 5
    )
    assert "占道经营" in table.rows[1].cells[2].text
    assert table.rows[1].cells[4]._element.xpath(".//pic:pic")  # the photo sits in the table
