"""Pages of 考核通报: the dashboard (一张图), an assessment's rankings, bulletins and their workflow."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.documents.render import CONTENT_TYPES
from wenming.downloads import attachment
from wenming.scoring import bulletins, permissions, selectors, services
from wenming.scoring.forms import GenerateBulletinForm, RequirementsForm, VersionForm
from wenming.scoring.models import RANKED_KIND_TITLES, RANKED_KINDS, BulletinStatus
from wenming.scoring.periods import PeriodKind

COMPONENT_TITLES = {
    "framework": _("测评得分率"),
    "task_completion": _("任务完成率"),
    "material_timeliness": _("材料按时报送率"),
    "on_time_rate": _("按期整改率"),
    "first_pass_rate": _("一次复核通过率"),
    "rework_rate": _("返工率"),
    "overdue_rate": _("逾期率"),
}


def _cases_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("cases:board") + (f"?{query}" if query else "")


def _tasks_url(**params) -> str:
    return reverse("framework:task_list") + "?" + urlencode(params)


def _dashboard_data(actor, assessment) -> dict:
    """Everything the dashboard draws, straight from the assessment snapshot, with the links
    to the cases and tasks behind each figure."""
    summary = assessment.summary
    rows = list(selectors.rows_for(actor, assessment))
    rankings = []
    for kind in RANKED_KINDS:
        ranked = sorted(
            (r for r in rows if r.kind == kind and r.rank is not None),
            key=lambda r: (r.rank, r.unit_name),
        )
        apart = [r for r in rows if r.kind == kind and r.listed_apart]
        if not ranked and not apart:
            continue
        rankings.append(
            {
                "kind": kind,
                "title": str(RANKED_KIND_TITLES[kind]),
                "units": [
                    {
                        "unit_id": r.unit_id,
                        "name": r.unit_name,
                        "rank": r.rank,
                        "composite": str(r.composite),
                        "movement": r.movement,
                        "honour": r.honour,
                        "framework": r.components.get("framework"),
                        "on_time_rate": r.components.get("on_time_rate"),
                        "cases_url": _cases_url(unit=r.unit_id)
                        if kind == "department"
                        else _cases_url(region=r.region_id),
                        "tasks_url": _tasks_url(unit=r.unit_id, framework=assessment.framework_id),
                    }
                    for r in ranked
                ],
                "apart": [r.unit_name for r in apart],
            }
        )
    trend = [
        {
            "period": a.period_key,
            "label": a.period_label,
            "on_time_rate": a.summary.get("cases", {}).get("on_time_rate"),
            "score_rate": a.summary.get("total", {}).get("rate"),
            "url": reverse("scoring:index") + f"?assessment={a.pk}",
        }
        for a in selectors.trend_for(actor, assessment)
    ]
    cases = summary.get("cases", {})
    return {
        "assessment": {
            "id": assessment.pk,
            "period": assessment.period_key,
            "label": assessment.period_label,
            "revision": assessment.revision,
        },
        "stats": {
            "found": cases.get("found", 0),
            "closed": cases.get("closed", 0),
            "on_time_rate": cases.get("on_time_rate"),
            "overdue_open": cases.get("overdue_open", 0),
            "score_rate": summary.get("total", {}).get("rate"),
        },
        "links": {
            "cases": _cases_url(),
            "overdue": _cases_url(overdue=1),
            "exposed": _cases_url(exposed=1),
            "tasks": _tasks_url(framework=assessment.framework_id),
        },
        "trend": trend,
        "districts": [
            {
                "name": d["name"],
                "found": d["found"],
                "closed": d["closed"],
                "on_time_rate": d.get("on_time_rate"),
                "url": _cases_url(region=d["region"]),
            }
            for d in summary.get("districts", [])
        ],
        "categories": [
            {
                "name": c["category"],
                "found": c["found"],
                "closed": c["closed"],
                "url": _cases_url(category=c["category"]),
            }
            for c in summary.get("categories", [])
        ],
        "rankings": rankings,
        "sites_url": reverse("scoring:site_results"),
    }


@login_required
def index(request):
    """一张图: the latest assessment's scores, trends and rankings, and the sites by latest result."""
    if not permissions.can(request.user, permissions.VIEW_RESULTS):
        raise PermissionDenied
    assessment_id = request.GET.get("assessment")
    if assessment_id and assessment_id.isdigit():
        assessment = selectors.get_assessment_for(request.user, int(assessment_id))
    else:
        assessment = selectors.latest_assessment_for(
            request.user, period_kind=PeriodKind.WEEK
        ) or selectors.latest_assessment_for(request.user)
    context = {
        "assessment": assessment,
        "can_draft": permissions.can(request.user, permissions.DRAFT_BULLETIN),
    }
    if assessment is not None:
        context["data"] = _dashboard_data(request.user, assessment)
        context["honour_rule"] = bulletins.honour_rule_for(assessment)
    return render(request, "scoring/dashboard.html", context)


@login_required
def site_results(request):
    """The map's markers: positioned sites in scope, coloured by their latest visit's pass rate."""
    results = selectors.site_results_for(request.user)
    return JsonResponse(
        {
            "sites": [
                {
                    "id": s.id,
                    "name": s.name,
                    "lat": s.lat,
                    "lon": s.lon,
                    "rate": s.rate,
                    "passed": s.passed,
                    "failed": s.failed,
                    "visited": s.visited,
                    "url": reverse("inspections:site_detail", args=[s.id]),
                }
                for s in results
            ]
        }
    )


