#!/usr/bin/env bash
# bench/run.sh: builds gpucat in Release (build-bench/), runs every benchmark
# of issue 6 against same-run baselines and writes bench/results/latest.md.
# Needs wrk, nginx and curl: `bash .ci/setup --bench`. See bench/README.md.
#
# Knobs (environment): GPUCAT_BENCH_OFFERS (100000), _PROVIDERS (40),
# _HISTORY (10000000), _RUNS (3), _DURATION (seconds per wrk run, 4),
# _SEED (42), _OUT (bench/results/latest.md), _BUILD (build-bench).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${GPUCAT_BENCH_BUILD:-$ROOT/build-bench}"
OUT="${GPUCAT_BENCH_OUT:-$ROOT/bench/results/latest.md}"
TMP="$ROOT/bench/results/tmp"
OFFERS="${GPUCAT_BENCH_OFFERS:-100000}"
PROVIDERS="${GPUCAT_BENCH_PROVIDERS:-40}"
HISTORY="${GPUCAT_BENCH_HISTORY:-10000000}"
RUNS="${GPUCAT_BENCH_RUNS:-3}"
DURATION="${GPUCAT_BENCH_DURATION:-4}"
SEED="${GPUCAT_BENCH_SEED:-42}"

# wrk, nginx, curl from Debian's packages (idempotent: installs only what is
# missing), so that a fresh clone needs no other step.
bash "$ROOT/.ci/setup" --bench >&2
need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: '$1' is missing; run: bash .ci/setup --bench" >&2; exit 2; }; }
need wrk
need curl
need cmake
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "run.sh: nginx is missing; run: bash .ci/setup --bench" >&2; exit 2; }

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- Build (Release, its own build directory) ------------------------------------
t_build=$(date +%s)
log "building Release in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGPUCAT_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target gpucat gpucat-bench >/dev/null
BENCH="$BUILD/bench/gpucat-bench"
GPUCAT="$BUILD/src/cli/gpucat"
build_s=$(( $(date +%s) - t_build ))

# ---- Bookkeeping --------------------------------------------------------------
rm -rf "$TMP"
mkdir -p "$TMP"
R="$TMP/results.tsv"
: >"$R"
meta() { printf 'meta\t%s\t%s\n' "$1" "$2" >>"$R"; }
metric() { printf 'm\t%s\t%s\n' "$1" "$2" >>"$R"; }
# field NAME: a scalar field of the one-line JSON on stdin.
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -1; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

t_start=$(date +%s)
meta "date" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
meta "commit" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
meta "machine" "$(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
meta "load average at start (1, 5, 15 min)" "$(cut -d' ' -f1-3 /proc/loadavg) — the machine is shared: compare ratios, not absolute figures"
meta "tools" "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $("$NGINX" -v 2>&1 | sed 's/.*: //'), SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?'), g++ $(g++ -dumpfullversion)"
meta "parameters" "$OFFERS offers over $PROVIDERS providers, $HISTORY history rows, seed $SEED, $RUNS runs per figure, wrk runs of ${DURATION}s"

# ---- Documents -----------------------------------------------------------------
log "generating documents: $OFFERS offers over $PROVIDERS providers (variant B: 1% of prices changed)"
"$BENCH" gen-docs --out "$TMP/docs-a" --seed "$SEED" --offers "$OFFERS" --providers "$PROVIDERS" >"$TMP/gen-a.json"
"$BENCH" gen-docs --out "$TMP/docs-b" --seed "$SEED" --offers "$OFFERS" --providers "$PROVIDERS" \
  --change-permille 10 --change-seed 7 >"$TMP/gen-b.json"
meta "documents" "$(du -sh "$TMP/docs-a" | cut -f1) in $(find "$TMP/docs-a" -type f | wc -l) files: Sakura price API JSON ($(ls "$TMP/docs-a/sakura" | grep -c vrt-price) zones), DOK unit prices, GPUSOROBAN HTML pages, offer sheets (Sakura PHY, GMO, KDDI, $((PROVIDERS - 4)) alliance members)"

