"""The 创建工作台账 (entered on a phone) and the monthly ledger book."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.community import book, permissions, selectors, services
from wenming.community.forms import LedgerEntryForm
from wenming.community.views.page import month_asked, recent_months, refused
from wenming.downloads import attachment
from wenming.media import file_response
from wenming.uploads import UploadRejected

DOC_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def ledger_new(request, pk: int):
    user = request.user
    community = selectors.get_community_for(user, pk)
    if not permissions.can_record_for(user, community):
        raise PermissionDenied
    leaves = services.community_leaves()
    form = LedgerEntryForm(request.POST or None, request.FILES or None, leaves=leaves)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.record_entry(
                    actor=user,
                    community_id=community.pk,
                    category=data["category"],
                    title=data["title"],
                    held_on=data["held_on"],
                    attendance=data["attendance"],
                    place=data["place"],
                    summary=data["summary"],
                    indicator_id=data["indicator"],
                    uploads=data["files"],
                )
            except UploadRejected as exc:
                form.add_error("files", exc.messages[0])
            except services.CommunityError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已记入台账：%(t)s") % {"t": entry.title})
                return redirect("community:entry", entry.pk)
        status = 422
    return render(
        request,
        "community/ledger_form.html",
        {"community": community, "form": form},
        status=status,
    )


@login_required
def ledger(request, pk: int):
    community = selectors.get_community_for(request.user, pk)
    period = month_asked(request, default_current=True)
    entries = selectors.ledger_of(community, period)
    return render(
        request,
        "community/ledger.html",
        {
            "community": community,
            "period": period,
            "months": recent_months(),
            "entries": entries,
            "can_record": permissions.can_record_for(request.user, community),
        },
    )


@login_required
def entry(request, pk: int):
    item = selectors.get_entry_for(request.user, pk)
    return render(
        request,
        "community/entry.html",
        {
            "entry": item,
            "community": item.community,
            "files": list(item.files.all()),
            "can_record": permissions.can_record_for(request.user, item.community),
        },
    )


@login_required
@require_POST
def entry_hand_in(request, pk: int):
    item = selectors.get_entry_for(request.user, pk)
    try:
        done = services.hand_in_entry(
            actor=request.user, entry_id=item.pk, submit=request.POST.get("submit") == "1"
        )
    except services.CommunityError as exc:
        refused(request, exc)
        return redirect("community:entry", item.pk)
    except UploadRejected as exc:
        refused(request, exc)
        return redirect("community:entry", item.pk)
    messages.success(
        request,
        _("已作为申报材料（新建）。") if done.created else _("已加入该任务的申报材料。"),
    )
    return redirect("materials:detail", done.submission_id)


@login_required
def ledger_file(request, pk: int):
    item = selectors.get_ledger_file_for(request.user, pk)
    return file_response(item.file, filename=item.name)


@login_required
def book_download(request, pk: int, fmt: str):
    if fmt not in DOC_TYPES:
        raise Http404
    period = month_asked(request, default_current=True)
    data, filename = book.export_book(actor=request.user, community_id=pk, period=period, fmt=fmt)
    return attachment(
        data, content_type=DOC_TYPES[fmt], filename=filename, fallback=f"ledger-book.{fmt}"
    )
