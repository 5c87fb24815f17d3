"""wenming demo: load the demo city (淮南市) and print the demo accounts."""

from django.core.management.base import BaseCommand

from wenming.cases.demo import load_demo as load_demo_cases
from wenming.framework.demo import load_demo as load_demo_framework
from wenming.inspections.demo import load_demo as load_demo_inspections
from wenming.materials.demo import load_demo as load_demo_materials
from wenming.regions.demo import ACCOUNTS, DEMO_PASSWORD, load_demo_organisation
from wenming.scoring.demo import load_demo as load_demo_scoring
from wenming.surveys.demo import load_demo as load_demo_surveys


class Command(BaseCommand):
    help = "加载演示数据（淮南市：区县、街道乡镇、社区、责任单位、演示账号）；重复运行不会产生重复数据。"

    def handle(self, *args, **options):
        counts = load_demo_organisation()
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪：区划 {counts['regions']} 个，单位 {counts['units']} 个，账号 {counts['accounts']} 个。"
            )
        )
        framework = load_demo_framework()
        self.stdout.write(
            f"测评体系 {framework['frameworks']} 套（已启用），任务 {framework['tasks']} 项。"
        )
        surveys = load_demo_surveys()
        materials = load_demo_materials()
        self.stdout.write(
            f"问卷 {surveys['surveys']} 份（答卷 {surveys['responses']} 份），申报材料 {materials['submissions']} 份。"
        )
        inspections = load_demo_inspections()
        self.stdout.write(
            f"督查点位 {inspections['sites']} 个（{inspections['site_types']} 类），督查轮次 {inspections['rounds']} 个。"
        )
        cases = load_demo_cases()
        self.stdout.write(f"问题案件 {cases['cases']} 件（未办结 {cases['open']} 件）。")
        scoring = load_demo_scoring()
        self.stdout.write(
            f"考核快照 {scoring['assessments']} 个，周通报草稿 {scoring['bulletins']} 份。"
        )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<12} {account.note}")