# ---- Sync ----------------------------------------------------------------------
DB="$TMP/sync.db"
rmdb() { rm -f "$1" "$1-wal" "$1-shm"; }
for r in $(seq "$RUNS"); do
  log "parse only, run $r"
  out=$("$BENCH" sync --from "$TMP/docs-a" --dry-run)
  metric parse_only_ms "$(field wall_ms <<<"$out")"
  metric parse_only_rss_mib "$(mib "$(field peak_rss_kib <<<"$out")")"
done
for r in $(seq "$RUNS"); do
  log "sync into an empty catalog, run $r"
  rmdb "$DB"
  out=$("$BENCH" sync --from "$TMP/docs-a" --db "$DB")
  metric sync_empty_ms "$(field wall_ms <<<"$out")"
  metric sync_empty_rss_mib "$(mib "$(field peak_rss_kib <<<"$out")")"
  metric sync_empty_history_rows "$(field history_rows <<<"$out")"
done
for r in $(seq "$RUNS"); do
  log "SQLite floor, run $r"
  out=$("$BENCH" floor --src "$DB" --db "$TMP/floor.db")
  metric floor_ms "$(field wall_ms <<<"$out")"
done
rmdb "$TMP/floor.db"
for r in $(seq "$RUNS"); do
  log "re-sync the same documents, run $r"
  sleep 1.1  # a new second: fetched_at (and so offers' default observed_at) moves, as in real life
  out=$("$BENCH" sync --from "$TMP/docs-a" --db "$DB")
  metric resync_same_ms "$(field wall_ms <<<"$out")"
  metric resync_same_history_rows "$(field history_rows <<<"$out")"
  metric resync_same_rows_written "$(field rows_written <<<"$out")"
done
variant=b
for r in $(seq "$RUNS"); do
  log "re-sync with 1% of prices changed (to docs-$variant), run $r"
  sleep 1.1
  out=$("$BENCH" sync --from "$TMP/docs-$variant" --db "$DB")
  metric resync_1pct_ms "$(field wall_ms <<<"$out")"
  metric resync_1pct_history_rows "$(field history_rows <<<"$out")"
  metric resync_1pct_changed "$(field changed <<<"$out")"
  variant=$([ "$variant" = b ] && echo a || echo b)
done
if [ "$variant" = a ]; then "$BENCH" sync --from "$TMP/docs-a" --db "$DB" >/dev/null; fi  # end on docs-a

# ---- The read catalog: the synced offers + 10M history rows ----------------------
READ="$TMP/read.db"
cp "$DB" "$READ"
log "history: $HISTORY rows (bulk insert, one transaction)"
out=$("$BENCH" history --db "$READ" --rows "$HISTORY" --seed "$SEED")
HOT=$(field hot_offer <<<"$out")
meta "read catalog" "$(field rows <<<"$out") history rows bulk-inserted in $(awk -v ms="$(field wall_ms <<<"$out")" 'BEGIN { printf "%.0f", ms / 1000 }') s (not through the sync path: see bench/README.md), $(du -h "$READ" | cut -f1); history benchmark offer $HOT ($(field hot_rows <<<"$out") rows)"
"$BENCH" sync --from "$TMP/docs-a" --db "$TMP/empty.db" --create-only

# ---- nginx, serving the identical bodies from files ------------------------------
NG="$TMP/nginx"
mkdir -p "$NG/www" "$NG/tmp"
echo '{"status":"ready"}' >"$NG/www/readyz.json"
PORT=$("$BENCH" free-port)
NPORT=$("$BENCH" free-port)
while [ "$NPORT" = "$PORT" ]; do NPORT=$("$BENCH" free-port); done
UPORT=$("$BENCH" free-port)
while [ "$UPORT" = "$PORT" ] || [ "$UPORT" = "$NPORT" ]; do UPORT=$("$BENCH" free-port); done
cat >"$NG/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$NPORT;
    root $NG/www;
  }
}
EOF
chmod -R a+rX "$TMP"
NGINX_CMD="$NGINX -e $NG/error.log -p $NG -c $NG/nginx.conf"
SERVE_CMD="$GPUCAT serve --db $READ --host 127.0.0.1 --port $PORT --quiet"

