"""wenming bulletin --kind weekly --period 2026-W47 --out DIR: write a bulletin as DOCX and PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenming.framework.selectors import active_city_framework
from wenming.periods import PeriodError, parse_period
from wenming.scoring.models import BULLETIN_PERIOD_KIND, BulletinKind
from wenming.scoring.services import ScoringError, assess, export_bulletin, generate_bulletin


class Command(BaseCommand):
    help = "生成（或沿用）某考核期的通报，写出 DOCX 和 PDF 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            required=True,
            choices=[k.value for k in BulletinKind],
            help="weekly 周通报 / monthly 月总结 / quarterly 季度点评",
        )
        parser.add_argument("--period", required=True, help="考核期，如 2026-W47、2026-11、2026-Q4")
        parser.add_argument("--out", required=True, help="输出目录")
        parser.add_argument(
            "--framework", type=int, help="测评体系编号（默认：生效的全国文明城市测评体系）"
        )

    def handle(self, *args, **options):
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        kind = options["kind"]
        if period.kind != BULLETIN_PERIOD_KIND[kind]:
            raise CommandError(
                f"{BulletinKind(kind).label}的考核期应为{BULLETIN_PERIOD_KIND[kind]}，而不是“{period.key}”。"
            )
        framework = options["framework"] or getattr(active_city_framework(), "pk", None)
        if framework is None:
            raise CommandError("没有生效的测评体系，请用 --framework 指定。")
        try:
            assessment = assess(actor=None, framework=framework, period=period).assessment
            bulletin, _created = generate_bulletin(actor=None, assessment=assessment, kind=kind)
        except ScoringError as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        stem = f"{kind}-{period.key}"
        for fmt in ("docx", "pdf"):
            path = out / f"{stem}.{fmt}"
            path.write_bytes(export_bulletin(actor=None, bulletin=bulletin, fmt=fmt))
            self.stdout.write(str(path))
