"""Staff pages: the survey list, the builder with links and QR codes, results and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.regions.permissions import EXPORT
from wenming.regions.permissions import can as can_region
from wenming.surveys import permissions, selectors, services
from wenming.surveys.forms import QuestionForm, SurveyForm
from wenming.surveys.models import SurveyStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flags(user) -> dict:
    return {
        "can_manage": permissions.can(user, permissions.MANAGE),
        "can_view_results": permissions.can(user, permissions.VIEW_RESULTS),
    }


def _form_errors(form, exc: services.SurveyError) -> None:
    errors = exc.errors if isinstance(exc, services.SurveyInputError) else {exc.field: exc.message}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


@login_required
def index(request):
    return render(
        request,
        "surveys/index.html",
        {
            **_flags(request.user),
            "surveys": selectors.surveys_visible_to(request.user)[:200],
        },
    )


@login_required
def new(request):
    if not permissions.can(request.user, permissions.MANAGE):
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(actor=request.user, **form.cleaned_data)
        except services.SurveyError as exc:
            _form_errors(form, exc)
        else:
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def detail(request, pk: int):
    survey = selectors.get_survey_for(request.user, pk)
    return _render_detail(request, survey)


def _render_detail(request, survey, *, question_form=None, status=200):
    link_region = selectors.public_region(survey, request.GET.get("region")) or survey.region
    if link_region.pk == survey.region_id:
        public_path = reverse("public:survey", args=[survey.pk])
    else:
        public_path = reverse("public:survey_region", args=[survey.pk, link_region.pk])
    return render(
        request,
        "surveys/detail.html",
        {
            **_flags(request.user),
            "survey": survey,
            "questions": selectors.questions_of(survey),
            "question_form": question_form
            or QuestionForm(indicators=selectors.indicator_choices()),
            "is_draft": survey.status == SurveyStatus.DRAFT,
            "link_region": link_region,
            "link_regions": selectors.link_regions(survey)[:3000],
            "public_url": request.build_absolute_uri(public_path),
            "qr_url": reverse("public:survey_qr", args=[survey.pk])
            + (f"?region={link_region.pk}" if link_region.pk != survey.region_id else ""),
        },
        status=status,
    )


@login_required
@require_POST
def add_question(request, pk: int):
    survey = selectors.get_survey_for(request.user, pk)
    form = QuestionForm(request.POST, indicators=selectors.indicator_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_question(
                actor=request.user,
                survey_id=survey.pk,
                kind=data["kind"],
                text=data["text"],
                required=data["required"],
                indicator_id=data["indicator"].pk if data["indicator"] else None,
                options=data["options"].splitlines(),
            )
        except services.SurveyError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("题目已添加。"))
            return redirect("surveys:detail", pk=survey.pk)
    return _render_detail(request, survey, question_form=form, status=422)


@login_required
@require_POST
def delete_question(request, pk: int, question_id: int):
    selectors.get_survey_for(request.user, pk)
    try:
        services.delete_question(actor=request.user, question_id=question_id)
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def change_status(request, pk: int):
    try:
        services.set_status(actor=request.user, survey_id=pk, action=request.POST.get("action", ""))
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:detail", pk=pk)


@login_required
def results(request, pk: int):
    if not permissions.can(request.user, permissions.VIEW_RESULTS):
        raise PermissionDenied
    survey = selectors.get_survey_for(request.user, pk)
    return render(
        request,
        "surveys/results.html",
        {
            **_flags(request.user),
            "survey": survey,
            "results": selectors.survey_results(survey),
            "texts": selectors.text_answers(survey, limit=50),
            "can_export": can_region(request.user, EXPORT),
        },
    )


@login_required
def export(request, pk: int):
    data = services.export_results(actor=request.user, survey_id=pk)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{pk}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response
