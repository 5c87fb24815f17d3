"""Demo: a few of the 市民政局's materials in different states (draft, submitted, returned, approved).

Made through the services, as the liaison (dept) and the reviewer would; skipped when the
framework demo has no tasks for the 市民政局, and when the materials already exist.
"""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from wenming.framework.models import FrameworkStatus, Task
from wenming.materials import services
from wenming.materials.models import Submission

# (what the liaison wrote, the steps after creating, grade, reviewer's note)
PLAN = [
    (
        "全市 551 家老年助餐点已全部建立台账，本月新增城市助餐点 6 家。",
        ["submit", "approve"],
        "B",
        "台账完整，建议补充就餐人次统计。",
    ),
    (
        "流浪乞讨人员救助巡查已按周开展，附巡查记录。",
        ["submit", "return", "resubmit"],
        "",
        "缺少 3 月份巡查照片，请补充。",
    ),
    ("社区养老服务设施覆盖情况说明。", ["submit"], "", ""),
    ("未成年人保护工作站建设进展（草稿）。", [], "", ""),
]


def _photo() -> bytes:
    image = Image.new("RGB", (480, 320), "#f1efe8")
    ImageDraw.Draw(image).rectangle((40, 40, 440, 280), outline="#b3261e", width=6)
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


@transaction.atomic
def load_demo() -> dict[str, int]:
    User = get_user_model()
    dept = User.objects.filter(username="dept").first()
    reviewer = User.objects.filter(username="reviewer").first()
    tasks = list(
        Task.objects.filter(
            indicator__framework__status=FrameworkStatus.ACTIVE,
            unit__short_name="市民政局",
            parent=None,
        ).order_by("due", "indicator__position", "pk")[: len(PLAN)]
    )
    if dept is None or reviewer is None or not tasks:
        return {"submissions": 0}
    if Submission.objects.filter(task__in=tasks).exists():
        return {"submissions": Submission.objects.filter(unit__short_name="市民政局").count()}
    for task, (text, steps, grade, note) in zip(tasks, PLAN):
        uploads = [SimpleUploadedFile("现场照片.jpg", _photo())] if steps else []
        submission = services.create_submission(
            actor=dept, task_id=task.pk, text=text, uploads=uploads
        )
        for action in steps:
            actor = reviewer if action in ("approve", "return") else dept
            services.transition(
                actor=actor,
                submission_id=submission.pk,
                action=action,
                grade=grade if action == "approve" else "",
                note=note if action in ("approve", "return") else "",
            )
    return {"submissions": len(tasks)}
