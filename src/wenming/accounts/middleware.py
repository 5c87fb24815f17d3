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
