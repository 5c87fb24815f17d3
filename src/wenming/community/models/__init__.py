"""The community standard (seed 003): 六个一 facilities, 四达标 thresholds, the 创建工作台账,
weak communities with their 一居一策 plans, and 结对共建 pairings (seed 000).

A Community is a community committee (a Unit of kind community) enrolled in the standard
(创建范围: the city's urban communities). One module per part; every model is importable from
here, as Django and callers expect (and the upload paths and default the migrations name).
"""

from wenming.community.models.communities import Community, ScheduledRun, WeakOverride
from wenming.community.models.facilities import (
    Facility,
    FacilityKind,
    FacilityPhoto,
    Room,
    RoomFunction,
    Thresholds,
    default_required_rooms,
    facility_photo_path,
)
from wenming.community.models.ledger import (
    LedgerCategory,
    LedgerEntry,
    LedgerFile,
    ledger_file_path,
)
from wenming.community.models.pairings import (
    Disbursement,
    FundPurpose,
    JointActivity,
    Pairing,
    PartyReport,
    pairing_file_path,
)
from wenming.community.models.plans import (
    Fund,
    Measure,
    MeasureKind,
    Milestone,
    Plan,
    PlanEvent,
    PlanNotice,
    PlanState,
)

__all__ = [
    "Community",
    "Disbursement",
    "Facility",
    "FacilityKind",
    "FacilityPhoto",
    "Fund",
    "FundPurpose",
    "JointActivity",
    "LedgerCategory",
    "LedgerEntry",
    "LedgerFile",
    "Measure",
    "MeasureKind",
    "Milestone",
    "Pairing",
    "PartyReport",
    "Plan",
    "PlanEvent",
    "PlanNotice",
    "PlanState",
    "Room",
    "RoomFunction",
    "ScheduledRun",
    "Thresholds",
    "WeakOverride",
    "default_required_rooms",
    "facility_photo_path",
    "ledger_file_path",
    "pairing_file_path",
]
