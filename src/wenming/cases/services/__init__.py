"""Every write of the case loop, one module per part: reporting (and photos), the working
calendar, the export. The transitions are the workflow's handlers in cases/actions.py.

The names most callers use are re-exported here (``services.report_case``,
``services.transition``); the calendar and the export are imported from their modules.
"""

from wenming.cases.actions import bulk_dispatch, transition
from wenming.cases.services.reporting import add_photo, may_report, report_case

__all__ = ["add_photo", "bulk_dispatch", "may_report", "report_case", "transition"]
