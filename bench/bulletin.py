"""(c) A weekly bulletin as DOCX and PDF: reading the assessment and the exposed cases, building the
document and rendering both formats, against rendering the same document with no data access
(the figures and photos already in memory), in one run.

Target: under 2 s. The CPU seconds (process time) are printed beside the wall time: on a shared
machine the wall time says as much about the load as about the bulletin.
"""

import time  # noqa: I001  (common sets Django up before the wenming imports)

from common import report, timed

from wenming.documents.render import render_docx, render_pdf
from wenming.framework.models import Framework, FrameworkStatus
from wenming.regions.models import Region
from wenming.scoring import bulletins
from wenming.scoring.models import Bulletin
from wenming.periods import parse_period
from wenming.scoring.services import assess

PERIOD = parse_period("2026-W47")


def with_data(assessment) -> tuple[bytes, bytes]:
    figures = bulletins.figures_for(assessment, kind="weekly")
    document = bulletins.document_for(figures=figures, requirements=bulletins.DEFAULT_REQUIREMENTS)
    return render_docx(document), render_pdf(document)


def main() -> None:
    framework = Framework.objects.get(name="基准测评体系", status=FrameworkStatus.ACTIVE)
    root = Region.objects.get(code="990000000000")
    assessment = assess(actor=None, framework=framework, period=PERIOD, region=root).assessment
    Bulletin.objects.filter(assessment=assessment).delete()
    figures = bulletins.figures_for(assessment, kind="weekly")
    photos = {p: bulletins.storage_photo(p) for item in figures["exposed"] for p in item["photos"]}
    document = bulletins.document_for(
        figures=figures, requirements=bulletins.DEFAULT_REQUIREMENTS, load_photo=photos.get
    )
    # Both paths draw the same charts; clear matplotlib's PNG cache so neither gets them for free.
    from wenming.documents import charts

    render_docx(document), render_pdf(document)  # warm-up: imports, fonts, layout engines
    charts._cached_png.cache_clear()
    floor_seconds, _ = timed(lambda: (render_docx(document), render_pdf(document)))
    charts._cached_png.cache_clear()
    cpu_started = time.process_time()
    seconds, (docx, pdf) = timed(with_data, assessment)
    cpu_seconds = time.process_time() - cpu_started
    report(
        "c. 周通报 DOCX+PDF",
        docx_kb=len(docx) // 1024,
        pdf_kb=len(pdf) // 1024,
        total_s=f"{seconds:.2f}",
        cpu_s=f"{cpu_seconds:.2f}",
        render_only_s=f"{floor_seconds:.2f}",
        ratio=f"{seconds / floor_seconds:.2f}",
        target="<2s",
        ok=seconds < 2,
    )


if __name__ == "__main__":
    main()
