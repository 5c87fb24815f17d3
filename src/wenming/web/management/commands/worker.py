"""wenming worker: run background jobs from the database queue (django-tasks)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务进程（提醒、督办、考核、通报）。可同时运行多个，任务不会被重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="处理完队列中的任务后退出")
        parser.add_argument(
            "--once", action="store_true", help="同 --batch：处理完队列后立即退出（适合 cron）"
        )

    def handle(self, *args, **options):
        extra = []
        if options["batch"] or options["once"]:
            extra = ["--batch", "--no-startup-delay", "--no-reload"]
        call_command("db_worker", *extra, verbosity=options["verbosity"])
