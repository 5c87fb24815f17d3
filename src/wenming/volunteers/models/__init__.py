"""新时代文明实践 and volunteer service: the practice network, teams, volunteers, activities and
their service records (民政部令第67号《志愿服务记录与证明出具办法》), certificates, and citizens'
demands claimed by teams (群众吹哨、志愿报到).

Personal numbers (身份证号, 手机号) are stored whole, because the team's own managers may need them
(an audited action), and are never shown whole anywhere else: every page, API response, export and
log goes through :mod:`wenming.privacy`. The ID number is found for duplicates by a keyed hash.

One module per part (network, people, activities, demands, resources); every name is importable
from here, as the migrations and the rest of the app expect.
"""

from wenming.volunteers.models.activities import (
    Activity,
    Certificate,
    HoursCorrection,
    Project,
    RecordSource,
    ServiceRecord,
    SignUp,
)
from wenming.volunteers.models.base import AppendOnly, AppendOnlyQuerySet, Immutable, random_token
from wenming.volunteers.models.demands import (
    Demand,
    DemandCategory,
    DemandChannel,
    DemandEvent,
    DemandPhoto,
    DemandState,
    Pledge,
    demand_photo_name,
)
from wenming.volunteers.models.network import (
    SITE_REGION_LEVEL,
    PracticeSite,
    PracticeSitePhoto,
    RegionPopulation,
    SiteLevel,
    SiteReview,
    SiteReviewItem,
)
from wenming.volunteers.models.people import (
    Sex,
    Team,
    TeamKind,
    TeamMember,
    Volunteer,
    VolunteerSource,
)
from wenming.volunteers.models.resources import Equipment, EquipmentBooking, ServiceOffer

# The migrations name the token default by its first name.
_token = random_token

__all__ = [
    "SITE_REGION_LEVEL",
    "Activity",
    "AppendOnly",
    "AppendOnlyQuerySet",
    "Certificate",
    "Demand",
    "DemandCategory",
    "DemandChannel",
    "DemandEvent",
    "DemandPhoto",
    "DemandState",
    "Equipment",
    "EquipmentBooking",
    "HoursCorrection",
    "Immutable",
    "Pledge",
    "PracticeSite",
    "PracticeSitePhoto",
    "Project",
    "RecordSource",
    "RegionPopulation",
    "ServiceOffer",
    "ServiceRecord",
    "Sex",
    "SignUp",
    "SiteLevel",
    "SiteReview",
    "SiteReviewItem",
    "Team",
    "TeamKind",
    "TeamMember",
    "Volunteer",
    "VolunteerSource",
    "_token",
    "demand_photo_name",
]
