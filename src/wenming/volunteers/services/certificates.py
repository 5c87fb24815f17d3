"""志愿服务证明 (民政部令第67号: 谁记录谁证明): a numbered certificate of a volunteer's records
with the issuing team over a period, its content frozen when issued, rendered as DOCX and PDF by
the documents app with a QR code to the public verification page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.documents.render import (
    OfficialDocument,
    Paragraph,
    Table,
    chinese_date,
    render_docx,
    render_pdf,
)
from wenming.documents.services import next_document_number
from wenming.privacy import mask_id_number, mask_name
from wenming.volunteers import conf, permissions
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import Certificate, ServiceRecord, Team, Volunteer


def verification_url(certificate: Certificate) -> str:
    return conf.site_url() + reverse("public:volunteer_certificate", args=[certificate.code])


def _hours_text(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _service_lines(
    volunteer: Volunteer, team: Team, period_start: datetime.date, period_end: datetime.date
) -> tuple[list[dict], Decimal]:
    """The certified lines (the team's records of the volunteer with hours, by date) and their
    total; a certificate with nothing to certify is refused."""
    records = (
        ServiceRecord.objects.filter(
            volunteer=volunteer,
            team=team,
            service_date__gte=period_start,
            service_date__lte=period_end,
            hours__gt=0,
        )
        .select_related("activity")
        .order_by("service_date", "pk")
    )
    lines = [
        {
            "date": r.service_date.isoformat(),
            "activity": r.activity.title,
            "address": r.activity.address,
            "hours": str(r.hours),
        }
        for r in records
    ]
    if not lines:
        raise VolunteerError(_("该志愿者在此期间没有本队记录的服务时长，无法出具证明。"))
    return lines, records.aggregate(total=Sum("hours"))["total"] or Decimal("0")


def issue_certificate(
    *,
    actor,
    team: Team,
    volunteer: Volunteer,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Certificate:
    """Certify the service ``volunteer`` gave in ``team``'s activities over the period."""
    if not permissions.manages_team(actor, team):
        raise PermissionDenied
    if period_start is None or period_end is None or period_end < period_start:
        raise VolunteerError(_("截止日期不能早于起始日期。"), field="period_end")
    lines, total = _service_lines(volunteer, team, period_start, period_end)
    now = timezone.now()
    with transaction.atomic():
        number = next_document_number(
            prefix=conf.certificate_prefix(), year=timezone.localdate(now).year
        )
        certificate = Certificate.objects.create(
            number=number,
            volunteer=volunteer,
            team=team,
            period_start=period_start,
            period_end=period_end,
            total_hours=total,
            issued_by=actor,
            content={
                "name": volunteer.name,
                "masked_name": mask_name(volunteer.name),
                "id_number": mask_id_number(volunteer.id_number),
                "team": team.name,
                "records": lines,
                "total_hours": str(total),
                "date": timezone.localdate(now).isoformat(),
            },
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=certificate,
            summary=f"出具志愿服务证明 {number}：{mask_name(volunteer.name)}，{total} 小时",
        )
    return certificate


def build_document(certificate: Certificate) -> OfficialDocument:
    c = certificate.content
    start, end = certificate.period_start, certificate.period_end
    intro = _(
        "兹证明%(name)s（身份证号 %(id)s）于%(start)s至%(end)s参加%(team)s组织的志愿服务活动"
        "%(count)d次，累计志愿服务时长%(hours)s小时。"
    ) % {
        "name": c["name"],
        "id": c["id_number"],
        "start": chinese_date(start),
        "end": chinese_date(end),
        "team": c["team"],
        "count": len(c["records"]),
        "hours": _hours_text(c["total_hours"]),
    }
    rows = [
        [i, line["date"], line["activity"], line["address"], _hours_text(line["hours"])]
        for i, line in enumerate(c["records"], start=1)
    ]
    return OfficialDocument(
        title=_("志愿服务证明"),
        doc_number=certificate.number,
        blocks=[
            Paragraph(intro),
            Table(
                columns=[_("序号"), _("日期"), _("活动"), _("地点"), _("时长（小时）")],
                rows=rows,
                widths=[1.2, 2.6, 5, 4, 2.2],
                caption=_("志愿服务记录"),
            ),
            Paragraph(_("以上记录由组织开展志愿服务活动的队伍记录并出具证明。特此证明。")),
        ],
        issuer=c["team"],
        date=datetime.date.fromisoformat(c["date"]),
        qr_url=verification_url(certificate),
        qr_caption=_("扫码核验本证明"),
    )


def export_certificate(*, actor, certificate: Certificate, fmt: str) -> tuple[bytes, str]:
    """The certificate's DOCX or PDF (the caller fetched it through the scoped selector)."""
    document = build_document(certificate)
    data = render_pdf(document) if fmt == "pdf" else render_docx(document)
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=certificate,
        summary=f"下载志愿服务证明 {certificate.number} ({fmt})",
    )
    return data, f"志愿服务证明 {certificate.number}.{fmt}"
