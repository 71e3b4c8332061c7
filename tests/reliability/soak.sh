#!/usr/bin/env bash
# Soak: wrk against `gpucat serve` on loopback for a bounded time while
# `gpucat sync` runs in a loop on the same catalog (alternating two snapshot
# sets, so prices really change and the catalog version moves).
#   tests/reliability/soak.sh [SECONDS=60] [CONNECTIONS=16]
# Environment: GPUCAT_BIN (default <repo>/build/src/cli/gpucat), WRK_THREADS (2).
# Passes when: zero 5xx, zero socket errors, every sync succeeded, the server
# still serves afterwards, and RSS did not grow by more than 50% + 16 MiB.
# Prints requests, latency, status classes, syncs and RSS (start, end, max).
# Not a unit test: run it by hand or from CI's extra stage (bash .ci/setup --bench).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECS="${1:-60}"
CONNS="${2:-16}"
BIN="${GPUCAT_BIN:-$ROOT/build/src/cli/gpucat}"
[ -x "$BIN" ] || { echo "soak: $BIN not built (cmake --build build)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "soak: wrk missing (bash .ci/setup --bench)" >&2; exit 2; }

WORK="$(mktemp -d)"
SERVER_PID=""
SYNC_PID=""
cleanup() {
  [ -n "$SYNC_PID" ] && kill "$SYNC_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
DB="$WORK/catalog.db"

# Two snapshot sets: the bundled one, and one where GMO's and KDDI's prices
# moved (every sync of the loop changes offers).
mkdir -p "$WORK/alt"
cp -r "$ROOT/providers/." "$WORK/alt/"
sed -i 's/"amount": "3800000"/"amount": "3900000"/' "$WORK/alt/gmo/snapshots/offer-sheet.json"

"$BIN" sync --db "$DB" >/dev/null

"$BIN" serve --db "$DB" --port 0 --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*at http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$WORK/serve.out" | head -1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "soak: the server did not start" >&2; cat "$WORK/serve.err" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
# Warm up (thread pool, catalog connections, page cache), then measure.
wrk -t1 -c"$CONNS" -d2s -s "$ROOT/tests/reliability/soak.lua" "$URL" >/dev/null
RSS_START=$(rss_kb)

# The sync loop, until told to stop; counts runs and failures.
(
  runs=0 failed=0 i=0
  trap 'echo "runs=$runs failed=$failed" >"$WORK/sync.count"; exit 0' TERM
  while :; do
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then from=(--from "$WORK/alt"); else from=(); fi
    if "$BIN" sync --db "$DB" "${from[@]}" >/dev/null 2>>"$WORK/sync.err"; then
      runs=$((runs + 1))
    else
      runs=$((runs + 1)); failed=$((failed + 1))
    fi
    echo "runs=$runs failed=$failed" >"$WORK/sync.count"
  done
) &
SYNC_PID=$!

# RSS sampled every second while wrk runs.
(
  max=0
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$max" ] && max=$r && echo "$max" >"$WORK/rss.max"
    sleep 1
  done
) &
SAMPLER_PID=$!

wrk -t"${WRK_THREADS:-2}" -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$ROOT/tests/reliability/soak.lua" "$URL" \
  | tee "$WORK/wrk.out"
kill -TERM "$SYNC_PID" 2>/dev/null || true
wait "$SYNC_PID" 2>/dev/null || true
SYNC_PID=""
RSS_END=$(rss_kb)
kill "$SAMPLER_PID" 2>/dev/null || true
HEALTH=$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz" || echo 000)
METRICS_5XX=$(curl -s "$URL/metrics" | awk '/^gpucat_http_requests_total\{.*status="5/ {n += $NF} END {print n + 0}')
VERSION=$(curl -s "$URL/readyz" | sed -n 's/.*"catalog_version":\([0-9]*\).*/\1/p')

line=$(grep '^GPUCAT_SOAK' "$WORK/wrk.out")
get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
read -r SYNC_RUNS SYNC_FAILED < <(sed -n 's/runs=\([0-9]*\) failed=\([0-9]*\)/\1 \2/p' "$WORK/sync.count")
ERRORS=$(( $(get err_connect) + $(get err_read) + $(get err_write) + $(get err_timeout) ))

echo
echo "== soak: ${SECS}s, $CONNS connections, wrk threads ${WRK_THREADS:-2}, syncs in a loop"
echo "requests        $(get requests) ($(get rps)/s), latency p50 $(get p50_ms) ms, p99 $(get p99_ms) ms, max $(get max_ms) ms"
echo "statuses        2xx $(get 2xx)  3xx $(get 3xx)  4xx $(get 4xx) (2 of 20 paths are 4xx on purpose)  5xx $(get 5xx)"
echo "socket errors   $ERRORS (connect $(get err_connect), read $(get err_read), write $(get err_write), timeout $(get err_timeout))"
echo "server metrics  5xx counted by the server: $METRICS_5XX; /healthz after: $HEALTH; catalog version now $VERSION"
echo "syncs           $SYNC_RUNS runs, $SYNC_FAILED failed"
echo "server RSS      start $((RSS_START / 1024)) MiB ($RSS_START kB), end $((RSS_END / 1024)) MiB ($RSS_END kB), max $(( $(cat "$WORK/rss.max" 2>/dev/null || echo 0) / 1024 )) MiB"
if [ -s "$WORK/sync.err" ]; then echo "sync stderr (first lines):"; head -5 "$WORK/sync.err"; fi

status=0
[ "$(get 5xx)" -eq 0 ] || { echo "FAIL: 5xx responses"; status=1; }
[ "$ERRORS" -eq 0 ] || { echo "FAIL: socket errors"; status=1; }
[ "$METRICS_5XX" -eq 0 ] || { echo "FAIL: the server counted 5xx"; status=1; }
[ "$SYNC_FAILED" -eq 0 ] && [ "$SYNC_RUNS" -gt 0 ] || { echo "FAIL: syncs failed or none ran"; status=1; }
[ "$HEALTH" = "200" ] || { echo "FAIL: the server no longer serves"; status=1; }
[ "$RSS_END" -le $(( RSS_START * 3 / 2 + 16384 )) ] || { echo "FAIL: RSS grew from $RSS_START to $RSS_END kB"; status=1; }
[ $status -eq 0 ] && echo "soak: PASS"
exit $status
