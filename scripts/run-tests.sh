#!/usr/bin/env bash
# The whole suite: unit tests on SQLite, the same on PostgreSQL, then browser tests.
#
# PostgreSQL: WENMING_TEST_DATABASE_URL when set, else the server on 127.0.0.1:5432 when
# one answers, else a throwaway cluster started here from the installed binaries and
# stopped at exit. With CI=true a missing PostgreSQL or Chromium fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
CI=${CI:-}
export WENMING_VAR_DIR=${WENMING_VAR_DIR:-$(mktemp -d /tmp/wenming-test-var.XXXXXX)}
# Compiled modules (and pytest's rewritten test modules) are kept between the runs below: without
# them every pytest process, xdist worker and server subprocess compiles src/ and tests/ again.
unset PYTHONDONTWRITEBYTECODE
# Unit runs are spread over the machine's cores (pytest-xdist); each worker gets its own test database.
# --dist loadgroup: a module marked xdist_group (one that renders documents once for all its tests)
# goes to one worker whole; every other test is handed out one at a time as with --dist load.
WORKERS=${WENMING_TEST_WORKERS:-$(nproc 2>/dev/null || echo 2)}
declare -A RESULT
status=0

summary_line() { grep -E "^(=+ )?[0-9]+ (passed|failed|error)" "$1" | tail -n 1 | sed 's/=//g; s/^ *//; s/ *$//'; }

run_pytest() {  # name, then pytest arguments
  local name=$1; shift
  local log; log=$(mktemp)
  echo "==> $name"
  "$BIN/pytest" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  RESULT[$name]="$(summary_line "$log") (exit $rc)"
  # Exit 5 means no test ran: a suite that ran nothing has failed.
  [ "$rc" -eq 0 ] || status=1
  rm -f "$log"
}

# --- 0. Lint: ruff's rules and formatting; import-linter's contracts (pyproject.toml) ---
echo "==> lint (ruff)"
if "$BIN/ruff" check src tests bench && "$BIN/ruff" format --check src tests bench; then
  RESULT[lint]="clean"
else
  RESULT[lint]="ruff found problems (exit 1)"; status=1
fi
echo "==> import contracts (lint-imports)"
imports_log=$(mktemp)
"$BIN/lint-imports" >"$imports_log" 2>&1; imports_rc=$?
sed -n '/^Contracts$/,$p' "$imports_log" | tail -n +3
if [ "$imports_rc" -eq 0 ]; then
  RESULT[imports]="$(grep -oE 'Contracts: .*' "$imports_log" | tail -n 1)"
else
  RESULT[imports]="$(grep -oE 'Contracts: .*' "$imports_log" | tail -n 1) (exit 1)"; status=1
fi
rm -f "$imports_log"

# --- 1. SQLite -----------------------------------------------------------------------
DATABASE_URL="sqlite:///$WENMING_VAR_DIR/test.sqlite3" run_pytest "unit (SQLite)" -m "not e2e and not postgresql" -q -p no:cacheprovider -n "$WORKERS" --dist loadgroup

# --- 2. PostgreSQL ---------------------------------------------------------------------
PG_URL=""
PG_TMP=""
stop_cluster() {
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP/data" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
trap stop_cluster EXIT

if [ -n "${WENMING_TEST_DATABASE_URL:-}" ]; then
  PG_URL=$WENMING_TEST_DATABASE_URL
  echo "PostgreSQL: WENMING_TEST_DATABASE_URL"
elif [ -z "${WENMING_TEST_PG_THROWAWAY:-}" ] && "$BIN/python" - <<'PY'
import sys, psycopg
try:
    psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
then
  PG_URL="postgresql://postgres@127.0.0.1:5432/wenming"
  echo "PostgreSQL: the server on 127.0.0.1:5432"
else
  PG_BIN=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)" 2>/dev/null)
  if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
    PG_TMP=$(mktemp -d /tmp/wenming-pg.XXXXXX)
    PG_AS=""
    if [ "$(id -u)" -eq 0 ]; then  # initdb refuses root: run the cluster as postgres
      chown postgres "$PG_TMP"
      PG_AS="runuser -u postgres --"
    fi
    PG_PORT=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "PostgreSQL: throwaway cluster from $PG_BIN on port $PG_PORT"
    if $PG_AS "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_TMP/initdb.log" 2>&1 &&
       $PG_AS "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
         -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
      PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/wenming"
    else
      echo "could not start a throwaway PostgreSQL cluster:"; cat "$PG_TMP"/*.log
    fi
  fi
fi
if [ -n "$PG_URL" ]; then
  # Tests that never touch the database (marked nodb in tests/conftest.py) ran above already, and
  # so did those marked anydb, whose answer does not depend on the database (URLs, permissions).
  DATABASE_URL=$PG_URL run_pytest "unit (PostgreSQL)" -m "not e2e and not nodb and not anydb and not sqlite" -q -p no:cacheprovider -n "$WORKERS" --dist loadgroup
else
  RESULT["unit (PostgreSQL)"]="not run: no PostgreSQL server or binaries found"
  [ "$CI" = "true" ] && status=1
fi

# --- 3. Browser tests ----------------------------------------------------------------
# Only tests/e2e is collected (every browser test lives there): collecting the whole suite to
# deselect all but these would import every test module and build the API fuzz cases again.
# Spread over the cores: each xdist worker has its own in-memory test database, live server
# (pytest-django's, on a free port) and Chromium; browser tests share nothing else.
CHROMIUM=${WENMING_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  WENMING_CHROMIUM=$CHROMIUM DATABASE_URL="sqlite:///$WENMING_VAR_DIR/e2e.sqlite3" \
    run_pytest "browser (Chromium)" tests/e2e -m e2e -q -p no:cacheprovider -n "$WORKERS"
else
  RESULT["browser (Chromium)"]="not run: $CHROMIUM not found"
  [ "$CI" = "true" ] && status=1
fi

echo
echo "==> Summary"
passed=0; failed=0
printf '  %-20s %s\n' "lint" "${RESULT[lint]}"
printf '  %-20s %s\n' "import contracts" "${RESULT[imports]}"
for name in "unit (SQLite)" "unit (PostgreSQL)" "browser (Chromium)"; do
  line=${RESULT[$name]:-not run}
  printf '  %-20s %s\n' "$name" "$line"
  p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)
  f=$(grep -oE '[0-9]+ (failed|errors?)' <<<"$line" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "Total: $passed passed, $failed failed"
exit $status
