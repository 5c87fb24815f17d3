"""结对共建 pairings: funds, joint activities, party members' reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.community import pairings, permissions, selectors, services
from wenming.community.forms import ActivityForm, DisbursementForm, PairingForm, PartyReportForm
from wenming.community.views.page import ensure, post_form
from wenming.media import file_response
from wenming.regions.models import UnitKind
from wenming.regions.selectors import get_unit_for, units_visible_to


@login_required
def pairing_list(request):
    user = request.user
    ensure(user, permissions.VIEW)
    summaries = selectors.pairing_summaries(selectors.pairings_visible_to(user))
    form = None
    if permissions.can(user, permissions.MANAGE):
        form = PairingForm(
            units=units_visible_to(user).exclude(kind=UnitKind.COMMUNITY),
            communities=selectors.communities_visible_to(user),
            initial={"start": timezone.localdate()},
        )
    return render(
        request,
        "community/pairing_list.html",
        {
            "summaries": summaries,
            "form": form,
            "total": services.total_amount(s.spent for s in summaries),
        },
    )


@login_required
@require_POST
def pairing_new(request):
    user = request.user
    ensure(user, permissions.MANAGE)
    form = PairingForm(
        request.POST,
        units=units_visible_to(user).exclude(kind=UnitKind.COMMUNITY),
        communities=selectors.communities_visible_to(user),
    )
    return post_form(
        request,
        form,
        lambda d: pairings.pair(
            actor=user,
            unit_id=d["unit"],
            community_id=d["community"],
            start=d["start"],
            end=d["end"],
            note=d["note"],
        ),
        done=_("已建立结对共建关系。"),
        owner=lambda: None,
        back=reverse("community:pairings"),
    )


@login_required
def pairing_detail(request, pk: int):
    user = request.user
    pairing = selectors.get_pairing_for(user, pk)
    summary = selectors.pairing_summaries([pairing])[0]
    today = timezone.localdate()
    return render(
        request,
        "community/pairing.html",
        {
            "pairing": pairing,
            "summary": summary,
            "disbursements": pairing.disbursements.all(),
            "activities": pairing.activities.all(),
            "reports": pairing.party_reports.all(),
            "can_record": permissions.can_record_pairing(user, pairing),
            "fund_form": DisbursementForm(initial={"paid_on": today}),
            "activity_form": ActivityForm(initial={"held_on": today}),
            "party_form": PartyReportForm(initial={"served_on": today}),
        },
    )


def _back_to_pairing(pk: int) -> str:
    return reverse("community:pairing", args=[pk])


@login_required
@require_POST
def pairing_fund(request, pk: int):
    return post_form(
        request,
        DisbursementForm(request.POST, request.FILES),
        lambda d: pairings.disburse(
            actor=request.user,
            pairing_id=pk,
            amount=d["amount"],
            paid_on=d["paid_on"],
            purpose=d["purpose"],
            note=d["note"],
            attachment=d["attachment"],
        ),
        done=_("已登记帮扶资金。"),
        owner=lambda: selectors.get_pairing_for(request.user, pk),
        back=_back_to_pairing(pk),
    )


@login_required
@require_POST
def pairing_activity(request, pk: int):
    return post_form(
        request,
        ActivityForm(request.POST),
        lambda d: pairings.add_activity(
            actor=request.user,
            pairing_id=pk,
            held_on=d["held_on"],
            title=d["title"],
            participants=d["participants"],
            summary=d["summary"],
        ),
        done=_("已登记共建活动。"),
        owner=lambda: selectors.get_pairing_for(request.user, pk),
        back=_back_to_pairing(pk),
    )


@login_required
@require_POST
def pairing_party(request, pk: int):
    return post_form(
        request,
        PartyReportForm(request.POST),
        lambda d: pairings.report_party_member(
            actor=request.user,
            pairing_id=pk,
            member_name=d["member_name"],
            served_on=d["served_on"],
            hours=d["hours"],
            service=d["service"],
        ),
        done=_("已登记党员报到。"),
        owner=lambda: selectors.get_pairing_for(request.user, pk),
        back=_back_to_pairing(pk),
    )


@login_required
def disbursement_file(request, pk: int):
    item = selectors.get_disbursement_file_for(request.user, pk)
    return file_response(item.attachment, filename=item.attachment_name or None)


@login_required
def unit_pairings(request, pk: int):
    """The paired unit's page: its communities, money spent, activities and 党员报到."""
    user = request.user
    ensure(user, permissions.VIEW)
    unit = get_unit_for(user, pk)
    summaries = selectors.pairing_summaries(selectors.pairings_visible_to(user).filter(unit=unit))
    return render(
        request,
        "community/unit_pairings.html",
        {
            "unit": unit,
            "summaries": summaries,
            "total": services.total_amount(s.spent for s in summaries),
            "activities": sum(s.activities for s in summaries),
            "hours": services.total_amount(s.party_hours for s in summaries),
            "reports": sum(s.party_reports for s in summaries),
        },
    )
