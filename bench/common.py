"""Shared set-up of the benchmark scripts: Django on the DATABASE_URL given, timing helpers.

Run the scripts through `make bench` (which starts PostgreSQL and generates the dataset once),
or by hand: DATABASE_URL=postgresql://…/wm_bench .venv/bin/python bench/assessment.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.settings")
os.environ.setdefault("WENMING_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

if connection.vendor != "postgresql":
    sys.exit(
        "基准测试须在 PostgreSQL 上运行：请通过 make bench，或设置 DATABASE_URL=postgresql://…"
    )


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def report(name: str, **figures) -> None:
    parts = [f"{key}={value}" for key, value in figures.items()]
    print(f"[{name}] " + " ".join(parts), flush=True)


def median(values):
    return statistics.median(values)
