#!/usr/bin/env bash
# Static lint of a generated 1,000-file (~5 MB) directory with the real CLI:
# wall time, files/second and peak memory (max RSS). With squawk installed
# (npm install squawk-cli) it also times squawk on the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/schemaguard" ./cmd/schemaguard
go run ./bench/gendir -n "$n" -o "$work/m"
echo "directory: $n files, $(du -sh "$work/m" | cut -f1)"

measure() { # label command...
	local out; out=$({ /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -n1)
	local secs=${out% *} kb=${out#* }
	printf '%-12s %6.2f s  %7.0f files/s  peak RSS %d MB\n' "$1" "$secs" "$(echo "$n / $secs" | bc -l)" $((kb / 1024))
}
"$work/schemaguard" lint --dir "$work/m" --dir-format atlas --all --fail-on none >/dev/null # warm the page cache
measure "$work/schemaguard" lint --dir "$work/m" --dir-format atlas --all --fail-on none
if command -v squawk >/dev/null 2>&1 || [ -x node_modules/.bin/squawk ]; then
	sq=$(command -v squawk || echo node_modules/.bin/squawk)
	measure "$sq" "$work"/m/*.sql
fi
