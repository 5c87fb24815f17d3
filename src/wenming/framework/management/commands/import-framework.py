"""wenming import-framework PATH.xlsx [--name NAME] [--purpose city|community]: a new draft framework."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wenming.framework import services
from wenming.framework.models import FrameworkPurpose
from wenming.sheets import SheetRejected


class Command(BaseCommand):
    help = "从 Excel 任务分解表导入测评体系（草稿）；表中任何一处有错都不保存，错误逐条输出到标准错误。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="xlsx 文件路径")
        parser.add_argument("--name", default="", help="测评体系名称（默认取表格标题行或文件名）")
        parser.add_argument(
            "--purpose",
            default=FrameworkPurpose.CITY,
            choices=FrameworkPurpose.values,
            help="用途：city（全国文明城市测评体系）或 community（社区创建标准）",
        )

    def handle(self, *args, path, name, purpose, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            framework = services.import_framework(
                actor=None,
                data=file.read_bytes(),
                filename=file.name,
                name=name,
                purpose=purpose,
            )
        except SheetRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"导入失败：发现 {len(rejected.errors)} 处错误，未保存任何数据。"
            ) from None
        self.stdout.write(f"framework_id={framework.pk} indicators={framework.indicator_count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入“{framework.name}”（第 {framework.version} 版，草稿）：编号 {framework.pk}，指标 {framework.indicator_count} 个。"
            )
        )
