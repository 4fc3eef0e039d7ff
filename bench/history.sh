#!/usr/bin/env bash
# What a pull request pays for a long history: `lint --latest 1` on generated
# histories of 300 and 3,000 files, and `lint --all` on a 269-file history
# (generated, or a real one: REAL=path/to/migrations), each the median wall
# and CPU time of RUNS runs. With BASE=<git rev> the same runs are made with
# the binary built at that revision, and every output (these directories and
# the bundled examples, text and JSON) must be byte-identical between the two.
#
#   bash bench/history.sh                  # this checkout only
#   BASE=f99ab8e bash bench/history.sh     # compare with an earlier revision
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
work=$(mktemp -d)
cleanup() {
	if [ -n "${BASE:-}" ]; then git worktree remove --force "$work/base-src" >/dev/null 2>&1 || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/new" ./cmd/schemaguard
bins=(new)
if [ -n "${BASE:-}" ]; then
	git worktree add -q --detach "$work/base-src" "$BASE"
	(cd "$work/base-src" && go build -o "$work/base" ./cmd/schemaguard)
	bins=(base new)
fi

go run ./bench/gendir -n 300 -o "$work/h300"
go run ./bench/gendir -n 3000 -o "$work/h3000"
if [ -n "${REAL:-}" ]; then
	all_dir=$REAL
else
	go run ./bench/gendir -n 269 -o "$work/h269"
	all_dir=$work/h269
fi

# median wall and CPU seconds of $runs runs of a command
measure() { # label bin args...
	local label=$1 bin=$2; shift 2
	"$work/$bin" "$@" >/dev/null 2>&1 || true # warm the page cache
	for _ in $(seq "$runs"); do
		/usr/bin/time -o "$work/t" -f '%e %U %S' "$work/$bin" "$@" >/dev/null 2>&1 || true
		tail -n1 "$work/t"
	done | awk -v label="$label" -v bin="$bin" '{ w[NR] = $1; c[NR] = $2 + $3 } END {
		n = asort(w); asort(c); m = int((n + 1) / 2)
		printf "%-34s %-4s  wall %6.3f s  cpu %6.3f s\n", label, bin, w[m], c[m] }'
}

for bin in "${bins[@]}"; do
	measure "--latest 1, 300 files" "$bin" lint --dir "$work/h300" --dir-format atlas --fail-on none
	measure "--latest 1, 3000 files" "$bin" lint --dir "$work/h3000" --dir-format atlas --fail-on none
	measure "--latest 1, 3000 files, auto" "$bin" lint --dir "$work/h3000" --fail-on none
	measure "--all, $(basename "$all_dir") ($(ls "$all_dir" | wc -l) files)" "$bin" lint --dir "$all_dir" --all --fail-on none
done

if [ -n "${BASE:-}" ]; then
	same=0 differ=0
	while read -r args; do
		for f in text json; do
			# shellcheck disable=SC2086
			"$work/base" lint $args --format $f >"$work/out.base" 2>&1 || true
			# shellcheck disable=SC2086
			"$work/new" lint $args --format $f >"$work/out.new" 2>&1 || true
			if cmp -s "$work/out.base" "$work/out.new"; then same=$((same + 1)); else
				differ=$((differ + 1))
				echo "output differs: lint $args --format $f"
				diff "$work/out.base" "$work/out.new" | head -n 10
			fi
		done
	done <<EOF
--dir examples/postgres
--dir examples/postgres --all
--dir examples/mysql --dialect mysql
--dir examples/mysql --dialect mariadb --all
--dir $work/h300 --dir-format atlas
--dir $work/h3000 --dir-format atlas
--dir $all_dir --all
EOF
	echo "outputs byte-identical: $same, different: $differ"
fi
