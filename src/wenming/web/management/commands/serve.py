"""wenming serve: the application under gunicorn with threads, as `make demo` runs it.

Several requests are served at once (2 processes × 8 threads by default), which is what a
dozen people clicking at the same time need; runserver is for development only. Each thread
keeps its database connection for a minute (CONN_MAX_AGE=60 unless the environment says
otherwise): opening one per request was most of a short request's time (README, bench (e)).
"""

import os
import sys

from django.core.management.base import BaseCommand

KEPT_CONNECTION_SECONDS = 60


class Command(BaseCommand):
    help = "用 gunicorn（多进程、多线程）运行本系统，供演示或小规模使用。"

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="监听地址")
        parser.add_argument("--workers", type=int, default=2, help="进程数")
        parser.add_argument("--threads", type=int, default=8, help="每个进程的线程数")

    def handle(self, *args, address, workers, threads, **options):
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "wenming.wsgi",
            "--bind",
            address,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "5",
        ]
        sys.stdout.flush()
        sys.stderr.flush()
        os.environ.setdefault("CONN_MAX_AGE", str(KEPT_CONNECTION_SECONDS))
        os.execv(sys.executable, argv)
