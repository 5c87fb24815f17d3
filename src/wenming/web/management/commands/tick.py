"""wenming tick: queue what the clock says is due (reminders, 督办单, 挂牌督办, assessments,
bulletin drafts, 整改通知书 for community plans behind schedule, the audit log's retention,
好人 promotions after 公示, unclaimed volunteer demands up to the 实践所, metric leaves fed from
registers' figures after each period). Run it from cron. It
lives in web, above the apps whose jobs it queues."""

from django.core.management.base import BaseCommand

from wenming import throttle
from wenming.accounts import tasks as account_tasks
from wenming.cases import tasks as case_tasks
from wenming.community import tasks as community_tasks
from wenming.framework import tasks as framework_tasks
from wenming.honors import tasks as honor_tasks
from wenming.notifications import tasks as notification_tasks
from wenming.scoring import tasks as scoring_tasks
from wenming.volunteers import tasks as volunteer_tasks
from wenming.welfare import tasks as welfare_tasks


class Command(BaseCommand):
    help = "按当前时间把到期的提醒、督办、挂牌督办任务放入队列；可随时、重复运行，不会重复发送。"

    def handle(self, *args, **options):
        # Metric leaves fed from registers' figures first: the assessments read them.
        queued = framework_tasks.enqueue_due()
        queued += case_tasks.enqueue_due() + scoring_tasks.enqueue_due()
        queued += account_tasks.enqueue_due()  # audit log retention
        queued += honor_tasks.enqueue_due()  # 好人评选: promotion after 公示
        queued += community_tasks.enqueue_due()  # 一居一策 behind schedule → 整改通知书
        queued += welfare_tasks.enqueue_due()  # minors left at a relief station
        queued += notification_tasks.enqueue_due()  # the outbox's undelivered messages
        queued += volunteer_tasks.enqueue_due()  # unclaimed demands up to the 实践所
        throttle.purge_expired()  # the database's rate-limit windows that are over
        self.stdout.write(f"已排队 {queued} 项任务。")
