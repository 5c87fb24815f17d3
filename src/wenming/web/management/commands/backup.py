"""wenming backup DIR: the database and the stored files, with a verifiable manifest."""

from django.core.management.base import BaseCommand, CommandError

from wenming.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个新目录（含清单：每张表的行数与校验和、每个文件的校验和）。"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录（新建或空目录）")

    def handle(self, *args, directory, **options):
        try:
            summary = backup(directory)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已备份到 {directory}：{summary.tables} 张表，{summary.rows} 行，{summary.files} 个文件。"
        )
