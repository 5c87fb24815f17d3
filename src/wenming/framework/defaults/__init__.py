"""The frameworks shipped with the project, written for the platform (not copied from any document).

The city framework has the shape users know: basic indicators summing to 100 points plus a
feature section (特色指标). The community standard is seed 003's "六个一" and "四达标".
Units are named as tables name them (short names, collective names) and matched on import.
They are loaded through the same import service as an uploaded table. One module per framework;
tree.py holds the two helpers they are written with.
"""

from __future__ import annotations

from wenming.framework.defaults import city, community
from wenming.framework.models import FrameworkPurpose
from wenming.framework.workbook import write_framework

DEFAULTS = {
    FrameworkPurpose.CITY: (city.TITLE, city.ROOTS, city.FULL_MARK),
    FrameworkPurpose.COMMUNITY: (community.TITLE, community.ROOTS, community.FULL_MARK),
}


def default_workbook(purpose: str) -> tuple[str, bytes]:
    """(title, xlsx bytes) of the shipped framework for ``purpose``, in the import format."""
    title, roots, full_mark = DEFAULTS[purpose]
    return title, write_framework(title=title, roots=roots, total_points=full_mark)
