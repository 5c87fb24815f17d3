"""scoring's 黑榜 placings as evidence against a 文明单位/村镇/校园 title (honors.flags): a unit on
the 黑榜 of a weekly, monthly or quarterly assessment has its title put up for 复查. Registered
at ScoringConfig.ready(), so honors, below scoring, never imports it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils.translation import gettext as _

from wenming.honors.flags import Evidence
from wenming.scoring.selectors import black_list_rows


def black_list_evidence(since: datetime | None) -> Iterable[Evidence]:
    for row in black_list_rows(since=since):
        yield Evidence(
            key=f"black:{row.assessment_id}:{row.unit_id}",
            reason=_("%(period)s考核列入黑榜") % {"period": row.assessment.period_label},
            unit_id=row.unit_id,
        )