@login_required
def assessment_detail(request, pk: int):
    assessment = selectors.get_assessment_for(request.user, pk)
    rows = selectors.rows_for(request.user, assessment)
    groups = [
        {"title": RANKED_KIND_TITLES[kind], "rows": [r for r in rows if r.kind == kind]}
        for kind in RANKED_KINDS
    ]
    return render(
        request,
        "scoring/assessment_detail.html",
        {
            "assessment": assessment,
            "groups": [g for g in groups if g["rows"]],
            "component_titles": COMPONENT_TITLES,
            "honour_rule": bulletins.honour_rule_for(assessment),
        },
    )


@login_required
def bulletin_list(request):
    can_draft = permissions.can(request.user, permissions.DRAFT_BULLETIN)
    form = GenerateBulletinForm(request.POST or None) if can_draft else None
    if request.method == "POST":
        if not can_draft:
            raise PermissionDenied
        if form.is_valid():
            from wenming.scoring.management.commands.bulletin import active_city_framework

            framework = active_city_framework()
            try:
                if framework is None:
                    raise services.ScoringError(_("没有生效的测评体系，无法考核。"))
                assessment = services.assess(
                    actor=request.user,
                    framework=framework,
                    period=form.cleaned_data["parsed_period"],
                ).assessment
                bulletin, created = services.generate_bulletin(
                    actor=request.user, assessment=assessment, kind=form.cleaned_data["kind"]
                )
            except services.ScoringError as error:
                form.add_error(None, str(error))
            else:
                if not created:
                    messages.info(request, _("该考核期的通报已存在，已为您打开。"))
                return redirect("scoring:bulletin_detail", pk=bulletin.pk)
    status = 422 if form is not None and form.errors else 200
    return render(
        request,
        "scoring/bulletin_list.html",
        {
            "bulletins": selectors.bulletins_visible_to(request.user)[:100],
            "form": form,
        },
        status=status,
    )


def _bulletin_context(request, bulletin, **extra) -> dict:
    can_draft = permissions.can(request.user, permissions.DRAFT_BULLETIN)
    can_approve = permissions.can(request.user, permissions.APPROVE_BULLETIN)
    figures = bulletin.figures
    rankings = [
        {
            "title": RANKED_KIND_TITLES[kind],
            "rows": figures["rankings"].get(kind, []),
            "apart": figures["apart"].get(kind, []),
            "red": figures["red"].get(kind, []),
            "black": figures["black"].get(kind, []),
        }
        for kind in RANKED_KINDS
        if figures["rankings"].get(kind) or figures["apart"].get(kind)
    ]
    context = {
        "bulletin": bulletin,
        "figures": figures,
        "rankings": rankings,
        "overall": bulletins.overall_text(figures),
        "honour_rule": figures.get("honour_rule") or bulletins.honour_rule_for(bulletin.assessment),
        "requirements_lines": [line for line in bulletin.requirements.splitlines() if line.strip()],
        "can_edit": can_draft and bulletin.status == BulletinStatus.DRAFT,
        "can_approve": can_approve and bulletin.status == BulletinStatus.DRAFT,
        "can_publish": can_approve and bulletin.status == BulletinStatus.APPROVED,
        "version_form": VersionForm(initial={"version": bulletin.version}),
    }
    if context["can_edit"]:
        context["form"] = RequirementsForm(
            initial={"requirements": bulletin.requirements, "version": bulletin.version}
        )
    context.update(extra)
    return context


@login_required
def bulletin_detail(request, pk: int):
    bulletin = selectors.get_bulletin_for(request.user, pk)
    return render(request, "scoring/bulletin_detail.html", _bulletin_context(request, bulletin))


@login_required
@require_POST
def bulletin_edit(request, pk: int):
    bulletin = selectors.get_bulletin_for(request.user, pk)
    form = RequirementsForm(request.POST)
    if form.is_valid():
        try:
            services.edit_requirements(
                actor=request.user,
                bulletin_id=bulletin.pk,
                requirements=form.cleaned_data["requirements"],
                version=form.cleaned_data["version"],
            )
        except services.ScoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("下步工作要求已保存。"))
            return redirect("scoring:bulletin_detail", pk=bulletin.pk)
    return render(
        request,
        "scoring/bulletin_detail.html",
        _bulletin_context(request, bulletin, form=form),
        status=422,
    )


def _transition(request, pk: int, service, done: str):
    bulletin = selectors.get_bulletin_for(request.user, pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        service(actor=request.user, bulletin_id=bulletin.pk, version=version)
    except services.ScoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("scoring:bulletin_detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_approve(request, pk: int):
    return _transition(request, pk, services.approve_bulletin, _("通报已审定。"))


@login_required
@require_POST
def bulletin_publish(request, pk: int):
    return _transition(
        request, pk, services.publish_bulletin, _("通报已发布，范围内各单位均可查看。")
    )


@login_required
def bulletin_download(request, pk: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    bulletin = selectors.get_bulletin_for(request.user, pk)
    data = services.export_bulletin(actor=request.user, bulletin=bulletin, fmt=fmt)
    return attachment(
        data,
        content_type=CONTENT_TYPES[fmt],
        filename=services.bulletin_filename(bulletin, fmt),
        fallback=f"bulletin-{bulletin.pk}.{fmt}",
    )
