#!/usr/bin/env bash
# lint --dev-url against the physical limit: the server's own work of
# replaying the same history with `psql -1 -f` (one transaction, no round
# trips). Generated realistic PostgreSQL histories (tables, indexes, enum
# types, backfills, PL/pgSQL functions, triggers) of 150, 300 and 600 files;
# each figure is the median wall time of RUNS runs. Needs psql and the
# PostgreSQL server of PGURL (default: the test server of `make databases`).
#
#   bash bench/devdb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
url=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
work=$(mktemp -d)
trap 'psql "$url" -qc "DROP DATABASE IF EXISTS sg_bench_psql" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
go build -o "$work/schemaguard" ./cmd/schemaguard

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }'; }

# seconds of one run of a command, nothing printed
timed() {
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}

psql_replay() { # file
	psql "$url" -qc "DROP DATABASE IF EXISTS sg_bench_psql" -c "CREATE DATABASE sg_bench_psql" >/dev/null 2>&1
	local db=${url/\/postgres\?/\/sg_bench_psql?}
	timed psql "$db" -q -1 -v ON_ERROR_STOP=1 -f "$1"
}

printf '%-6s %10s %16s %8s %16s %8s\n' files "psql -1" "--latest 1" ratio "--latest 10" ratio
for n in 150 300 600; do
	go run ./bench/gendir -n "$n" -o "$work/h$n"
	cat "$work/h$n"/*.sql >"$work/h$n.sql"
	p=$(for _ in $(seq "$runs"); do psql_replay "$work/h$n.sql"; done | median)
	l1=$(for _ in $(seq "$runs"); do timed "$work/schemaguard" lint --dir "$work/h$n" --dir-format atlas --dev-url "$url" --latest 1; done | median)
	l10=$(for _ in $(seq "$runs"); do timed "$work/schemaguard" lint --dir "$work/h$n" --dir-format atlas --dev-url "$url" --latest 10; done | median)
	printf '%-6s %9ss %15ss %7.2fx %15ss %7.2fx\n' "$n" "$p" "$l1" "$(echo "$l1 / $p" | bc -l)" "$l10" "$(echo "$l10 / $p" | bc -l)"
done
