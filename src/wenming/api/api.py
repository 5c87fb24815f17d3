"""The API at /api/v1/, assembled from each app's api.py."""

from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from wenming.accounts.api import router as auth_router
from wenming.api.auth import BearerToken
from wenming.api.errors import chinese_problems, declare_common_errors
from wenming.cases.api import router as cases_router
from wenming.community.api import router as community_router
from wenming.framework.api import router as framework_router
from wenming.honors.api import router as honors_router
from wenming.materials.api import router as materials_router
from wenming.notifications.api import router as notifications_router
from wenming.regions.api import router as regions_router
from wenming.scoring.api import router as scoring_router
from wenming.surveys.api import router as surveys_router
from wenming.volunteers.api import router as volunteers_router
from wenming.welfare.api import router as welfare_router

api = NinjaAPI(
    title="文明创建管理平台 API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url="/docs",
)
api.add_router("/auth", auth_router)
api.add_router("/cases", cases_router)
api.add_router("/community", community_router)
api.add_router("/", regions_router)
api.add_router("/", scoring_router)
api.add_router("/materials", materials_router)
api.add_router("/surveys", surveys_router)
api.add_router("/", framework_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/honors", honors_router)
api.add_router("/welfare", welfare_router)
api.add_router("/messages", notifications_router)
declare_common_errors(api)


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    # Refused by the schema before the endpoint ran: what is wrong and where, in Chinese.
    return api.create_response(request, {"detail": chinese_problems(exc.errors)}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": _("无权执行此操作。")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    # The same answer for "does not exist" and "not yours".
    return api.create_response(request, {"detail": _("未找到。")}, status=404)


@api.exception_handler(DataError)
def input_out_of_range(request, exc):
    # Numbers past the column's range (a page of 10^20, an id past bigint) reach the
    # database as valid integers; they are the client's mistake, not a server error.
    return api.create_response(request, {"detail": _("输入的数值超出允许范围。")}, status=400)


@api.exception_handler(OverflowError)
def number_overflow(request, exc):
    return api.create_response(request, {"detail": _("输入的数值超出允许范围。")}, status=400)


@api.exception_handler(IntegrityError)
def integrity_conflict(request, exc):
    # SQLite reports an OFFSET beyond 64 bits as "datatype mismatch".
    if "datatype mismatch" in str(exc):
        return api.create_response(request, {"detail": _("输入的数值超出允许范围。")}, status=400)
    return api.create_response(request, {"detail": _("数据冲突，请刷新后重试。")}, status=409)
