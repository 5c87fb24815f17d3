"""儿童关爱 pages: the register of children in difficulty and each child's care records; thin,
as views.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.inputs import parse_id
from wenming.paging import page_of
from wenming.privacy import mask_name
from wenming.welfare import (
    children,
    forms,
)
from wenming.welfare.models import (
    ChildKind,
)
from wenming.welfare.views import PAGE_SIZE, submit_form, tabs_for


@login_required
def children_list(request):
    if not children.may_manage_children(request.user):
        raise Http404
    kind = request.GET.get("kind", "")
    kind = kind if kind in ChildKind.values else ""
    form = forms.ChildForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done, status = submit_form(
            request,
            form,
            lambda data: children.register_child(actor=request.user, data=data),
            _("已登记。"),
            lambda child: redirect("welfare:child", child.pk),
        )
        if done:
            return done
    page = page_of(request, children.children_visible_to(request.user, kind=kind), PAGE_SIZE)
    today = timezone.localdate()
    rows = [(c, mask_name(c.name), children.age_on(c, today)) for c in page.object_list]
    return render(
        request,
        "welfare/children.html",
        {
            **tabs_for(request.user, "children"),
            "page": page,
            "rows": rows,
            "form": form,
            "kinds": ChildKind.choices,
            "kind": kind,
        },
        status=status,
    )


@login_required
def child(request, pk: int):
    form = forms.CareRecordForm(request.POST or None, initial={"day": timezone.localdate()})
    status = 200
    if request.method == "POST":
        pk = parse_id(pk)
        done, status = submit_form(
            request,
            form,
            lambda data: children.add_care_record(actor=request.user, child_id=pk, **data),
            _("已记录。"),
            lambda _saved: redirect("welfare:child", pk),
        )
        if done:
            return done
    record = children.view_child(actor=request.user, pk=pk)
    return render(
        request,
        "welfare/child.html",
        {
            **tabs_for(request.user, "children"),
            "child": record,
            "age": children.age_on(record, timezone.localdate()),
            "records": children.care_records(record),
            "form": form,
        },
        status=status,
    )
