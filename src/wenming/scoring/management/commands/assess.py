"""wenming assess --framework ID --period 2026-11: compute (or re-use) an assessment snapshot."""

from django.core.management.base import BaseCommand, CommandError

from wenming.periods import PeriodError, parse_period
from wenming.scoring.services import ScoringError, assess


class Command(BaseCommand):
    help = "按考核期生成考核快照并输出其编号；同一考核期再次运行时沿用已有快照（数字完全相同）。"

    def add_arguments(self, parser):
        parser.add_argument("--framework", type=int, required=True, help="测评体系编号")
        parser.add_argument(
            "--period",
            required=True,
            help="考核期：2026-11-23（日）、2026-W47（周）、2026-11（月）、2026-Q4（季度）、2026（年）",
        )
        parser.add_argument(
            "--revise", metavar="原因", help="更正：按当前数据重新计算，生成新修订版并保留旧版"
        )

    def handle(self, *args, **options):
        try:
            period = parse_period(options["period"])
            outcome = assess(
                actor=None,
                framework=options["framework"],
                period=period,
                revise=bool(options["revise"]),
                reason=options["revise"] or "",
            )
        except (PeriodError, ScoringError) as error:
            raise CommandError(str(error)) from error
        assessment = outcome.assessment
        verb = "已生成" if outcome.created else "沿用已有快照"
        self.stderr.write(f"{period.label}考核第 {assessment.revision} 版：{verb}")
        self.stdout.write(str(assessment.pk))
