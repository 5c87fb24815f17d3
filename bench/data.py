"""The province-scale benchmark dataset, generated once into PostgreSQL with COPY (bench/run.sh).

A script under bench/, not a management command: no production app writes every other app's
tables. Run by hand: DATABASE_URL=postgresql://…/wm_bench .venv/bin/python bench/data.py --scale 0.1
"""

from __future__ import annotations

import argparse
import sys

from django.core.management import call_command
from django.db import connection

from benchdata import generate
from common import ROOT  # noqa: F401, I001  (sets Django up on the DATABASE_URL, PostgreSQL only)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="生成省级规模基准数据（2000 个社区、5 万点位、100 万案件、100 万答卷、一年任务与申报）；已生成则复用。"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="规模系数（默认 1，即全量）")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="即使已生成也重新生成")
    parser.add_argument(
        "--i-know-this-empties-the-database",
        dest="confirmed",
        action="store_true",
        help="数据库名不含 bench 时须加此参数：生成前会清空相关表",
    )
    options = parser.parse_args()
    name = connection.settings_dict.get("NAME") or ""
    if "bench" not in name and not options.confirmed:
        sys.exit(
            f"数据库“{name}”名称不含 bench；生成会清空其中的业务数据。确认请加 --i-know-this-empties-the-database"
        )
    call_command("migrate", "--noinput", verbosity=0)
    generate(scale=options.scale, seed=options.seed, force=options.force, log=print)


if __name__ == "__main__":
    main()
