"""Pages of 考核通报: the dashboard (一张图), an assessment's rankings, bulletins and their workflow."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.documents.fonts import FontMissing
from wenming.documents.render import CONTENT_TYPES
from wenming.downloads import attachment
from wenming.framework.selectors import active_city_framework
from wenming.inputs import parse_id
from wenming.paging import page_of
from wenming.periods import PeriodKind
from wenming.regions.scope import scope_for
from wenming.regions.selectors import membership_of
from wenming.scoring import bulletins, permissions, ranking, selectors, services
from wenming.scoring.figures_panel import figure_panels
from wenming.scoring.forms import GenerateBulletinForm, RequirementsForm, VersionForm
from wenming.scoring.models import RANKED_KIND_TITLES, RANKED_KINDS, BulletinStatus

COMPONENT_TITLES = ranking.COMPONENT_TITLES


def _cases_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("cases:board") + (f"?{query}" if query else "")


def _tasks_url(**params) -> str:
    return reverse("framework:task_list") + "?" + urlencode(params)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The dashboard shows the head of each ranking; 完整排名 has the rest.
DASHBOARD_RANKS = 10
APART_NAMES = 200  # units listed apart named per kind


def _ranking_entry(r, assessment) -> dict:
    return {
        "unit_id": r.unit_id,
        "name": r.unit_name,
        "rank": r.rank,
        "composite": str(r.composite),
        "movement": r.movement,
        "honour": r.honour,
        "framework": r.components.get("framework"),
        "on_time_rate": r.components.get("on_time_rate"),
        "cases_url": _cases_url(unit=r.unit_id)
        if r.kind == "department"
        else _cases_url(region=r.region_id),
        "tasks_url": _tasks_url(unit=r.unit_id, framework=assessment.framework_id),
    }


def _rankings(actor, assessment, *, limit: int = DASHBOARD_RANKS) -> list[dict]:
    """Per kind of unit: the ranked rows the actor may see (the first ``limit``), and how many
    are listed apart for too small a sample — two queries for every kind together."""
    rows = selectors.rows_for(actor, assessment)
    ranked = selectors.heads_by_kind(rows.filter(rank__isnull=False, listed_apart=False), limit)
    apart = selectors.heads_by_kind(
        rows.filter(listed_apart=True).only("assessment", "kind", "unit_name"), APART_NAMES
    )
    groups = []
    for kind in RANKED_KINDS:
        total, head = ranked.get(kind, (0, []))
        names = [r.unit_name for r in apart.get(kind, (0, []))[1]]
        if not total and not names:
            continue
        groups.append(
            {
                "kind": kind,
                "title": str(RANKED_KIND_TITLES[kind]),
                "total": total,
                "units": [_ranking_entry(r, assessment) for r in head],
                "apart": names,
            }
        )
    return groups


def _trend(actor, assessment) -> list[dict]:
    """The last eight periods of the assessment's kind, oldest first; a period without a current
    assessment, or without cases, is None — a gap in the line, not 0 %."""
    stored = {a.period_key: a for a in selectors.trend_for(actor, assessment)}
    periods = [assessment.period]
    while len(periods) < 8:
        periods.insert(0, periods[0].previous())
    trend = []
    for period in periods:
        a = stored.get(period.key)
        summary = a.summary if a else {}
        trend.append(
            {
                "period": period.key,
                "label": period.label,
                "on_time_rate": summary.get("cases", {}).get("on_time_rate"),
                "score_rate": summary.get("total", {}).get("rate"),
                "url": reverse("scoring:index") + f"?assessment={a.pk}" if a else "",
            }
        )
    return trend


def _dashboard_data(actor, assessment) -> dict:
    """The dashboard's chart series, straight from the assessment snapshot, with the links to
    the cases and tasks behind each bar and point."""
    summary = assessment.summary
    return {
        "assessment": {"id": assessment.pk, "period": assessment.period_key},
        "trend": _trend(actor, assessment),
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
        "rankings": [
            {"kind": g["kind"], "units": g["units"][:DASHBOARD_RANKS]}
            for g in _rankings(actor, assessment)
        ],
    }


def _scope_key(actor) -> str:
    scope = scope_for(actor)
    return ":".join(
        [
            str(scope.everything),
            ",".join(scope.prefixes),
            ",".join(map(str, sorted(scope.unit_ids))),
        ]
    )


def _own_rows(actor, assessment) -> list:
    """The actor's own unit's rows (a community, a department): shown before the city's figures."""
    membership = membership_of(actor)
    if membership is None:
        return []
    return list(selectors.rows_for(actor, assessment).filter(unit_id=membership.unit_id))


def _city_cards(assessment) -> dict:
    cases = assessment.summary.get("cases", {})
    return {
        "found": cases.get("found", 0),
        "closed": cases.get("closed", 0),
        "on_time_rate": cases.get("on_time_rate"),
        "closed_on_time": cases.get("closed_on_time", 0),
        "due": cases.get("due", 0),
        "overdue_open": cases.get("overdue_open", 0),
        "score_rate": assessment.summary.get("total", {}).get("rate"),
    }


