"""Good people (好人): 六推荐 nominations, 五评选 reviews with 公示 and objections, the honours
registry, 礼遇帮扶 (assistance budget, grants, health checks, 四有 sites), and the 文明单位/村镇/
校园/家庭 titles with their annual 复查 (seed 001, 淮北).

One module per part; every model is importable from here, as Django and callers expect (and
nomination_file_path, which migration 0001 names as wenming.honors.models.nomination_file_path).
"""

from wenming.honors.models.care import (
    AssistanceBudget,
    CheckState,
    Grant,
    GrantState,
    HealthCheck,
    HonorSite,
    SiteKind,
    SiteVisit,
)
from wenming.honors.models.honors import EXTERNAL_LEVEL, HEALTH_CHECK_LEVELS, ExternalHonor, Honor
from wenming.honors.models.people import SELECTION_LEVELS, Category, Channel, Level, Person, State
from wenming.honors.models.selection import (
    Nomination,
    NominationEvent,
    NominationFile,
    Objection,
    ObjectionStatus,
    Review,
    SelectionMethod,
    SelectionRule,
    nomination_file_path,
)
from wenming.honors.models.titles import (
    CivilizedUnit,
    ReviewResult,
    TitleFlag,
    TitleKind,
    TitleLevel,
    TitleReview,
    TitleReviewItem,
    TitleStatus,
)

__all__ = [
    "AssistanceBudget",
    "Category",
    "Channel",
    "CheckState",
    "CivilizedUnit",
    "EXTERNAL_LEVEL",
    "ExternalHonor",
    "Grant",
    "GrantState",
    "HEALTH_CHECK_LEVELS",
    "HealthCheck",
    "Honor",
    "HonorSite",
    "Level",
    "Nomination",
    "NominationEvent",
    "NominationFile",
    "Objection",
    "ObjectionStatus",
    "Person",
    "Review",
    "ReviewResult",
    "SELECTION_LEVELS",
    "SelectionMethod",
    "SelectionRule",
    "SiteKind",
    "SiteVisit",
    "State",
    "TitleFlag",
    "TitleKind",
    "TitleLevel",
    "TitleReview",
    "TitleReviewItem",
    "TitleStatus",
    "nomination_file_path",
]
