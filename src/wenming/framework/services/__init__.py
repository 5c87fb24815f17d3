"""Writes to frameworks and tasks, one module per concept: frameworks (import/export, versions,
activation), tasks (generation, decomposition 再细化再分解, progress roll-up) and metric values.

Callers use ``services.<name>`` throughout, so every public write is re-exported here.
"""

from wenming.framework.errors import FrameworkError, MetricValueError, TaskError, TotalsMismatch
from wenming.framework.services.frameworks import (
    Activation,
    activate_framework,
    export_framework,
    import_framework,
    new_version,
)
from wenming.framework.services.metric_values import record_metric_value
from wenming.framework.services.tasks import (
    decompose_task,
    export_tasks,
    generate_tasks,
    record_task_evidence,
    report_progress,
)

__all__ = [
    "Activation",
    "FrameworkError",
    "MetricValueError",
    "TaskError",
    "TotalsMismatch",
    "activate_framework",
    "decompose_task",
    "export_framework",
    "export_tasks",
    "generate_tasks",
    "import_framework",
    "new_version",
    "record_metric_value",
    "record_task_evidence",
    "report_progress",
]
