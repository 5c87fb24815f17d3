"""wenming backup / restore: the database and every stored file come back exactly.

A fixture with people, units, cases with photos, an inspection with a photo and a material with
an attachment is backed up, then changed (a case added, a user renamed, a photo deleted), then
restored: every table's row count and checksum and every file's checksum equal those before.
A backup altered after it was taken is refused before anything is touched. SQLite (online
backup API) and PostgreSQL (pg_dump/pg_restore) alike.
"""

import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.cases.factories import report
from tests.inspections.factories import SiteFactory, answers_for, jpeg_bytes, make_round
from tests.materials.factories import png_bytes, task
from wenming.backup import file_checksums, table_checksums
from wenming.cases.events import PhotoIn
from wenming.cases.models import Case, CasePhoto
from wenming.inspections import services as inspections
from wenming.materials import services as materials
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city_at_work(coordinator, inspector, dept, community1, units):
    region = Region.objects.get(code="340403001001")
    for number in range(12):
        report(
            inspector,
            region=region,
            unit=units["guangming"],
            description=f"第 {number} 处占道经营",
            photos=[PhotoIn(file=ContentFile(jpeg_bytes(color=(number, 9, 9)), name="p.jpg"))],
        )
    site = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    round = make_round(coordinator, sites=[site], inspectors=[inspector])
    photo = SimpleUploadedFile("p.jpg", jpeg_bytes(), content_type="image/jpeg")
    inspections.record_inspection(
        actor=inspector,
        round=round,
        site=site,
        answers=answers_for(site, fail={1}, photos={1: [photo]}),
    )
    upload = SimpleUploadedFile("台账.png", png_bytes(), content_type="image/png")
    materials.create_submission(
        actor=dept, task_id=task(units["civil"]).pk, text="说明", uploads=[upload]
    )


def test_restore_brings_back_every_table_and_file_exactly(
    city_at_work, tmp_path, inspector, community1, units
):
    before_tables, before_files = table_checksums(), file_checksums(settings.MEDIA_ROOT)
    assert before_tables["cases_case"]["rows"] == 13 and len(before_files) == 14
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"] == before_tables and manifest["files"] == before_files

    report(inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"])
    community1.first_name = "改名"
    community1.save()
    CasePhoto.objects.first().image.delete(save=False)
    assert table_checksums() != before_tables

    call_command("restore", str(tmp_path / "backup"), "--yes")
    assert table_checksums() == before_tables
    assert file_checksums(settings.MEDIA_ROOT) == before_files
    assert Case.objects.count() == 13


def test_a_backup_changed_after_it_was_taken_is_refused_and_nothing_changes(city_at_work, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    photo = next((tmp_path / "backup" / "media").rglob("*.jpg"))
    photo.write_bytes(b"not the photo")
    before = table_checksums()
    with pytest.raises(CommandError, match="缺失或与备份清单不一致"):
        call_command("restore", str(tmp_path / "backup"), "--yes")
    assert table_checksums() == before


def test_backup_refuses_a_directory_that_is_not_empty(city_at_work, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(tmp_path / "backup"))


@pytest.mark.postgresql(reason="the dumpdata route is PostgreSQL's fallback")
def test_without_the_postgresql_client_tools_a_dumpdata_backup_round_trips(
    city_at_work, tmp_path, inspector, units, monkeypatch
):
    import shutil

    from wenming import backup

    real_which = shutil.which
    monkeypatch.setattr(
        backup.shutil, "which", lambda name: None if name.startswith("pg_") else real_which(name)
    )
    before = table_checksums()
    call_command("backup", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / "database.xml").is_file()
    report(inspector, region=Region.objects.get(code="340403001001"), unit=units["guangming"])
    call_command("restore", str(tmp_path / "backup"), "--yes")
    after = table_checksums(without_ids=backup._through_tables())  # loaddata renumbers those
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"] and {t: after[t] for t in manifest["tables"]} == manifest["tables"]
    assert after["cases_case"] == before["cases_case"]
    assert Case.objects.count() == 13
