#!/usr/bin/env bash
# make bench: start a throwaway PostgreSQL cluster whose data directory is kept under
# var/bench-pg (so the province-scale dataset is generated once and reused), generate the
# dataset if it is missing or stale, run the timings, stop the cluster.
#
# BENCH_DATABASE_URL=postgresql://… uses an existing server instead (its database must be
# named …bench…). BENCH_SCALE=0.1 makes a smaller dataset for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
SCALE=${BENCH_SCALE:-1}
export WENMING_VAR_DIR=${WENMING_VAR_DIR:-$PWD/var/bench}
mkdir -p "$WENMING_VAR_DIR"

PG_DATA=$PWD/var/bench-pg
PG_AS=""
stop_cluster() {
  if [ -n "${PG_STARTED:-}" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  export DATABASE_URL=$BENCH_DATABASE_URL
else
  PG_BIN=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")
  [ -x "$PG_BIN/initdb" ] || { echo "未找到 PostgreSQL（initdb）：请安装 postgresql，或设置 BENCH_DATABASE_URL。"; exit 1; }
  if [ "$(id -u)" -eq 0 ]; then PG_AS="runuser -u postgres --"; fi  # initdb refuses root
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    [ -z "$PG_AS" ] || chown postgres "$PG_DATA"
    $PG_AS "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  fi
  PG_SOCKET=$(mktemp -d /tmp/wenming-bench-pg.XXXXXX)
  [ -z "$PG_AS" ] || chown postgres "$PG_SOCKET"
  PG_PORT=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap 'stop_cluster; rm -rf "$PG_SOCKET"' EXIT
  $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -o "-p $PG_PORT -k $PG_SOCKET \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=2GB \
    -c checkpoint_timeout=30min -c jit=off" start >/dev/null
  PG_STARTED=1
  echo "PostgreSQL：$PG_BIN，端口 $PG_PORT，数据目录 $PG_DATA"
  "$BIN/python" - "$PG_PORT" <<'PY'
import sys, psycopg
with psycopg.connect(f"postgresql://postgres@127.0.0.1:{sys.argv[1]}/postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'wm_bench'").fetchone():
        conn.execute("CREATE DATABASE wm_bench")
PY
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/wm_bench"
fi

echo "==> 基准数据（首次生成需数分钟，之后复用）"
"$BIN/python" bench/data.py --scale "$SCALE"
echo "==> 计时"
"$BIN/wenming" createcachetable  # the dashboard caches its chart series
"$BIN/python" bench/assessment.py
"$BIN/python" bench/case_board.py
"$BIN/python" bench/bulletin.py
"$BIN/python" bench/map_dashboard.py
"$BIN/python" bench/public_intake.py
"$BIN/python" bench/volunteers.py --scale "$SCALE"
