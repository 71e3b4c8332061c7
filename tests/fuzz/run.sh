#!/usr/bin/env bash
# Builds (if needed) and runs every libFuzzer target for a bounded time each.
#   tests/fuzz/run.sh SECONDS [TARGET...]     default: every target
# Environment: GPUCAT_FUZZ_BUILD (default <repo>/build-fuzz), JOBS (default 2).
#
# Each target starts from its seeds (the bundled snapshots, test data and the
# seed lists in tests/fuzz/seeds) plus the corpus it grew in earlier runs
# (<build>/fuzz-corpus/<target>). Prints, per target, the executions and the
# coverage libFuzzer reached (cov: edges, ft: features, corpus size), and exits
# 1 if any target found a crash, leak, timeout or broken invariant; the input
# is kept in <build>/fuzz-artifacts/ (turn it into a regression test).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
FUZZ_DIR="$ROOT/tests/fuzz"
BUILD="${GPUCAT_FUZZ_BUILD:-$ROOT/build-fuzz}"
JOBS="${JOBS:-2}"

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  echo "usage: tests/fuzz/run.sh SECONDS [TARGET...]" >&2
  exit 2
fi
SECONDS_EACH="$1"
shift

# target | dictionary | seeds: files, or seeds/<list>.txt (one seed per line,
# printf %b escapes)
TARGETS=(
  "fuzz_sakura_vrt_price|json.dict|providers/sakura/snapshots/vrt-price-is1a.json providers/sakura/snapshots/vrt-price-is1b.json"
  "fuzz_sakura_dok_unit_prices|json.dict|providers/sakura/snapshots/dok-unit-prices.json"
  "fuzz_gpusoroban_aispacon|html.dict|providers/gpusoroban/snapshots/aispacon.html providers/gpusoroban/snapshots/instances.html"
  "fuzz_gpusoroban_instances|html.dict|providers/gpusoroban/snapshots/instances.html providers/gpusoroban/snapshots/aispacon.html"
  "fuzz_offer_sheet|json.dict|providers/gmo/snapshots/offer-sheet.json providers/kddi/snapshots/offer-sheet.json providers/sakura/snapshots/phy-offer-sheet.json"
  "fuzz_yen_text||tests/fuzz/seeds/yen.txt"
  "fuzz_gpu_model||tests/fuzz/seeds/gpu.txt"
  "fuzz_pricing_rules|json.dict|docs/pricing-rules.example.json tests/fuzz/seeds/pricing.txt"
  "fuzz_query_params||tests/fuzz/seeds/query.txt"
)

names=()
for t in "${TARGETS[@]}"; do names+=("${t%%|*}"); done
selected=("$@")
if [ ${#selected[@]} -eq 0 ]; then selected=("${names[@]}"); fi
for s in "${selected[@]}"; do
  [[ " ${names[*]} " == *" $s "* ]] || { echo "run.sh: unknown target $s (known: ${names[*]})" >&2; exit 2; }
done

# ---- Build --------------------------------------------------------------------
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGPUCAT_FUZZ=ON -DGPUCAT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD" -j"$JOBS" --target "${selected[@]}"

# ---- Run ----------------------------------------------------------------------
mkdir -p "$BUILD/fuzz-artifacts" "$BUILD/fuzz-logs"
status=0
summary=()
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name dict seeds <<<"$t"
  [[ " ${selected[*]} " == *" $name "* ]] || continue
  corpus="$BUILD/fuzz-corpus/$name"
  seed_dir="$BUILD/fuzz-seeds/$name"
  rm -rf "$seed_dir"
  mkdir -p "$corpus" "$seed_dir"
  for s in $seeds; do
    if [[ "$s" == *.txt ]]; then
      n=0
      while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        printf '%b' "$line" >"$seed_dir/$(basename "$s" .txt)-$n"
      done <"$ROOT/$s"
    else
      cp "$ROOT/$s" "$seed_dir/"
    fi
  done
  args=(-max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$BUILD/fuzz-artifacts/$name-")
  [ -n "$dict" ] && args+=(-dict="$FUZZ_DIR/$dict")
  log="$BUILD/fuzz-logs/$name.log"
  echo "== $name: ${SECONDS_EACH}s"
  rc=0
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$BUILD/tests/fuzz/$name" "${args[@]}" "$corpus" "$seed_dir" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  if [ "$rc" -ne 0 ]; then
    status=1
    verdict="FAILED (exit $rc; see $log)"
    { grep -E 'ERROR: |invariant broken|SUMMARY: |Test unit written|error in line' "$log" || tail -3 "$log"; } |
      head -5 | sed 's/^/    /'
  else
    verdict="ok"
  fi
  summary+=("$(printf '%-28s execs %-10s cov %-6s ft %-7s corpus %-6s %s' "$name" "${execs:-?}" "${cov:-?}" \
    "${ft:-?}" "${units:-?}" "$verdict")")
done

echo
echo "== fuzz summary (${SECONDS_EACH}s per target)"
printf '%s\n' "${summary[@]}"
exit $status
