"""Cases in the API (/api/v1/cases/): scoped list, detail with events, create, one POST per transition.

A transition the case's state does not allow answers 409 with the actions that are allowed.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from wenming.apischema import NOT_BLANK, Id, Pages, column_number, upload_body
from wenming.cases import events, registry, selectors, services
from wenming.cases.errors import CaseError, CaseOutOfTerritory, CaseTransitionError
from wenming.cases.forms import ReportForm, TransitionForm
from wenming.cases.models import Case, CasePhoto, PhotoKind, Severity, Source
from wenming.cases.transitions import ACTION_LABELS, ACTIONS, allowed_actions
from wenming.errorbody import ErrorOut as BaseErrorOut
from wenming.framework.selectors import get_indicator_for
from wenming.media import file_response
from wenming.numbers import LATITUDE, LONGITUDE
from wenming.regions.selectors import get_unit_for
from wenming.uploads import UploadRejected, check_upload

router = Router(tags=["问题整改"])


class ErrorOut(BaseErrorOut):
    state: str | None = None
    allowed_actions: list[str] = []


ERRORS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class CaseOut(Schema):
    id: int
    source: str
    category: str
    severity: str
    description: str
    address: str
    state: str
    state_label: str
    resolution: str
    region_code: str
    unit: UnitRef | None
    site_id: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    indicator_id: int | None
    points_at_risk: Decimal | None
    due: datetime | None
    is_overdue: bool
    exposed: bool
    is_rebound: bool
    created: datetime
    version: int

    @staticmethod
    def resolve_state_label(case) -> str:
        return case.get_state_display()

    @staticmethod
    def resolve_region_code(case) -> str:
        return case.region_id

    @staticmethod
    def resolve_exposed(case) -> bool:
        return case.exposed_at is not None

    @staticmethod
    def resolve_is_rebound(case) -> bool:
        return case.rebound_of_id is not None


class PhotoOut(Schema):
    id: int
    kind: str
    url: str
    latitude: Decimal | None
    longitude: Decimal | None
    distance_m: int | None

    @staticmethod
    def resolve_url(photo) -> str:
        return reverse("api:case_photo_file", args=[photo.pk])


class EventOut(Schema):
    at: datetime
    action: str
    action_label: str
    from_state: str
    to_state: str
    actor: str
    actor_unit: str
    note: str
    data: dict
    photos: list[PhotoOut]

    @staticmethod
    def resolve_action_label(event) -> str:
        return str(ACTION_LABELS.get(event.action, event.action))

    @staticmethod
    def resolve_actor(event) -> str:
        return event.actor_name

    @staticmethod
    def resolve_photos(event) -> list:
        return list(event.photos.all())


class CaseDetailOut(CaseOut):
    events: list[EventOut]
    photos: list[PhotoOut]
    allowed_actions: list[str]

    @staticmethod
    def resolve_events(case) -> list:
        return case.timeline

    @staticmethod
    def resolve_photos(case) -> list:
        return case.all_photos


def _model_max(name: str) -> int:
    field = Case._meta.get_field(name)
    return (field.target_field if field.is_relation else field).max_length


Latitude = column_number(Case, "latitude", minimum=LATITUDE[0], maximum=LATITUDE[1])
Longitude = column_number(Case, "longitude", minimum=LONGITUDE[0], maximum=LONGITUDE[1])

# A position is both coordinates or neither.
BOTH_OR_NEITHER = {
    "anyOf": [
        {"properties": {"latitude": {"type": "null"}, "longitude": {"type": "null"}}},
        {
            "properties": {"latitude": {"type": "number"}, "longitude": {"type": "number"}},
            "required": ["latitude", "longitude"],
        },
    ]
}


# Lengths as the page's forms allow them: CharFields from the model, texts from the form.
class CaseIn(Schema):
    model_config = {"json_schema_extra": BOTH_OR_NEITHER}

    source: Source
    category: str = Field(max_length=_model_max("category"), pattern=NOT_BLANK)
    severity: Severity = Severity.GENERAL
    description: str = Field(
        max_length=ReportForm.base_fields["description"].max_length, pattern=NOT_BLANK
    )
    region_code: str = Field(pattern=r"^[0-9]{12}$")
    unit_id: Id | None = None
    site_id: Id | None = None
    latitude: Latitude = None
    longitude: Longitude = None
    address: str = Field("", max_length=_model_max("address"))
    indicator_id: Id | None = None
    points_at_risk: column_number(Case, "points_at_risk", minimum=0) = None
    dispatch: bool | None = None


class TransitionIn(Schema):
    note: str = Field("", max_length=TransitionForm.base_fields["note"].max_length)
    version: int | None = None
    unit_id: Id | None = None
    duplicate_of: Id | None = None
    requested_due: date | None = None


def _detail(request, pk: int):
    case = selectors.case_detail(request.user, pk)
    case.allowed_actions = allowed_actions(
        request.user, case, has_pending_extension=case.pending_extension is not None
    )
    return case


def _error(exc: CaseError) -> Status:
    if isinstance(exc, CaseOutOfTerritory):
        # Like any object the caller cannot see (the document's valid requests name any code);
        # the message says "does not exist or not yours" without telling which.
        return Status(404, {"detail": exc.message})
    if isinstance(exc, CaseTransitionError):
        return Status(
            409, {"detail": exc.message, "state": exc.state, "allowed_actions": exc.allowed}
        )
    return Status(422, {"detail": exc.message})


@router.get("/", response=list[CaseOut])
@paginate(Pages, page_size=50)
def list_cases(
    request,
    state: str = "",
    unit: Id | None = None,
    region: str = "",
    category: str = "",
    source: str = "",
    overdue: bool = False,
    q: str = "",
):
    """Cases the caller can see, newest first; filters combine."""
    filters = selectors.CaseFilters.from_query(
        {
            "state": state,
            "unit": unit or "",
            "region": region,
            "category": category,
            "source": source,
            "overdue": overdue,
            "q": q,
        }
    )
    return selectors.case_list(request.user, filters)


@router.post("/", response={201: CaseDetailOut, **ERRORS})
def create_case(request, payload: CaseIn):
    """Report a case (from an inspection, or another system such as 12345 or 数字城管)."""
    try:
        site = registry.site_for(request.user, payload.site_id) if payload.site_id else None
        unit = get_unit_for(request.user, payload.unit_id) if payload.unit_id else None
        indicator = (
            get_indicator_for(request.user, payload.indicator_id) if payload.indicator_id else None
        )
        case = services.report_case(
            actor=request.user,
            source=payload.source,
            category=payload.category,
            severity=payload.severity,
            description=payload.description,
            region=payload.region_code,
            site=site,
            unit=unit,
            latitude=payload.latitude,
            longitude=payload.longitude,
            address=payload.address,
            indicator=indicator,
            points_at_risk=payload.points_at_risk,
            dispatch=payload.dispatch,
        )
    except CaseError as exc:
        return _error(exc)
    return Status(201, _detail(request, case.pk))


@router.get(
    "/photos/{photo_id}",
    url_name="case_photo_file",
    openapi_extra={
        "responses": {
            200: {
                "description": "照片（JPEG 或 PNG）",
                "content": {"image/jpeg": {}, "image/png": {}},
            }
        }
    },
)
def photo_file(request, photo_id: Id):
    """A case photo's bytes, for callers who may see its case (404 otherwise)."""
    return file_response(selectors.get_photo_for(request.user, photo_id).image)


