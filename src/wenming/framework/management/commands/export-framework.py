"""wenming export-framework ID PATH.xlsx: the framework as the table it can be imported from."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from wenming.framework import services


class Command(BaseCommand):
    help = "把测评体系导出为 Excel 任务分解表（可再导入）。"

    def add_arguments(self, parser):
        parser.add_argument("framework_id", type=int, help="测评体系编号")
        parser.add_argument("path", help="输出的 xlsx 文件路径")

    def handle(self, *args, framework_id, path, **options):
        try:
            framework, data = services.export_framework(actor=None, framework_id=framework_id)
        except Http404:
            raise CommandError(f"找不到编号为 {framework_id} 的测评体系。") from None
        Path(path).write_bytes(data)
        self.stdout.write(f"已导出“{framework.name}”（第 {framework.version} 版）到 {path}")
