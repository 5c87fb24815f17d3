"""好人评选 in the API (/api/v1/honors/): nominations in scope with their timeline, the review
and objection decisions of the page (same services, same rules), and the registry's counts.

An action the nomination's state, the caller or the level's rule does not allow answers 409 with
the actions that are allowed. Phones are masked as on the pages.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from wenming.apischema import Id, Pages
from wenming.errorbody import ErrorOut as BaseErrorOut
from wenming.honors import permissions, selectors, services
from wenming.honors.models import Category, Level, State
from wenming.honors.transitions import LABELS, WORKFLOW
from wenming.privacy import mask_phone
from wenming.workflow import WorkflowError

router = Router(tags=["好人评选"])


class ErrorOut(BaseErrorOut):
    state: str | None = None
    allowed_actions: list[str] = []


ERRORS = {404: ErrorOut, 409: ErrorOut}


class NominationOut(Schema):
    id: int
    person_id: int
    name: str
    category: str
    category_label: str
    channel: str
    region_code: str
    level: str
    level_label: str
    level_region_code: str
    state: str
    state_label: str
    publicity_due: datetime | None
    created: datetime

    @staticmethod
    def resolve_name(n) -> str:
        return n.person.name

    @staticmethod
    def resolve_category_label(n) -> str:
        return n.get_category_display()

    @staticmethod
    def resolve_region_code(n) -> str:
        return n.region_id

    @staticmethod
    def resolve_level_label(n) -> str:
        return n.get_level_display()

    @staticmethod
    def resolve_level_region_code(n) -> str:
        return n.level_region_id

    @staticmethod
    def resolve_state_label(n) -> str:
        return n.get_state_display()


class EventOut(Schema):
    at: datetime
    action: str
    action_label: str
    level: str
    from_state: str
    to_state: str
    actor: str
    actor_unit: str
    note: str

    @staticmethod
    def resolve_action_label(e) -> str:
        return str(LABELS.get(e.action, e.action))

    @staticmethod
    def resolve_actor(e) -> str:
        return e.actor_name


class HonorOut(Schema):
    title: str
    level: str
    conferred_on: date


class NominationDetailOut(NominationOut):
    deeds: str
    nominator_name: str
    nominator_phone: str
    events: list[EventOut]
    honors: list[HonorOut]
    allowed_actions: list[str]

    @staticmethod
    def resolve_nominator_phone(n) -> str:
        return mask_phone(n.nominator_phone)

    @staticmethod
    def resolve_events(n) -> list:
        return list(selectors.events_of(n))

    @staticmethod
    def resolve_honors(n) -> list:
        return list(selectors.honors_of(n))


class ReviewIn(Schema):
    approve: bool | None = None
    score: float | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=1000)


class ResolveIn(Schema):
    objection_id: Id
    upheld: bool
    finding: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class CountsOut(Schema):
    region_code: str
    sentence: str
    people: int
    china_list: int
    by_level: dict[str, int]
    by_category: dict[str, int]
    by_external: dict[str, int]


def _need(request):
    if not permissions.can(request.user, permissions.VIEW):
        raise PermissionDenied


def _detail(request, pk: int):
    nomination = selectors.get_nomination_for(request.user, pk)
    nomination.allowed_actions = WORKFLOW.allowed(request.user, nomination)
    return nomination


def _refused(request, pk: int, message: str) -> Status:
    nomination = selectors.get_nomination_for(request.user, pk)
    return Status(
        409,
        {
            "detail": message,
            "state": nomination.state,
            "allowed_actions": WORKFLOW.allowed(request.user, nomination),
        },
    )


@router.get("/nominations", response=list[NominationOut])
@paginate(Pages, page_size=50)
def list_nominations(
    request,
    state: State | None = None,
    level: Level | None = None,
    category: Category | None = None,
):
    """Nominations the caller can see (their territory, or their unit's), latest activity first."""
    _need(request)
    return selectors.nomination_list(
        request.user, state=state or "", level=level or "", category=category or ""
    )


@router.get("/nominations/{nomination_id}", response=NominationDetailOut)
def get_nomination(request, nomination_id: Id):
    """One nomination with its timeline, its honours and the actions the caller may take now."""
    _need(request)
    return _detail(request, nomination_id)


@router.post("/nominations/{nomination_id}/review", response={200: NominationDetailOut, **ERRORS})
def review(request, nomination_id: Id, payload: ReviewIn):
    """Vote (``approve``) or score (``score``), as the level's rule says; the review that reaches
    the quorum decides."""
    _need(request)
    selectors.get_nomination_for(request.user, nomination_id)
    try:
        services.review_nomination(
            actor=request.user,
            nomination_id=nomination_id,
            approve=payload.approve,
            score=payload.score,
            note=payload.note,
        )
    except (WorkflowError, services.HonorsInputError) as exc:
        return _refused(request, nomination_id, exc.message)
    except PermissionDenied:
        return _refused(request, nomination_id, "您无权评议。")
    return _detail(request, nomination_id)


@router.post("/nominations/{nomination_id}/resolve", response={200: NominationDetailOut, **ERRORS})
def resolve(request, nomination_id: Id, payload: ResolveIn):
    """Settle an open objection with a finding: 成立 (``upheld``) ends the nomination."""
    _need(request)
    nomination = selectors.get_nomination_for(request.user, nomination_id)
    if not nomination.objections.filter(pk=payload.objection_id).exists():
        raise Http404
    try:
        services.resolve_objection(
            actor=request.user,
            objection_id=payload.objection_id,
            upheld=payload.upheld,
            finding=payload.finding,
        )
    except (WorkflowError, services.HonorsInputError) as exc:
        return _refused(request, nomination_id, exc.message)
    except PermissionDenied:
        return _refused(request, nomination_id, "您无权处理异议。")
    return _detail(request, nomination_id)


@router.post("/nominations/{nomination_id}/promote", response={200: NominationDetailOut, **ERRORS})
def promote(request, nomination_id: Id):
    """公示期满、无未决异议: confer the level's honour and move up (the daily job does the same)."""
    _need(request)
    selectors.get_nomination_for(request.user, nomination_id)
    try:
        services.promote(actor=request.user, nomination_id=nomination_id)
    except WorkflowError as exc:
        return _refused(request, nomination_id, exc.message)
    return _detail(request, nomination_id)


@router.get("/counts", response={200: CountsOut, 404: ErrorOut})
def counts(
    request,
    region: str | None = Query(None, pattern=r"^[0-9]{12}$"),
    year: int | None = Query(None, ge=1949, le=2100),
):
    """The registry's counts under a region of the caller's scope (default: the scope's root),
    累计 or for one year: "各级各类好人N名，其中中国好人榜M人"."""
    _need(request)
    root = selectors.scope_region(request.user)
    if region:
        root = selectors.region_in_scope(request.user, region)
    if root is None:
        raise Http404
    period = (date(year, 1, 1), date(year, 12, 31)) if year else None
    result = selectors.honor_counts(root, period)
    return {
        "region_code": root.code,
        "sentence": result.sentence(),
        "people": result.people,
        "china_list": result.china_list,
        "by_level": result.by_level,
        "by_category": result.by_category,
        "by_external": result.by_external,
    }