@router.get("/{case_id}", response=CaseDetailOut)
def get_case(request, case_id: Id):
    """One case with its timeline (every transition) and the actions the caller may take now."""
    return _detail(request, case_id)


@router.post(
    "/{case_id}/photos",
    response={201: PhotoOut, **ERRORS},
    openapi_extra=upload_body("file", {"jpg", "png"}),
)
def upload_photo(
    request,
    case_id: Id,
    file: UploadedFile = File(...),
    latitude: column_number(
        CasePhoto, "latitude", minimum=LATITUDE[0], maximum=LATITUDE[1], form=True
    ) = Form(None),
    longitude: column_number(
        CasePhoto, "longitude", minimum=LONGITUDE[0], maximum=LONGITUDE[1], form=True
    ) = Form(None),
    kind: PhotoKind = Form(PhotoKind.BEFORE),
):
    """Attach a photo to a case: a before-photo (问题照片), or an after-photo (整改后, the
    responsible unit while rectifying) that the next ``submit`` carries — categories that
    require one refuse a submit without it."""
    try:
        checked = check_upload(file, allowed={"jpg", "png"})
    except UploadRejected as exc:
        return Status(422, {"detail": exc.messages[0]})
    lat, lon = events.photo_position(checked, latitude, longitude)
    try:
        photo = services.add_photo(
            actor=request.user,
            case_id=case_id,
            content=checked.content,
            name=f"photo{checked.extension}",
            latitude=lat,
            longitude=lon,
            kind=kind,
        )
    except CaseError as exc:
        return _error(exc)
    return Status(201, photo)


def _transition_endpoint(action: str):
    def endpoint(request, case_id: Id, payload: TransitionIn):
        try:
            unit = get_unit_for(request.user, payload.unit_id) if payload.unit_id else None
            services.transition(
                actor=request.user,
                case_id=case_id,
                action=action,
                expected_version=payload.version,
                note=payload.note,
                unit=unit,
                duplicate_of=payload.duplicate_of,
                requested_due=payload.requested_due,
            )
        except Http404:
            raise
        except CaseError as exc:
            return _error(exc)
        return _detail(request, case_id)

    endpoint.__name__ = f"case_{action}"
    endpoint.__doc__ = _("案件操作：%(label)s。当前状态不允许时返回 409，并列出允许的操作。") % {
        "label": ACTION_LABELS[action]
    }
    return endpoint


for _action in ACTIONS:
    router.post(
        f"/{{case_id}}/{_action}",
        response={200: CaseDetailOut, **ERRORS},
        operation_id=f"case_{_action}",
        summary=str(ACTION_LABELS[_action]),
    )(_transition_endpoint(_action))
