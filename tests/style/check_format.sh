#!/usr/bin/env bash
# ctest "style: clang-format": fails on any difference between gpucat's C++
# sources and the committed .clang-format (Debian 12's clang-format 14, which
# `bash .ci/setup --test` installs). Fix locally with:
#   git ls-files '*.cc' '*.h' | xargs clang-format -i
# Exits 77 (ctest: skipped, never passed) where clang-format is not installed.
set -uo pipefail
cd "${1:?usage: check_format.sh SOURCE_DIR}" || exit 1
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (bash .ci/setup --test installs it): skipped"
  exit 77
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h')
else
  mapfile -t files < <(find include src providers tests bench -name '*.cc' -o -name '*.h')
fi
existing=()
for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done
out=$(printf '%s\0' "${existing[@]}" | xargs -0 clang-format --dry-run 2>&1)
n=$(grep -c 'warning:' <<<"$out")
if [ "$n" != 0 ]; then
  grep 'warning:' <<<"$out" | cut -d: -f1 | sort | uniq -c | sed 's/^/  /'
  echo "$n clang-format differences in ${#existing[@]} files: run clang-format -i on the files above"
  exit 1
fi
echo "clang-format: ${#existing[@]} files, no difference"
