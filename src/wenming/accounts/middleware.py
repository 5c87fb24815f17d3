from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from wenming.accounts.audit import bind_request, unbind_request


class AuditRequestMiddleware:
    """Makes the client's IP and channel available to audit rows written in this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = bind_request(request)
        try:
            return self.get_response(request)
        finally:
            unbind_request(token)


class RejectNulBytesMiddleware:
    """400 for a NUL byte in the path, query or a JSON body: PostgreSQL text cannot hold one,
    so such input would otherwise fail deep inside a query as a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or self._json_has_nul(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("请求中含有不允许的空字符（\\0）。")}, status=400)
            return HttpResponseBadRequest(_("请求中含有不允许的空字符（\\0）。"))
        return self.get_response(request)

    @staticmethod
    def _json_has_nul(request) -> bool:
        if request.content_type != "application/json":
            return False
        body = request.body
        return b"\\u0000" in body or b"\x00" in body