# ---- Start-up and memory at rest ---------------------------------------------
log "start to first 200 on /readyz (gpucat, 100k offers) and RSS at rest"
while read -r line; do
  metric startup_ms "$(field ready_ms <<<"$line")"
  metric serve_rss_mib "$(mib "$(field rss_kib <<<"$line")")"
done < <("$BENCH" startup --cmd "$SERVE_CMD" --port "$PORT" --path /readyz --runs 5 --rss-after-ms 1000 2>>"$TMP/serve.log")
log "baselines: gpucat on an empty catalog (RSS), nginx (start to first 200)"
while read -r line; do
  metric serve_empty_rss_mib "$(mib "$(field rss_kib <<<"$line")")"
done < <("$BENCH" startup --cmd "$GPUCAT serve --db $TMP/empty.db --host 127.0.0.1 --port $PORT --quiet" \
  --port "$PORT" --path /readyz --runs 3 --rss-after-ms 1000 2>>"$TMP/serve.log")
while read -r line; do
  metric nginx_startup_ms "$(field ready_ms <<<"$line")"
done < <("$BENCH" startup --cmd "$NGINX_CMD" --port "$NPORT" --path /readyz.json --runs 5)

# ---- Servers for the load runs -----------------------------------------------
$SERVE_CMD >>"$TMP/serve.log" 2>&1 &
SERVE_PID=$!
PIDS+=("$SERVE_PID")
$NGINX_CMD &
PIDS+=("$!")
# The same server with its response cache off: what rendering costs.
$GPUCAT serve --db "$READ" --host 127.0.0.1 --port "$UPORT" --quiet --cache-mb 0 >>"$TMP/serve.log" 2>&1 &
PIDS+=("$!")
wait_ok() { for _ in $(seq 200); do curl -sf -o /dev/null "$1" && return 0; sleep 0.05; done; echo "run.sh: no answer from $1" >&2; exit 1; }
G="http://127.0.0.1:$PORT"
N="http://127.0.0.1:$NPORT"
U="http://127.0.0.1:$UPORT"
wait_ok "$G/readyz"
wait_ok "$N/readyz.json"
wait_ok "$U/readyz"

OFFERS_PATH="/v1/offers?gpu=h200&sort=price&limit=100"
COMPARE_PATH="/v1/compare?gpu=h200"
HISTORY_PATH="/v1/offers/$HOT/history"
capture() {  # capture PATH FILE: gpucat's 200 body, for nginx to serve
  code=$(curl -s -o "$NG/www/$2" -w '%{http_code}' "$G$1")
  [ "$code" = 200 ] || { echo "run.sh: $1 answered $code" >&2; exit 1; }
  cmp -s "$NG/www/$2" <(curl -s "$N/$2") || { echo "run.sh: nginx does not serve the body of $1 as is" >&2; exit 1; }
}
capture "$OFFERS_PATH" offers.json
capture "$COMPARE_PATH" compare.json
capture "$HISTORY_PATH" history.json
chmod -R a+rX "$NG/www"
meta "bodies" "offers $(stat -c %s "$NG/www/offers.json") B, compare $(stat -c %s "$NG/www/compare.json") B, history $(stat -c %s "$NG/www/history.json") B (identity coding: wrk sends no Accept-Encoding)"
etag() { curl -s -D - -o /dev/null "$1" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' | tr -d '\r'; }

LUA="$TMP/report.lua"
cat >"$LUA" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%.0f duration_us=%.0f p50_us=%.0f p99_us=%.0f errors=%.0f status_errors=%.0f\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
EOF
kv() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }
# wrk_run NAME URL CONNECTIONS [wrk args...]: prints the metric lines
# NAME_{rps,p50_ms,p99_ms,errors} for results.tsv.
wrk_run() {
  local name=$1 url=$2 conns=$3
  shift 3
  local threads=$((conns > 1 ? 2 : 1))
  local line
  line=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 5s -s "$LUA" "$@" "$url" | grep '^BENCH')
  local req dur
  req=$(kv requests "$line")
  dur=$(kv duration_us "$line")
  printf 'm\t%s\t%s\n' "${name}_rps" "$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.1f", r / (d / 1e6) }')"
  printf 'm\t%s\t%s\n' "${name}_requests" "$req"
  printf 'm\t%s\t%s\n' "${name}_errors" "$(( $(kv errors "$line") + $(kv status_errors "$line") ))"
  # No completed request (each took longer than the run): no latency to report.
  if [ "${req%.*}" -gt 0 ]; then
    printf 'm\t%s\t%s\n' "${name}_p50_ms" "$(awk -v v="$(kv p50_us "$line")" 'BEGIN { printf "%.3f", v / 1000 }')"
    printf 'm\t%s\t%s\n' "${name}_p99_ms" "$(awk -v v="$(kv p99_us "$line")" 'BEGIN { printf "%.3f", v / 1000 }')"
  fi
}
# Ages and as_of are rounded to the minute, so gpucat's ETag changes on the
# minute: a 304 run starts early in a minute, and counts only if the ETag is
# the same after it (else it is run again).
away_from_minute() {
  local s
  s=$(date +%-S)
  if [ "$s" -gt $((50 - DURATION)) ]; then sleep $((61 - s)); fi
}
expect_304() {
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1")
  [ "$code" = 304 ] || { echo "run.sh: $1 with If-None-Match $2 answered $code, not 304" >&2; exit 1; }
}
run_304() {  # run_304 NAME URL
  local tag lines
  for _ in 1 2 3; do
    away_from_minute
    tag=$(etag "$2")
    expect_304 "$2" "$tag"
    lines=$(wrk_run "$1" "$2" 32 -H "If-None-Match: $tag")
    if [ "$(etag "$2")" = "$tag" ]; then
      echo "$lines" >>"$R"
      return 0
    fi
    log "the ETag moved during the 304 run (a minute turned): running it again"
  done
  echo "run.sh: no stable ETag for $2" >&2
  exit 1
}

