#!/usr/bin/env bash
# Set everything up (venv, package with test extras, Debian chromium for the browser test, Debian
# postgresql for the PostgreSQL store tests, which start their own throw-away server) and run all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  packages+=(postgresql)
fi
if [ ${#packages[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
# Two workers, one per core, each taking whole test files (a file's fixtures and servers stay with
# it): 1,056 s in one process, 806 s in two, on the same machine within the hour (2026-12-07).
.venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
