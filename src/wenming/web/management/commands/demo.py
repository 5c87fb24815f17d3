"""wenming demo: load the demo city (淮南市) and print the demo accounts."""

from django.core.management.base import BaseCommand

from wenming.regions.demo import ACCOUNTS, DEMO_PASSWORD
from wenming.volunteers.demo import volunteer as volunteer_demo
from wenming.web.demo import load_demo_city


class Command(BaseCommand):
    help = "加载演示数据（淮南市：区县、街道乡镇、社区、责任单位、演示账号）；重复运行不会产生重复数据。"

    def handle(self, *args, **options):
        loaded = load_demo_city()
        counts = loaded["organisation"]
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已就绪：区划 {counts['regions']} 个，单位 {counts['units']} 个，账号 {counts['accounts']} 个。"
            )
        )
        framework = loaded["framework"]
        self.stdout.write(
            f"测评体系 {framework['frameworks']} 套（已启用），任务 {framework['tasks']} 项。"
        )
        surveys, materials = loaded["surveys"], loaded["materials"]
        self.stdout.write(
            f"问卷 {surveys['surveys']} 份（答卷 {surveys['responses']} 份），申报材料 {materials['submissions']} 份。"
        )
        inspections = loaded["inspections"]
        self.stdout.write(
            f"督查点位 {inspections['sites']} 个（{inspections['site_types']} 类），督查轮次 {inspections['rounds']} 个。"
        )
        cases = loaded["cases"]
        self.stdout.write(f"问题案件 {cases['cases']} 件（未办结 {cases['open']} 件）。")
        scoring = loaded["scoring"]
        self.stdout.write(
            f"考核快照 {scoring['assessments']} 个，周通报草稿 {scoring['bulletins']} 份。"
        )
        welfare = loaded["welfare"]
        self.stdout.write(
            f"民生台账：老年食堂(助餐点) {welfare['meal_points']} 家，安全检查 {welfare['safety_checks']} 次，"
            f"适老化改造 {welfare['retrofits']} 户，救助对象 {welfare['relief_cases']} 人次，"
            f"关爱儿童 {welfare['children']} 名（仅 welfare 账号可见）。"
        )
        community = loaded["community"]
        self.stdout.write(
            f"社区达标：创建社区 {community['communities']} 个（薄弱 {community['weak']} 个）。"
        )
        participation = loaded["participation"]
        self.stdout.write(
            f"文明随手拍：类别 {participation['services']} 个，群众反映 {participation['reports']} 条；"
            "市民页面 /public/report/，Open311 密钥：wenming open311-key 名称。"
        )
        volunteers = loaded["volunteers"]
        self.stdout.write(
            f"志愿服务：文明实践阵地 {volunteers['sites']} 个，队伍 {volunteers['teams']} 支，"
            f"志愿者 {volunteers['volunteers']} 名，活动 {volunteers['activities']} 场，"
            f"群众点单 {volunteers['demands']} 件。"
        )
        honors = loaded["honors"]
        self.stdout.write(
            f"好人库 {honors['people']} 人（荣誉 {honors['honors']} 项），好人推荐 {honors['nominations']} 件，文明称号 {honors['titles']} 个。"
        )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<12} {account.note}")
        self.stdout.write(
            f"志愿者 {volunteer_demo.NAME}（不用账号密码，手机打开 /public/volunteers/login/）："
            f"{volunteer_demo.login_hint()}；community1 所在社区志愿服务队队员，"
            "看自己的服务时长和报名的活动，到场扫码签到、签退。"
        )
        self.stdout.write("admin、security、auditor 首次登录时须用验证器应用绑定动态口令（TOTP）。")
