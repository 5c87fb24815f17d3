"""wenming report --unit 市民政局 --period 2026 --out DIR: a unit's work report (工作落实情况报告)
as DOCX and PDF; without --unit, the city-wide report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenming.reports.services import ReportError, find_unit, open_report, render_report


class Command(BaseCommand):
    help = "生成工作落实情况报告（DOCX 和 PDF）：--unit 单位全称或简称（不填为全市报告），--period 2026 / 2026-Q4 / 2026-11。"

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="", help="单位全称或简称；不填为全市报告")
        parser.add_argument("--period", required=True, help="报告期，如 2026、2026-Q4、2026-11")
        parser.add_argument("--out", required=True, help="输出目录")

    def handle(self, *args, **options):
        try:
            unit = find_unit(options["unit"]) if options["unit"] else None
            report = open_report(actor=None, unit=unit, period_key=options["period"])
            out = Path(options["out"])
            out.mkdir(parents=True, exist_ok=True)
            for fmt in ("docx", "pdf"):
                data, name = render_report(actor=None, report=report, fmt=fmt)
                path = out / name.replace("/", "_")
                path.write_bytes(data)
                self.stdout.write(str(path))
        except ReportError as exc:
            raise CommandError(exc.message) from None
