#!/usr/bin/env bash
# Times `schemaguard apply` on a generated directory (default 500 files, each
# a table, 100 rows and an index) against fresh databases on the test
# servers: the first run (everything pending), a second run (nothing
# pending: the cost of lock, revision table and checksums), and 8 replicas
# started at once on a fresh database (one migrates, seven wait).
# PG_ADMIN / MYSQL_ADMIN are admin URLs of the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
pg=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432}
my=${MYSQL_ADMIN:-mysql://root@127.0.0.1:3306}
work=$(mktemp -d)
dbs=()
cleanup() {
	for db in "${dbs[@]}"; do
		psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
		mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/schemaguard" ./cmd/schemaguard
mkdir "$work/m"
for i in $(seq 1 "$n"); do
	printf 'CREATE TABLE t%d (id int PRIMARY KEY, v varchar(20));\nINSERT INTO t%d (id, v) VALUES %s;\nCREATE INDEX t%d_v ON t%d (v);\n' \
		"$i" "$i" "$(seq -s, 1 100 | sed -E 's/([0-9]+)/(\1, '"'"'v\1'"'"')/g')" "$i" "$i" >"$work/m/${i}_t$i.up.sql"
done

fresh() { # kind -> URL of a new database
	local db="sg_bench_$RANDOM$RANDOM"
	dbs+=("$db")
	if [ "$1" = postgres ]; then
		psql -q "$pg/postgres" -c "CREATE DATABASE $db"
		echo "$pg/$db?sslmode=disable"
	else
		mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $db"
		echo "$my/$db"
	fi
}
timed() { # label url
	local start end
	start=$(date +%s.%N)
	SCHEMAGUARD_URL=$2 "$work/schemaguard" apply --dir "$work/m" >/dev/null
	end=$(date +%s.%N)
	printf '%-34s %6.2f s  %7.0f files/s\n' "$1" "$(echo "$end - $start" | bc -l)" "$(echo "$n / ($end - $start)" | bc -l)"
}
for kind in postgres mysql; do
	url=$(fresh "$kind")
	timed "$kind: apply $n files" "$url"
	timed "$kind: again, nothing pending" "$url"
	url=$(fresh "$kind")
	start=$(date +%s.%N)
	for _ in $(seq 1 8); do SCHEMAGUARD_URL=$url "$work/schemaguard" apply --dir "$work/m" >/dev/null & done
	wait
	end=$(date +%s.%N)
	printf '%-34s %6.2f s\n' "$kind: 8 replicas at once" "$(echo "$end - $start" | bc -l)"
done
