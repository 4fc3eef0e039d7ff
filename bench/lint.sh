#!/usr/bin/env bash
# Static lint of a generated directory (default 1,000 files, ~5 MB) with the
# real CLI: wall time, files/second and peak memory (max RSS). When squawk is
# installed (npm install squawk-cli; set SQUAWK=path or put it on PATH) it is
# timed on the same files for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/schemaguard" ./cmd/schemaguard
go run ./bench/gendir -n "$n" -o "$work/m"
echo "directory: $n files, $(cat "$work"/m/*.sql | wc -c) bytes"

measure() { # label command...
	local label=$1; shift
	"$@" >/dev/null 2>&1 || true # warm the page cache
	/usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
	read -r secs kb < <(tail -n1 "$work/time") # time prefixes a line on a non-zero exit
	printf '%-28s %6.2f s  %6.0f files/s  peak RSS %4d MB\n' "$label" "$secs" "$(echo "$n / $secs" | bc -l)" $((kb / 1024))
}
measure "schemaguard lint --all" "$work/schemaguard" lint --dir "$work/m" --dir-format atlas --all --fail-on none
measure "schemaguard lint --latest 1" "$work/schemaguard" lint --dir "$work/m" --dir-format atlas --fail-on none
sq=${SQUAWK:-$(command -v squawk || true)}
if [ -n "$sq" ]; then
	measure "squawk" "$sq" "$work"/m/*.sql
	measure "squawk --reporter gcc" "$sq" --reporter gcc "$work"/m/*.sql
fi
