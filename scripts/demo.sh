#!/usr/bin/env bash
# Set everything up and run the main job on the bundled demo news: ingest, group into stories, summarize.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh all
.venv/bin/storyline --db "${STORYLINE_DB:-demo.db}" demo "$@"
