#!/usr/bin/env bash
# Fails if any C++ file differs from .clang-format's style.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.h' '*.cpp' 2>/dev/null || find src apps tests bench -name '*.h' -o -name '*.cpp')
[ -z "$files" ] && exit 0
bad=$(clang-format --dry-run $files 2>&1 | grep -c 'warning:' || true)
if [ "$bad" != "0" ]; then
  clang-format --dry-run $files 2>&1 | grep 'warning:' | cut -d: -f1 | sort -u | sed 's/^/  not formatted: /' >&2
  echo "run: clang-format -i \$(git ls-files '*.h' '*.cpp')" >&2
  exit 1
fi
echo "format: ok"
