"""What a framework or task write refuses, named so the page and the API can say why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wenming.framework.totals import TotalsProblem


class FrameworkError(Exception):
    """A business rule refused the change; the message is for the user."""


class TotalsMismatch(FrameworkError):
    """The points do not add up; ``problems`` names every node that is off."""

    def __init__(self, problems: list[TotalsProblem]):
        super().__init__(
            _("分值不平衡，不能启用：%(n)d 处指标的分值与下级合计不一致。") % {"n": len(problems)}
        )
        self.problems = problems


class TaskError(FrameworkError):
    pass


class MetricValueError(FrameworkError):
    """A ledger figure that cannot be recorded (wrong leaf, unit out of scope, bad period)."""
