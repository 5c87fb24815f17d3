"""The evaluation's cards: a unit's tasks of the framework, its materials returned or waiting
for review, and the office's bulletins not yet finished."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wenming.framework import permissions as framework_permissions
from wenming.framework import selectors as framework_selectors
from wenming.materials import permissions as material_permissions
from wenming.materials import selectors as material_selectors
from wenming.materials.models import SubmissionStatus
from wenming.scoring import permissions as scoring_permissions
from wenming.scoring import selectors as scoring_selectors
from wenming.web.workbench.cards import Card, Section, link


def task_section(user) -> Section | None:
    if getattr(user, "membership", None) is None or not framework_permissions.can(
        user, framework_permissions.ACT_ON_OWN_TASK
    ):
        return None
    cards = []
    for key, label, tone in (
        (framework_selectors.OVERDUE, _("已逾期"), "danger"),
        (framework_selectors.DUE_SOON, _("7日内到期"), "warning"),
    ):
        count = framework_selectors.my_tasks(user, status=key).count()
        cards.append(
            Card(
                f"tasks-{key}",
                str(label),
                count,
                link("framework:my_tasks", status=key),
                tone,
            )
        )
    return Section("tasks", _("我的任务"), cards)


def material_section(user) -> Section | None:
    cards = []
    if material_permissions.can(user, material_permissions.SUBMIT):
        returned = material_selectors.my_submissions(user, status=SubmissionStatus.RETURNED)
        count = returned.count()
        cards.append(
            Card(
                "materials-returned",
                _("被退回的材料"),
                count,
                link("materials:index", status=SubmissionStatus.RETURNED),
                "danger",
            )
        )
    if material_permissions.can(user, material_permissions.REVIEW):
        count = material_selectors.review_queue(user).count()
        cards.append(
            Card(
                "materials-review",
                _("待审核的材料"),
                count,
                link("materials:queue"),
                "primary",
            )
        )
    return Section("materials", _("网上申报"), cards) if cards else None


def bulletin_section(user) -> Section | None:
    cards = []
    if scoring_permissions.can(user, scoring_permissions.DRAFT_BULLETIN) or scoring_permissions.can(
        user, scoring_permissions.APPROVE_BULLETIN
    ):
        count = scoring_selectors.unfinished_bulletins(user).count()
        cards.append(
            Card(
                "bulletins-unfinished",
                _("待完成的通报"),
                count,
                link("scoring:bulletin_list", status="unfinished"),
                "primary",
            )
        )
    return Section("bulletins", _("考核通报"), cards) if cards else None
