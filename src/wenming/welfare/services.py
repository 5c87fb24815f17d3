"""The civil-affairs registers' shared write pieces: the refusal (WelfareError), the cell and
field checks every register uses, and the whole-workbook import plan. Each register's writes
live in its own module (meals, safety, retrofits, children, relief): one function per change,
permission first, one transaction, the audit row inside it. Imports read a whole workbook first
and save nothing while any row has an error (第12行C列: …)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from wenming.hanzi import normalize
from wenming.inputs import strip_bidi
from wenming.numbers import NumberInvalid, clean_number
from wenming.regions.models import Region
from wenming.regions.scope import scope_for
from wenming.sheets import (
    CellError,
    Row,
    open_workbook,
    read_table,
)
from wenming.welfare import permissions


class WelfareError(Exception):
    """A change that cannot be made; ``message`` (Chinese) is shown, ``field`` names the input."""

    def __init__(self, message: str, *, field: str = "", problems: list | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems: list[WelfareError] = problems or [self]


def _each(checks: dict[str, Callable[[], object]]) -> dict:
    """Every field's check run on its own; the values when all pass. Otherwise one WelfareError
    for the first bad field (what a form shows) carrying every bad field in ``problems`` (what an
    import names, cell by cell)."""
    values: dict = {}
    problems: list[WelfareError] = []
    for name, check in checks.items():
        try:
            values[name] = check()
        except WelfareError as exc:
            problems.extend(exc.problems)
    if problems:
        raise WelfareError(problems[0].message, field=problems[0].field, problems=problems)
    return values


def _region(actor, code: str, *, field: str = "region") -> Region:
    """A region the actor may keep registers in; one message for "missing" and "not yours"."""
    code = normalize(str(code or "")).strip()
    region = Region.objects.filter(code=code).first()
    if region is None or not _covers(actor, region.code):
        raise WelfareError(
            _("区划代码“%(code)s”不存在或不在您的管理范围内。") % {"code": code}, field=field
        )
    return region


def _covers(actor, code: str) -> bool:
    scope = scope_for(actor)
    prefixes = scope.prefixes + permissions.civil_affairs_prefixes(actor)
    return scope.everything or any(code.startswith(p) for p in prefixes)


def _number(model, name: str, value, *, required: bool = True, minimum=0):
    try:
        number = clean_number(model, name, value, minimum=minimum, error=NumberInvalid)
    except NumberInvalid as exc:
        raise WelfareError(exc.message, field=name) from None
    if number is None and required:
        label = model._meta.get_field(name).verbose_name
        raise WelfareError(_("请填写“%(f)s”。") % {"f": label}, field=name)
    return number


def _date(value, *, label: str, field: str, required: bool = True) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize(str(value or "")).strip()
    if not text:
        if required:
            raise WelfareError(_("请填写“%(f)s”。") % {"f": label}, field=field)
        return None
    for form in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m", "%Y年%m月"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise WelfareError(
        _("“%(f)s”应为日期，如 2026-11-23，收到“%(v)s”。") % {"f": label, "v": text[:20]},
        field=field,
    )


def _choice(choices, value, *, label: str, field: str, default=None) -> str:
    text = normalize(str(value or "")).strip()
    if not text and default is not None:
        return default
    for key, name in choices:
        if text in (key, normalize(str(name))):
            return key
    names = "、".join(str(name) for _key, name in choices)
    raise WelfareError(
        _("“%(f)s”应为：%(names)s；收到“%(v)s”。") % {"f": label, "names": names, "v": text},
        field=field,
    )


def _text(
    value, *, label: str, field: str, max_length: int, required: bool = True, key: bool = False
) -> str:
    """Free text as typed (trimmed, no hidden direction marks); a ``key`` (a name the registers
    match on) in 简体 and half-width, so 繁/简 imports find the same row."""
    raw = strip_bidi(str(value or "")).strip()
    text = normalize(raw) if key else raw
    if required and not text:
        raise WelfareError(_("请填写“%(f)s”。") % {"f": label}, field=field)
    if len(text) > max_length:
        raise WelfareError(
            _("“%(f)s”不能超过 %(n)d 个字。") % {"f": label, "n": max_length}, field=field
        )
    return text


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rows: int = 0
    errors: list[CellError] = field(default_factory=list)


def _plan_rows(rows: list[Row], plan: Callable[[Row], dict], errors: list[CellError]) -> list:
    planned = []
    for row in rows:
        try:
            planned.append((row, plan(row)))
        except WelfareError as exc:
            errors.extend(row.error(p.field, p.message) for p in exc.problems)
    return planned


def _read(data: bytes, filename: str, columns) -> list[Row]:
    wb = open_workbook(data, label=filename)
    return read_table(wb.worksheets[0], columns).rows