def _card_links(actor, assessment) -> dict | None:
    """Where the city's cards lead: the case list holding exactly the cases each card counts
    (found or fixed in the period, in the city). Only for a scope that covers the city; a unit's
    list would hold its own cases, not the city's figure."""
    if not scope_for(actor).covers_region(assessment.region_id):
        return None
    period = assessment.period
    region = assessment.region_id
    return {
        "found": _cases_url(region=region, found_from=period.start, found_to=period.end),
        "closed": _cases_url(region=region, fixed_from=period.start, fixed_to=period.end),
        # The cases the rate's base and the overdue card count at the period's end, not today's.
        "due": _cases_url(region=region, counted="due", period=period.key),
        "overdue": _cases_url(region=region, counted="overdue_open", period=period.key),
        "tasks": _tasks_url(framework=assessment.framework_id),
    }


@login_required
def index(request):
    """一张图: the latest assessment's figures — the actor's own unit first, then the city's,
    each saying what it covers — the charts (from dashboard.json) and the clustered site map."""
    if not permissions.can(request.user, permissions.VIEW_RESULTS):
        raise PermissionDenied
    assessment_id = request.GET.get("assessment")
    if parse_id(assessment_id):
        assessment = selectors.get_assessment_for(request.user, parse_id(assessment_id))
    else:
        assessment = selectors.latest_assessment_for(
            request.user, period_kind=PeriodKind.WEEK
        ) or selectors.latest_assessment_for(request.user)
    context = {
        "assessment": assessment,
        "can_draft": permissions.can(request.user, permissions.DRAFT_BULLETIN),
    }
    if assessment is not None:
        context.update(
            own_rows=_own_rows(request.user, assessment),
            component_titles=COMPONENT_TITLES,
            stats=_city_cards(assessment),
            links=_card_links(request.user, assessment),
            rankings=_rankings(request.user, assessment),
            figure_panels=figure_panels(request.user, assessment),
        )
    return render(request, "scoring/dashboard.html", context)


@login_required
def dashboard_data(request, pk: int):
    """The dashboard's chart series for one assessment. A snapshot never changes, so the answer
    is cached by assessment and scope, and the browser may keep it."""
    assessment = selectors.get_assessment_for(request.user, pk)
    key = f"scoring:dashboard:{assessment.pk}:{assessment.is_current}:{_scope_key(request.user)}"
    data = cache.get(key)
    if data is None:
        data = _dashboard_data(request.user, assessment)
        cache.set(key, data, timeout=24 * 3600)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, max-age=3600"
    return response


RANKING_FOLDED = 20  # rows per kind before 展开全部
RANKING_PAGE = 100


@login_required
def assessment_detail(request, pk: int):
    """完整排名: every kind folded to its first rows, or one kind (?kind=) page by page; the
    components, their weights and the formula of 综合得分 stated above the tables."""
    assessment = selectors.get_assessment_for(request.user, pk)
    only = request.GET.get("kind") if request.GET.get("kind") in RANKED_KINDS else None
    if only:
        page = page_of(
            request, selectors.rows_for(request.user, assessment, kind=only), RANKING_PAGE
        )
        heads = {only: (page.paginator.count, page.object_list)}
    else:  # every kind folded to its first rows: one query
        page = None
        heads = selectors.heads_by_kind(
            selectors.rows_for(request.user, assessment), RANKING_FOLDED
        )
    groups = [
        {
            "kind": kind,
            "title": RANKED_KIND_TITLES[kind],
            "rows": [ranking.cells(r) for r in heads[kind][1]],
            "total": heads[kind][0],
            "page": page,
        }
        for kind in RANKED_KINDS
        if heads.get(kind, (0,))[0]
    ]
    return render(
        request,
        "scoring/assessment_detail.html",
        {
            "assessment": assessment,
            "groups": groups,
            "only": only,
            "header": ranking.header(),
            "formula": ranking.FORMULA,
            "components": ranking.components(assessment),
            "min_sample": (assessment.parameters or {}).get("min_sample"),
        },
    )


@login_required
def assessment_export(request, pk: int):
    """The whole ranking the actor may see as .xlsx, the page's columns (formula-safe, audited)."""
    assessment = selectors.get_assessment_for(request.user, pk)
    data = services.export_ranking(
        actor=request.user, assessment=assessment, rows=selectors.rows_for(request.user, assessment)
    )
    return attachment(
        data,
        content_type=XLSX,
        filename=f"{assessment.period_key}考核排名.xlsx",
        fallback=f"ranking-{assessment.period_key}.xlsx",
    )


@login_required
def bulletin_list(request):
    can_draft = permissions.can(request.user, permissions.DRAFT_BULLETIN)
    form = GenerateBulletinForm(request.POST or None) if can_draft else None
    if request.method == "POST":
        if not can_draft:
            raise PermissionDenied
        if form.is_valid():
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
    unfinished = request.GET.get("status") == "unfinished"
    listed = (
        selectors.unfinished_bulletins(request.user)
        if unfinished
        else selectors.bulletins_visible_to(request.user)
    )
    return render(
        request,
        "scoring/bulletin_list.html",
        {"bulletins": listed[:100], "form": form, "unfinished": unfinished},
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
        "approvers": permissions.approver_labels(),
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
    try:
        data = services.export_bulletin(actor=request.user, bulletin=bulletin, fmt=fmt)
    except FontMissing as exc:
        messages.error(request, exc.message)
        return redirect("scoring:bulletin_detail", pk=bulletin.pk)
    return attachment(
        data,
        content_type=CONTENT_TYPES[fmt],
        filename=services.bulletin_filename(bulletin, fmt),
        fallback=f"bulletin-{bulletin.pk}.{fmt}",
    )
