"""The error answers every operation of the API may give, declared with the one error body
(:mod:`wenming.errorbody`)."""

from __future__ import annotations

from wenming.errorbody import ErrorOut

# 400: a number past the database's range; 403: not allowed; 404: missing or out of scope;
# 422: the request does not validate.
COMMON = (400, 403, 404, 422)


def declare_common_errors(api) -> None:
    """Give every operation of the api's routers the error answers its handlers can produce
    (401 where a token is required), keeping what an endpoint declares itself."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                codes = COMMON if operation.auth_param is None else (*COMMON, 401)
                if len(operation.response_models) == 1 and 200 not in operation.response_models:
                    continue  # a lone non-200 answer is the default status; leave it alone
                for code in codes:
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(ErrorOut)
