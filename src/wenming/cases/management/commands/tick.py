"""wenming tick: queue what the clock says is due (reminders, 督办单, 挂牌督办). Run it from cron."""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from wenming.cases.tasks import enqueue_due


class Command(BaseCommand):
    help = "按当前时间把到期的提醒、督办、挂牌督办任务放入队列；可随时、重复运行，不会重复发送。"

    def handle(self, *args, **options):
        queued = enqueue_due()
        queued += import_string(
            "wenming.scoring.tasks.enqueue_due"
        )()  # assessments and bulletin drafts
        self.stdout.write(f"已排队 {queued} 项任务。")
