#!/usr/bin/env bash
# Runs the whole test suite, on SQLite and on PostgreSQL (started here if it is down), on two workers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
if command -v pg_lsclusters >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# Two workers (pytest-xdist; TEST_WORKERS=0 runs in one process): the tests wait on PostgreSQL's commits and on
# service processes as much as they compute. Tests sharing an expensive fixture are one xdist_group (loadgroup).
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"
