"""Writing the audit log. Services call :func:`record` inside their transaction."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.db import models

from wenming.accounts.models import AuditEvent, AuditOutcome
from wenming.clientip import client_ip


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    channel: str  # "web" or "api"


_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "wenming_audit_request", default=None
)


def bind_request(request) -> contextvars.Token:
    channel = "api" if request.path.startswith("/api/") else "web"
    return _request_context.set(RequestContext(ip=client_ip(request), channel=channel))


def unbind_request(token: contextvars.Token) -> None:
    _request_context.reset(token)


def record(**fields) -> AuditEvent:
    """Append one audit row (the arguments of :func:`entry`); the IP and channel come from the
    request being served."""
    event = entry(**fields)
    event.save(force_insert=True)
    return event


def entry(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict | None = None,
    username: str = "",
    outcome: str = AuditOutcome.SUCCESS,
) -> AuditEvent:
    """The audit row :func:`record` appends, not yet saved: for a service that writes it in one
    round trip with the rows it records (wenming.bulk.insert_together)."""
    context = _request_context.get()
    real_actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=real_actor,
        username=username or (real_actor.get_username() if real_actor else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        changes=changes or {},
        ip=context.ip if context else None,
        channel=context.channel if context else "cli",
        outcome=outcome,
    )
