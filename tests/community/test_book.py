"""The monthly 台账汇编: DOCX and PDF through the documents layer, every photo in it, CJK text
embedded and drawn (no missing glyph)."""

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass

import docx
import pytest
from django.utils import timezone

from tests.community.conftest import build_communities, build_community_framework, jpeg
from tests.conftest import build_city, build_units
from tests.documents import pdfcheck
from tests.module_db import module_rows
from tests.regions.factories import person
from wenming.community import book, services
from wenming.periods import PeriodKind, period_containing
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _entries(community1, guangming):
    for n, (category, title, photos) in enumerate(
        [
            ("after_school", "四点半课堂·作业辅导", 2),
            ("moral", "道德讲堂·身边好人故事会", 1),
            ("volunteer", "志愿服务·楼道清理", 1),
        ]
    ):
        services.record_entry(
            actor=community1,
            community_id=guangming.pk,
            category=category,
            title=title,
            held_on=timezone.localdate(),
            attendance=20 + n,
            place="光明社区党群服务中心",
            summary="居民踊跃参加，秩序井然。",
            uploads=[jpeg(n * 10 + k) for k in range(photos)],
        )


@dataclass
class Month:
    guangming: object
    period: object
    community1: object
    community2: object
    pdf: bytes  # the month's book, rendered once for the module
    warnings: list  # what was logged at WARNING while it rendered


@pytest.fixture(scope="module")
def month(django_db_setup, django_db_blocker, tmp_path_factory):
    """光明社区's month with three ledger entries and four photos, and its book as PDF: built
    and rendered once for the module's tests (rendering a PDF is the slow part)."""
    with module_rows(django_db_blocker, tmp_path_factory.mktemp("media")):
        with django_db_blocker.unblock():
            city = build_city()
            units = build_units(city)
            build_community_framework(city)
            guangming = build_communities(units)["guangming"]
            community1 = person(username="community1", unit=units["guangming"], role=Role.LIAISON)
            community2 = person(username="community2", unit=units["yucai"], role=Role.LIAISON)
            _entries(community1, guangming)
            period = period_containing(PeriodKind.MONTH, timezone.localdate())
            collect = _Collect()
            logging.getLogger().addHandler(collect)
            try:
                pdf = book.render_pdf(book.build(guangming, period))
            finally:
                logging.getLogger().removeHandler(collect)
        yield Month(guangming, period, community1, community2, pdf, collect.messages)


@pytest.fixture(autouse=True)
def media_root():
    """Replaces the package's per-test media folder: the month's photos stay in the module's."""


def test_month_book_pdf_has_every_photo_and_all_its_chinese_text(month):
    pdf, period = month.pdf, month.period
    text = pdfcheck.text(pdf)
    for expected in [
        "田家庵区田东街道光明社区居民委员会创建工作台账汇编",
        period.label,
        "目录",
        "四点半课堂·作业辅导",
        "道德讲堂·身边好人故事会",
        "志愿服务·楼道清理",
        "居民踊跃参加，秩序井然。",
        "活动开展达标",
    ]:
        assert expected.replace(" ", "") in text, expected
    assert pdfcheck.image_count(pdf) == 4  # every photo of the month
    fonts = pdfcheck.fonts(pdf)
    assert fonts and all(fonts.values()), fonts  # CJK fonts embedded
    assert [m for m in month.warnings if "glyph" in m] == []


def test_poppler_reads_the_book_fonts_embedded_and_text_extractable(month, tmp_path):
    """The same check a clerk's viewer makes: pdffonts lists only embedded fonts, pdftotext
    gives back the Chinese text."""
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "book.pdf"
    path.write_bytes(month.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    # Columns end with: emb sub uni object-number generation.
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts.stdout
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "四点半课堂·作业辅导" in text and "台账汇编" in text


def test_book_downloads_as_docx_and_pdf_for_the_community_only(login, month):
    guangming, period = month.guangming, month.period
    client = login(month.community1)
    response = client.get(f"/community/{guangming.pk}/book.docx?month={period.key}")
    assert response.status_code == 200
    assert "%E5%8F%B0%E8%B4%A6%E6%B1%87%E7%BC%96" in response["Content-Disposition"]  # 台账汇编
    document = docx.Document(io.BytesIO(response.content))
    body = "".join(p.text for p in document.paragraphs)
    assert "四点半课堂·作业辅导" in body
    assert len(document.inline_shapes) == 4
    assert client.get(f"/community/{guangming.pk}/book.pdf").content.startswith(b"%PDF")
    assert login(month.community2).get(f"/community/{guangming.pk}/book.pdf").status_code == 404