log "warm-up"
for u in "$G$OFFERS_PATH" "$N/offers.json" "$G$COMPARE_PATH" "$N/compare.json" "$G$HISTORY_PATH" "$N/history.json" \
  "$U$OFFERS_PATH" "$U$COMPARE_PATH" "$U$HISTORY_PATH"; do
  wrk -t1 -c4 -d1s "$u" >/dev/null
done

one_round() {  # one_round gpucat|nginx|render
  if [ "$1" = render ]; then
    wrk_run render_offers_1c "$U$OFFERS_PATH" 1 >>"$R"
    wrk_run render_offers_32c "$U$OFFERS_PATH" 32 >>"$R"
    wrk_run render_compare_1c "$U$COMPARE_PATH" 1 >>"$R"
    wrk_run render_history_1c "$U$HISTORY_PATH" 1 >>"$R"
    return
  fi
  if [ "$1" = gpucat ]; then
    local p="" o="$G$OFFERS_PATH" c="$G$COMPARE_PATH" h="$G$HISTORY_PATH"
  else
    local p="nginx_" o="$N/offers.json" c="$N/compare.json" h="$N/history.json"
  fi
  wrk_run "${p}offers_1c" "$o" 1 >>"$R"
  wrk_run "${p}offers_32c" "$o" 32 >>"$R"
  run_304 "${p}offers_32c_304" "$o"
  wrk_run "${p}compare_1c" "$c" 1 >>"$R"
  wrk_run "${p}history_1c" "$h" 1 >>"$R"
}
for r in $(seq "$RUNS"); do
  # Alternate who goes first, so neither always meets the other's leftovers.
  if [ $((r % 2)) = 1 ]; then order="gpucat nginx render"; else order="nginx gpucat render"; fi
  for who in $order; do
    log "HTTP run $r: $who"
    one_round "$who"
  done
done
metric serve_rss_after_load_mib "$(mib "$(awk '/VmRSS/ { print $2 }' "/proc/$SERVE_PID/status")")"

meta "load average at end (1, 5, 15 min)" "$(cut -d' ' -f1-3 /proc/loadavg)"
meta "duration" "build ${build_s} s (not counted), benchmarks $(( $(date +%s) - t_start )) s"
cleanup
PIDS=()
"$BENCH" report --in "$R" --out "$OUT" --notes "$ROOT/bench/results/notes.md" >/dev/null
log "wrote $OUT"
cat "$OUT"
