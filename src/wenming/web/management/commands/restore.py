"""wenming restore DIR: replace the database and the stored files with a verified backup."""

from django.core.management.base import BaseCommand, CommandError

from wenming.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "从备份目录恢复数据库和上传文件：先按清单核对备份，恢复后再逐表、逐文件核对。"
        "恢复会覆盖当前数据，请先停止网站和后台任务进程。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="wenming backup 生成的备份目录")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖当前数据")

    def handle(self, *args, directory, yes, **options):
        if not yes and input("当前数据将被备份中的数据覆盖。输入 yes 继续：").strip() != "yes":
            raise CommandError("已取消。")
        try:
            summary = restore(directory)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已从 {directory} 恢复并核对：{summary.tables} 张表，{summary.rows} 行，"
            f"{summary.files} 个文件。"
        )
