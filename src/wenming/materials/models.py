"""Online materials (网上资料申报): a unit's evidence for a task, reviewed and graded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.framework.models import Task
from wenming.media import random_name
from wenming.regions.models import Region, Unit


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    RESUBMITTED = "resubmitted", _("已重新提交")
    APPROVED = "approved", _("已通过")


class Grade(models.TextChoices):
    A = "A", _("A 优秀（100%）")
    B = "B", _("B 良好（80%）")
    C = "C", _("C 合格（60%）")
    D = "D", _("D 不合格（0%）")


# The share of the indicator's points a grade earns (DESIGN.md §5: material = grade × points).
GRADE_PERCENT: dict[str, int] = {Grade.A: 100, Grade.B: 80, Grade.C: 60, Grade.D: 0}


class Submission(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="submissions"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    text = models.TextField(_("申报说明"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
        db_index=True,
    )
    grade = models.CharField(_("评定等级"), max_length=1, choices=Grade.choices, blank=True)
    reviewer_comment = models.TextField(_("审核意见"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    # Bumped by every change; a form posts the version it was rendered with (stale-form check).
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("通过时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["-updated", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="approved") & ~Q(grade="") & Q(approved_at__isnull=False))
                | (~Q(status="approved") & Q(grade="")),
                name="submission_grade_iff_approved",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=["", "A", "B", "C", "D"]), name="submission_grade_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="submission_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["task", "status"], name="submission_task_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_status_display()}"

    @property
    def grade_percent(self) -> int | None:
        return GRADE_PERCENT.get(self.grade) if self.grade else None

    @property
    def is_overdue(self) -> bool:
        return self.submitted_at is None and self.task.due < timezone.localdate()


def submission_file_path(instance: SubmissionFile, filename: str) -> str:
    # The stored name never comes from the user: a random token plus the checked extension.
    return random_name(f"materials/{instance.submission.created:%Y/%m}", filename)


class SubmissionFile(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("申报材料"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("文件"), upload_to=submission_file_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=120)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class SubmissionEvent(models.Model):
    """One step of a submission's life; rows are written once and never changed."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("申报材料"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    action = models.CharField(_("操作"), max_length=12)
    from_status = models.CharField(
        _("原状态"), max_length=12, choices=SubmissionStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=12, choices=SubmissionStatus.choices)
    grade = models.CharField(_("评定等级"), max_length=1, choices=Grade.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("申报记录")
        verbose_name_plural = _("申报记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_status}→{self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("submission events are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("submission events are immutable")
