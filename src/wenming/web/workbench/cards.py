"""What a 工作台 is made of: sections of cards, each card a count with the link to the list that
shows exactly those items."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse


@dataclass
class Card:
    key: str
    label: str
    count: int
    url: str
    # How urgent it reads (danger / warning / success / primary / secondary) while it counts
    # something; at 0 it reads ``idle``, grey unless nothing waiting is itself the good news.
    tone: str = "primary"
    # A rate card shows ``part`` of ``count`` as a percentage ("—" without a base); ``count``
    # is still what its list holds.
    rate: str | None = None
    part: int | None = None
    idle: str = "secondary"

    def __post_init__(self) -> None:
        if not self.count:
            self.tone = self.idle


@dataclass
class Section:
    key: str
    title: str
    cards: list[Card] = field(default_factory=list)
    rows: list[Card] = field(default_factory=list)  # a short list, e.g. 逾期 by unit
    rows_title: str = ""


@dataclass
class Workbench:
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(card.count for s in self.sections for card in s.cards)


def link(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")
