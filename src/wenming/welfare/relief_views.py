"""救助管理 pages: the relief cases (list, a case and its steps, the photo) and the special
campaigns; thin, as views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wenming.media import file_response
from wenming.paging import page_of
from wenming.privacy import mask_name
from wenming.welfare import (
    children,
    forms,
    permissions,
    relief,
    selectors,
)
from wenming.welfare.models import (
    ReliefState,
)
from wenming.welfare.views import PAGE_SIZE, need, own_form, submit_form, tabs_for
from wenming.workflow import WorkflowError


def _register(user, data: dict):
    photo = data.pop("photo", None)
    return relief.register_case(actor=user, data=data, photo=photo)


@login_required
def relief_list(request):
    need(request.user, permissions.VIEW)
    state = request.GET.get("state", "")
    state = state if state in ReliefState.values else ""
    minors = request.GET.get("minors") == "1"
    at_station = request.GET.get("at_station") == "1"
    form = forms.ReliefCaseForm(
        request.POST or None,
        request.FILES or None,
        campaigns=selectors.campaigns_visible_to(request.user),
    )
    status = 200
    if request.method == "POST":
        need(request.user, permissions.MANAGE)
        done, status = submit_form(
            request,
            form,
            lambda data: _register(request.user, dict(data)),
            _("已登记救助对象。"),
            lambda case: redirect("welfare:relief_detail", case.pk),
        )
        if done:
            return done
    page = page_of(
        request,
        selectors.relief_cases_visible_to(
            request.user, state=state, minors=minors, at_station=at_station
        ),
        PAGE_SIZE,
    )
    return render(
        request,
        "welfare/relief_list.html",
        {
            **tabs_for(request.user, "relief"),
            "page": page,
            "rows": [(c, mask_name(c.name)) for c in page.object_list],
            "form": form,
            "states": ReliefState.choices,
            "state": state,
            "minors": minors,
            "at_station": at_station,
            "campaigns": selectors.campaigns_visible_to(request.user)[:10],
        },
        status=status,
    )


@login_required
def relief_detail(request, pk: int):
    case = selectors.get_relief_case_for(request.user, pk)
    status = 200
    error = ""
    if request.method == "POST":
        form = forms.ReliefActionForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            action = data.pop("action")
            try:
                relief.act(actor=request.user, case_id=case.pk, action=action, **data)
                messages.success(request, relief.labels().get(action, ""))
                return redirect("welfare:relief_detail", case.pk)
            except WorkflowError as exc:
                error = exc.message
                status = {"state": 409, "forbidden": 403}.get(exc.code, 422)
        else:
            status, error = 400, _("请求无效。")
    allowed = relief.RELIEF.allowed(request.user, case)
    return render(
        request,
        "welfare/relief_detail.html",
        {
            **tabs_for(request.user, "relief"),
            "case": case,
            "shown_name": case.name
            if children.may_manage_children(request.user)
            else mask_name(case.name),
            "events": [
                (e, relief.event_label(e.action), ReliefState(e.to_state).label)
                for e in case.events.all()
            ],
            "actions": [(a, relief.labels()[a]) for a in allowed],
            "asks_station": "admit" in allowed,
            "asks_destination": bool({"place", "escort", "return_home"} & set(allowed)),
            "error": error,
        },
        status=status,
    )


@login_required
def relief_photo(request, pk: int):
    case = selectors.get_relief_case_for(request.user, pk)
    if not case.photo:
        raise Http404
    return file_response(case.photo)


@login_required
def campaigns(request):
    done, form, status = own_form(
        request,
        forms.CampaignForm,
        relief.save_campaign,
        _("已登记专项救助行动。"),
        "welfare:campaigns",
    )
    if done:
        return done
    return render(
        request,
        "welfare/campaigns.html",
        {
            **tabs_for(request.user, "relief"),
            "campaigns": selectors.campaigns_visible_to(request.user),
            "form": form,
        },
        status=status,
    )
