# Wenming: the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install demo serve test test-unit test-postgres test-e2e system-deps bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Install into .venv, check the fonts documents need, migrate the embedded SQLite database, load
# the demo city, serve through gunicorn (2 processes × 8 threads; DEBUG stays off unless DEBUG=true).
demo: install
	@scripts/system-deps.sh documents
	$(BIN)/wenming migrate --noinput
	$(BIN)/wenming createcachetable
	$(BIN)/wenming demo
	@echo "在浏览器中打开 http://127.0.0.1:$(PORT)/ （Ctrl+C 停止）"
	$(BIN)/wenming serve 127.0.0.1:$(PORT)

# Chromium and CJK fonts come from Debian's packages; installed here when missing.
system-deps:
	@scripts/system-deps.sh

# Unit tests on SQLite, again on PostgreSQL, then browser tests in Chromium.
test: install system-deps
	@scripts/run-tests.sh

test-unit: install
	$(BIN)/pytest -m "not e2e" -q

test-e2e: install system-deps
	$(BIN)/pytest tests/e2e -m e2e -q

# The province-scale benchmark, never part of `make test`: it starts its own PostgreSQL with the
# data kept under var/bench-pg, generates the dataset once (bench/data.py) and prints timings.
bench: install
	@bench/run.sh

clean:
	rm -rf $(VENV) var .pytest_cache
