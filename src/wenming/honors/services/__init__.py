"""Writes of the nomination loop (六推荐、五评选): nominate, review, object, settle, promote;
and external honours recorded against the same person. One module per step; pages, the API,
jobs and the demo call ``services.<name>``, so the writes are re-exported here.
"""

from wenming.honors.errors import HonorsInputError
from wenming.honors.services.conferring import promote, promote_due, record_external_honor
from wenming.honors.services.nominations import nominate
from wenming.honors.services.reviews import raise_objection, resolve_objection, review_nomination

__all__ = [
    "HonorsInputError",
    "nominate",
    "promote",
    "promote_due",
    "raise_objection",
    "record_external_honor",
    "resolve_objection",
    "review_nomination",
]
