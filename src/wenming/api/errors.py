"""The error answers every operation of the API may give, declared with the one error body
(:mod:`wenming.errorbody`)."""

from __future__ import annotations

from typing import get_origin

from django.utils.translation import gettext_lazy as _

from wenming.errorbody import ErrorOut

# 400: a number past the database's range; 403: not allowed; 404: missing or out of scope;
# 422: the request does not validate.
COMMON = (400, 403, 404, 422)
# A paginated list (GET without an object in its path) shows what the caller may see: never
# 403 or 404, unless the endpoint declares them.
LIST = (400, 422)


def _lists(operation) -> bool:
    """Whether the operation answers a list of what the caller may see (paginated or not)."""
    if getattr(operation.view_func, "_ninja_is_paginated", False):
        return True
    ok = operation.response_models.get(200)
    field = getattr(ok, "model_fields", {}).get("response") if ok is not None else None
    return field is not None and get_origin(field.annotation) is list


def declare_common_errors(api) -> None:
    """Give every operation of the api's routers the error answers its handlers can produce
    (401 where a token is required), keeping what an endpoint declares itself."""
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                is_list = operation.methods == ["GET"] and "{" not in path and _lists(operation)
                codes = LIST if is_list else COMMON
                if operation.auth_param is not None:
                    codes = (*codes, 401)
                if len(operation.response_models) == 1 and 200 not in operation.response_models:
                    continue  # a lone non-200 answer is the default status; leave it alone
                for code in codes:
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(ErrorOut)


# The messages of schema-level refusals (ninja's 422 before the endpoint runs), in Chinese; the
# context pydantic gives (limits, expected values) fills the placeholders.
_MESSAGES = {
    "missing": _("必须填写。"),
    "string_type": _("必须是文本。"),
    "string_too_short": _("至少 %(min_length)s 个字符。"),
    "string_too_long": _("不能超过 %(max_length)s 个字符。"),
    "string_pattern_mismatch": _("格式不正确。"),
    "int_type": _("必须是整数。"),
    "int_parsing": _("必须是整数。"),
    "int_from_float": _("必须是整数。"),
    "float_type": _("必须是数字。"),
    "float_parsing": _("必须是数字。"),
    "decimal_type": _("必须是数字。"),
    "decimal_parsing": _("必须是数字。"),
    "finite_number": _("必须是有限的数字。"),
    "bool_type": _("必须是 true 或 false。"),
    "bool_parsing": _("必须是 true 或 false。"),
    "greater_than": _("必须大于 %(gt)s。"),
    "greater_than_equal": _("不能小于 %(ge)s。"),
    "less_than": _("必须小于 %(lt)s。"),
    "less_than_equal": _("不能大于 %(le)s。"),
    "decimal_max_digits": _("数字位数过多（最多 %(max_digits)s 位）。"),
    "decimal_max_places": _("小数位数过多（最多 %(decimal_places)s 位）。"),
    "enum": _("必须是以下之一：%(expected)s。"),
    "literal_error": _("必须是以下之一：%(expected)s。"),
    "date_type": _("必须是日期（年-月-日）。"),
    "date_parsing": _("必须是日期（年-月-日，如 2026-11-23）。"),
    "date_from_datetime_parsing": _("必须是日期（年-月-日，如 2026-11-23）。"),
    "date_from_datetime_inexact": _("必须是日期（年-月-日），不能带时间。"),
    "datetime_parsing": _("必须是日期时间（如 2026-11-23T08:00:00+08:00）。"),
    "datetime_from_date_parsing": _("必须是日期时间（如 2026-11-23T08:00:00+08:00）。"),
    "list_type": _("必须是列表。"),
    "dict_type": _("必须是对象。"),
    "model_type": _("必须是对象。"),
    "model_attributes_type": _("必须是对象。"),
    "json_invalid": _("不是有效的 JSON。"),
    "json_type": _("不是有效的 JSON。"),
    "too_short": _("至少 %(min_length)s 项。"),
    "too_long": _("不能超过 %(max_length)s 项。"),
    "value_error": _("取值不正确。"),
    "union_tag_invalid": _("取值不正确。"),
}
# Where the problem is: the request part, then the field path.
_PARTS = {
    "body": _("请求体"),
    "query": _("查询参数"),
    "path": _("路径参数"),
    "form": _("表单"),
    "file": _("文件"),
    "header": _("请求头"),
    "cookie": _("Cookie"),
}


def chinese_problems(errors: list[dict]) -> list[dict]:
    """ninja's validation errors with each ``msg`` in Chinese, naming the field:
    “请求体 latitude：不能大于 90。”; ``type``, ``loc`` and ``ctx`` stay as they were."""
    problems = []
    for error in errors:
        kind = str(error.get("type", ""))
        ctx = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
        if isinstance(ctx.get("expected"), str):  # "'A', 'B' or 'C'" → "'A'、'B'、'C'"
            ctx["expected"] = ctx["expected"].replace(" or ", "、").replace(", ", "、")
        template = _MESSAGES.get(kind)
        try:
            message = str(template) % ctx if template else _("取值不正确。")
        except (KeyError, TypeError, ValueError):
            message = _("取值不正确。")
        loc = [str(part) for part in error.get("loc", ())]
        part = str(_PARTS.get(loc[0], loc[0])) if loc else ""
        # ninja names the schema argument (payload) after the part; users know only the fields.
        fields = [p for p in loc[1:] if p not in ("payload",)]
        where = " ".join(filter(None, [part, ".".join(fields)]))
        problems.append(
            {
                "type": kind,
                "loc": list(error.get("loc", ())),
                "msg": f"{where}：{message}" if where else message,
                "ctx": {k: v for k, v in ctx.items()} or None,
            }
        )
    return problems


def _plain(value):
    """A context value as JSON can carry it (pydantic puts exceptions and Decimals there)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
