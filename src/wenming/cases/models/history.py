"""What happens to a case: its immutable events, its photos and its extension requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.cases.models.case import Case, State
from wenming.geo import latitude_field, longitude_field, position_constraints
from wenming.media import random_name
from wenming.records import WriteOnce


class CaseEvent(WriteOnce):
    """One transition of a case: who, when, from → to, note, photos. Written once, never edited or deleted."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    actor_unit = models.CharField(_("操作人单位"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    action = models.CharField(_("操作"), max_length=24)
    from_state = models.CharField(_("原状态"), max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=24, choices=State.choices)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("附加信息"), default=dict, blank=True)

    edit_refused = _("案件流转记录不可修改。")
    delete_refused = _("案件流转记录不可删除。")

    class Meta:
        verbose_name = _("案件流转记录")
        verbose_name_plural = _("案件流转记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.action} {self.from_state}→{self.to_state}"


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("整改前")
    AFTER = "after", _("整改后")


def photo_path(instance: CasePhoto, filename: str) -> str:
    # Unguessable: photos are served only through the case's scope (wenming.media).
    return random_name("cases", filename)


class CasePhoto(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="photos"
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("流转记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    kind = models.CharField(
        _("类型"), max_length=6, choices=PhotoKind.choices, default=PhotoKind.BEFORE
    )
    image = models.FileField(_("照片"), upload_to=photo_path, max_length=200)
    latitude = latitude_field()
    longitude = longitude_field()
    # For after-photos: metres from the case's position, to flag a photo taken elsewhere.
    distance_m = models.PositiveIntegerField(_("距问题位置（米）"), null=True, blank=True)
    created = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("案件照片")
        verbose_name_plural = _("案件照片")
        ordering = ["created", "pk"]
        constraints = position_constraints("casephoto")

    def __str__(self) -> str:
        return f"#{self.case_id} {self.get_kind_display()}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ExtensionRequest(models.Model):
    """申请延期: `due` moves only when the coordinator approves."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    requested_due = models.DateTimeField(_("申请延至"))
    reason = models.TextField(_("理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="one_pending_extension_per_case",
            ),
        ]
