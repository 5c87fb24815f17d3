"""The case loop (交办整改): cases, their immutable events and photos, deadlines, notices.

One module per part of the loop; every model is importable from here, as Django and callers expect
(and photo_path, which migration 0001 names as wenming.cases.models.photo_path).
"""

from wenming.cases.models.case import BOARD_COLUMNS, Case, Resolution, Severity, Source, State
from wenming.cases.models.history import (
    CaseEvent,
    CasePhoto,
    ExtensionRequest,
    ExtensionStatus,
    PhotoKind,
    photo_path,
)
from wenming.cases.models.notices import EscalationJob, EscalationStep, Notice, NoticeKind
from wenming.cases.models.rules import (
    CalendarDay,
    CaseCategory,
    DeadlineRule,
    DispatchRule,
    ReplyTemplate,
)

__all__ = [
    "BOARD_COLUMNS",
    "CalendarDay",
    "Case",
    "CaseCategory",
    "CaseEvent",
    "CasePhoto",
    "DeadlineRule",
    "DispatchRule",
    "EscalationJob",
    "EscalationStep",
    "ExtensionRequest",
    "ExtensionStatus",
    "Notice",
    "NoticeKind",
    "PhotoKind",
    "ReplyTemplate",
    "Resolution",
    "Severity",
    "Source",
    "State",
    "photo_path",
]
