#!/usr/bin/env bash
# `make run`: loads the example survey and the team's sample feedback into the data dir (once), then starts
# the collector in the foreground. The server prints the form URLs, the export URL and the token.
#   PORT=8080 HOST=127.0.0.1 DATA=./touchpoint-data scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/touchpoint}
DATA=${DATA:-./touchpoint-data}
PORT=${PORT:-8080}
HOST=${HOST:-127.0.0.1}
SURVEY=customer-journey

if ! "$BIN" survey show "$SURVEY" --data "$DATA" >/dev/null 2>&1; then
  echo "loading the example survey and sample feedback into $DATA" >&2
  "$BIN" survey publish surveys/examples/customer-journey.json --data "$DATA"
  "$BIN" survey submit "$SURVEY" samples/responses.jsonl --data "$DATA"
  "$BIN" import --survey "$SURVEY" --format trustpilot samples/import/trustpilot-reviews.json --data "$DATA" --quiet
  "$BIN" import --survey "$SURVEY" --format vtt --interviewer Iryna --interview olena \
    samples/import/interview-olena.vtt --data "$DATA" --quiet
fi
exec "$BIN" serve --data "$DATA" --port "$PORT" --host "$HOST"
