"""A case's state pieces, the board's rows and its region options, written out as HTML here rather
than by templates.

The board lists 30 cases a page at province scale: its row loop in the template language (about
thirty tags a row) was a third of the page's time. Every value is escaped here once (the standard
library's ``html.escape`` writes what the templates' autoescape writes); the case page and the
to-do list print the same pieces through ``{% load case_pieces %}`` (_state.html, _rework.html),
so a piece has one owner.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wenming.cases.models import Case, Resolution, Severity, State
from wenming.kept import Kept
from wenming.regions.models import RegionLevel
from wenming.regions.scope import scope_for
from wenming.regions.selectors import region_choices_in


def _badge(style: str, label: str, testid: str = "") -> str:
    marker = f' data-testid="{testid}"' if testid else ""
    return f' <span class="badge text-bg-{style}"{marker}>{escape(label)}</span>'


def _labels(choices) -> dict[str, str]:
    return {value: escape(str(label)) for value, label in choices.choices}


class _Words:
    """What the pieces print beside a case's own text, translated and escaped once per language
    (a label per row cost more than the row): the labels get_FOO_display gives, and the badges."""

    def __init__(self):
        self.state, self.severity = _labels(State), _labels(Severity)
        self.resolution = _labels(Resolution)
        self.rework = _badge("warning", _("返工"), "rework-badge")
        self.overdue = _badge("danger", _("已逾期"), "overdue-badge")
        self.exposed = _badge("dark", _("挂牌督办"))
        self.rebound = _badge("warning", _("反弹"))
        self.reason = escape(_("返工原因："))


@lru_cache(maxsize=8)
def _words_in(language: str | None) -> _Words:
    return _Words()


def _words() -> _Words:
    """The words in the active language, made once per language and process."""
    return _words_in(get_language())


def _label(labels: dict[str, str], value: str) -> str:
    """As choice_label: the label, or the value itself when it is not one of the choices."""
    return labels.get(value) or escape(value)


def _state_html(case: Case, words: _Words) -> str:
    resolution = ""
    if case.resolution and case.resolution != Resolution.FIXED:
        resolution = f"（{_label(words.resolution, case.resolution)}）"
    html = (
        f'<span class="badge wm-state-{escape(case.state)}" data-testid="case-state">'
        f"{_label(words.state, case.state)}{resolution}</span>"
    )
    if case.is_rework:
        html += words.rework
    if case.is_overdue:
        html += words.overdue
    if case.exposed_at and case.is_open:
        html += words.exposed
    if case.rebound_of_id:
        html += words.rebound
    return html


def _rework_html(case: Case, words: _Words) -> str:
    """The verifier's reason for a case sent back (``rework_reason``, see
    selectors.with_rework_reasons), else nothing."""
    reason = getattr(case, "rework_reason", "")
    if not (case.is_rework and reason):
        return ""
    return (
        '<div class="small text-danger wm-clip" data-testid="rework-reason">'
        f"{words.reason}{escape(reason)}</div>"
    )


def state_pieces(case: Case) -> SafeString:
    """Its state (and resolution other than fixed) with the 返工, 已逾期, 挂牌督办 and 反弹 badges."""
    return mark_safe(_state_html(case, _words()))  # noqa: S308 - every value is escaped


def rework_note(case: Case) -> SafeString:
    return mark_safe(_rework_html(case, _words()))  # noqa: S308 - every value is escaped


def _row(case: Case, link: tuple[str, str], selectable: bool, words: _Words) -> str:
    pk = case.pk
    select = ""
    if selectable:
        box = ""
        if case.state == State.REPORTED:
            box = (
                f'<input class="form-check-input" type="checkbox" name="case" value="{pk}" '
                f'form="bulk-dispatch" aria-label="#{pk}" data-testid="select-case">'
            )
        select = f"<td>{box}</td>"
    unit = (case.unit.short_name or case.unit.name) if case.unit_id else "—"
    due = timezone.localtime(case.due).strftime("%m-%d %H:%M") if case.due else "—"  # m-d H:i
    return (
        f'<tr data-testid="case-row">{select}'
        f'<td><a href="{link[0]}{pk}{link[1]}" data-testid="case-link">#{pk}</a></td>'
        f'<td><div class="fw-semibold">{escape(case.category)} <span class="small text-secondary">'
        f"· {_label(words.severity, case.severity)}</span></div>"
        f'<div class="small text-secondary wm-clip">{escape(case.description)}</div>'
        f"{_rework_html(case, words)}</td>"
        f"<td>{_state_html(case, words)}</td>"
        f'<td class="d-none d-md-table-cell">{escape(unit)}</td>'
        f'<td class="d-none d-md-table-cell">{escape(case.region.name)}</td>'
        f'<td class="text-nowrap small">{escape(due)}</td></tr>'
    )


# What a row reads of its case (``.only(*ROW_FIELDS)`` on the page's query): a board page made
# 30 cases with every column, their regions and units.
ROW_FIELDS = (
    *("category", "severity", "description", "state", "resolution", "fail_count", "due"),
    *("overdue_from", "exposed_at", "rebound_of_id", "region__name", "unit__name"),
    "unit__short_name",
)


def board_rows(cases: Iterable[Case], *, selectable: bool) -> SafeString:
    """The board's table rows (``cases`` with region, unit and ``rework_reason``); a checkbox
    for bulk dispatch on each case awaiting intake when ``selectable``. The case link is
    reversed once and the number written into it (the same text ``{% url %}`` gives)."""
    prefix, suffix = reverse("cases:case_detail", args=[0]).rsplit("0", 1)
    link, words = (escape(prefix), escape(suffix)), _words()
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(_row(case, link, selectable, words) for case in cases)
    )


def region_options(user, selected: str) -> SafeString:
    """The region filter's <option>s, towns indented under their county, the chosen one marked:
    the options of a scope are kept as long as its regions are (the marking is a replace)."""
    html = kept_region_options.get(scope_for(user))
    chosen = f'<option value="{escape(selected)}">'
    return mark_safe(  # noqa: S308 - every value is escaped
        html.replace(chosen, chosen[:-1] + " selected>", 1) if selected else html
    )


def _region_options_html(scope) -> str:
    """Hundreds of options at province scale, joined here (a template loop over them cost about
    a tenth of the page's time; one format_html per option still a millisecond or two)."""
    regions = region_choices_in(scope, levels=(RegionLevel.COUNTY, RegionLevel.TOWN))
    indent = {RegionLevel.TOWN: "\u3000"}
    return "".join(
        '<option value="%s">%s%s</option>'
        % (escape(r["code"]), indent.get(r["level"], ""), escape(r["name"]))
        for r in regions
    )


# Per scope, as long as regions.selectors keeps their rows; a saved region empties it (CasesConfig).
kept_region_options = Kept(_region_options_html, seconds=60, size=256)
