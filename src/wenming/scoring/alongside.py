"""A read run on a database connection of its own while the caller's connection runs another.

The assessment's two long statements read different tables: the framework roll-up
(scoring.rollup: tasks, checklist results, answers) and the case figures (cases.metrics: the
cases). One after the other, each leaves the processors idle while its serial part runs (the
roll-up's attribution, the cases' grouping sets in the leader); side by side they overlap.
Under READ COMMITTED every statement takes its own snapshot anyway, so two connections see
what two statements on one connection would — provided the caller's transaction has written
nothing yet, which only the caller knows (services.assess decides).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def start(read: Callable[[], T]) -> Callable[[], T]:
    """Run ``read`` on a thread, which opens its own connection and closes it when done; the
    function returned waits for it and gives its result, or raises its error."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = read()
        except BaseException as error:  # noqa: BLE001 — re-raised in the caller's thread
            outcome["error"] = error
        finally:
            connection.close()  # this thread's connection, not the caller's

    thread = threading.Thread(target=run, name="wenming-assessment-read", daemon=True)
    thread.start()

    def wait() -> T:
        thread.join()
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]  # type: ignore[return-value]

    return wait
