"""wenming bench-data: the province-scale benchmark dataset, generated once into PostgreSQL with COPY."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    requires_system_checks = []  # a data loader: the URL configuration is not its business
    help = "生成省级规模基准数据（2000 个社区、5 万点位、100 万案件、100 万答卷、一年任务与申报），仅限 PostgreSQL；已生成则复用。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="规模系数（默认 1，即全量）")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="即使已生成也重新生成")
        parser.add_argument(
            "--i-know-this-empties-the-database",
            dest="confirmed",
            action="store_true",
            help="数据库名不含 bench 时须加此参数：生成前会清空相关表",
        )

    def handle(self, *args, **options):
        from wenming.scoring.benchdata import generate

        name = connection.settings_dict.get("NAME") or ""
        if connection.vendor != "postgresql":
            raise CommandError("bench-data 需要 PostgreSQL：请设置 DATABASE_URL=postgresql://…")
        if "bench" not in name and not options["confirmed"]:
            raise CommandError(
                f"数据库“{name}”名称不含 bench；生成会清空其中的业务数据。确认请加 --i-know-this-empties-the-database"
            )
        call_command("migrate", "--noinput", verbosity=0)
        generate(
            scale=options["scale"],
            seed=options["seed"],
            force=options["force"],
            log=self.stdout.write,
        )
