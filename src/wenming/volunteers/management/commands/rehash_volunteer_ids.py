"""wenming rehash_volunteer_ids: after VOLUNTEER_ID_KEY changes, recompute the hash every
volunteer's ID number is found by, so duplicates are found again. Safe to run any time."""

from django.core.management.base import BaseCommand

from wenming.volunteers.identity import rehash


class Command(BaseCommand):
    help = "按当前 VOLUNTEER_ID_KEY 重新计算志愿者身份证号索引（更换密钥后运行一次，可重复运行）。"

    def handle(self, *args, **options):
        changed = rehash()
        self.stdout.write(f"已重新计算 {changed} 名志愿者的身份证号索引。")
