"""``{% kept name=value … %}…{% endkept %}``: a piece of a page a process renders once and keeps.

The menu, the top bar and a filter form's fixed parts are the same on every request of a role,
yet each ``{% url %}``, ``{% translate %}`` and ``{% static %}`` in them costs a tenth of a
millisecond or so: together a fifth of the case board's time. The content between the tags is
rendered with only the names given on the tag (as ``{% include … only %}`` renders: no request,
no user, no csrf token reaches it) and kept per fragment, given values, language, time zone and
URL prefix — everything its output can depend on is in the key, so a role never sees another's
menu. Anything per user or per request (names, counts, tokens, typed text) stays outside, or is
given as a value, which keeps one copy per value: give only values with few distinct ones.
Registered as the template library ``kept`` (settings.TEMPLATES).
"""

from __future__ import annotations

from dataclasses import is_dataclass
from datetime import date, time
from decimal import Decimal

from django import template
from django.template.base import Node, NodeList
from django.template.context import Context
from django.template.loader_tags import token_kwargs
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language

from wenming.kept import Kept

register = template.Library()

# Pure renders: nothing in them changes while the process runs; the hour only bounds the memory
# of values no longer asked for (LRU beyond ``size``).
kept_fragments = Kept(seconds=3600, size=1024)


class _Same:
    """A lazy translation as a key part, by identity: hashing it by value would translate it on
    every request (the labels of a choices list); the same object in the same language is the
    same text, and the key holds the object, so its id cannot pass to another meanwhile."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Same) and other.value is self.value


# Values that are what they say: equal ones render alike, and none changes once made.
_PLAIN = (str, int, float, Decimal, date, time, type(None))


def _hashable(value):
    """The value as a key part: lists as tuples (a template's values are often lists). A row
    or any other object that can change after it was made is refused: a fragment kept by a
    case (hashed by its id) would go on showing the case as it was before an edit."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, Promise):
        return _Same(value)
    if is_dataclass(value) and value.__dataclass_params__.frozen:
        return value  # a frozen record, such as a menu area
    raise TypeError(f"a kept fragment is not given a {type(value).__name__}: it may change")


class KeptNode(Node):
    def __init__(self, nodelist: NodeList, values: dict):
        self.nodelist = nodelist
        self.values = values

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = (
            self,  # the fragment itself (held, so that its id is never reused by another)
            get_language(),
            timezone.get_current_timezone_name(),
            get_script_prefix(),
            get_urlconf(),
            context.autoescape,
            *sorted((name, _hashable(value)) for name, value in values.items()),
        )
        return kept_fragments.get(*key, load=lambda: self._render_alone(context, values))

    def _render_alone(self, context, values: dict) -> str:
        alone = Context(
            values, autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz
        )
        alone.template, alone.template_name = context.template, context.template_name
        return self.nodelist.render(alone)


@register.tag("kept")
def do_kept(parser, token) -> KeptNode:
    bits = token.split_contents()[1:]
    values = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError(
            f"kept takes only name=value pairs, not {' '.join(bits)!r}"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, values)
