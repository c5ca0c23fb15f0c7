#!/usr/bin/env bash
# Runs the system on the embedded SQLite default (data in ./data); prints where the OpenAPI docs are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
exec .venv/bin/python -m deploy.run
