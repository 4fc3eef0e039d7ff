#!/usr/bin/env bash
# Installs the schemaguard binary the GitHub Action runs (action.yml calls
# this first). When the action is used at a release (a vX.Y.Z tag, or a
# moving vX / vX.Y tag that points at a release's commit) it downloads that
# release's binary for the runner and verifies it against the release's
# checksums file. At a branch or a commit SHA, or when the release cannot be
# downloaded, it asks for a build from source (the next steps of action.yml)
# and names the cache key of that build.
#
# Reads: GITHUB_ACTION_PATH, SCHEMAGUARD_ACTION_REF, SCHEMAGUARD_ACTION_REPOSITORY,
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP. Writes step outputs: build (true/false),
# bin (the binary's path), go-mod (for setup-go), cache-key, cache-prefix.
set -euo pipefail

fail() { echo "::error title=schemaguard::$*"; exit 2; }

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this from action.yml}
repo=${SCHEMAGUARD_ACTION_REPOSITORY:-schemaguard/schemaguard}
ref=${SCHEMAGUARD_ACTION_REF:-}
# github.action_ref is not promised in composite actions (actions/runner#2525);
# the runner checks an action out at _actions/<owner>/<repo>/<ref>.
if [ -z "$ref" ]; then
	case "$action_path" in
	*/_actions/"$repo"/*) ref=${action_path#*/_actions/"$repo"/} ;;
	esac
fi

case "${RUNNER_OS:-}" in
Linux) os=linux ;;
macOS) os=darwin ;;
*) fail "schemaguard runs on Linux and macOS runners, not ${RUNNER_OS:-unknown}" ;;
esac
case "${RUNNER_ARCH:-}" in
X64) arch=amd64 ;;
ARM64) arch=arm64 ;;
*) fail "schemaguard runs on X64 and ARM64 runners, not ${RUNNER_ARCH:-unknown}" ;;
esac

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }

out() { echo "$1=$2" >>"${GITHUB_OUTPUT:?}"; }

# release_for prints the release tag the ref stands for, or nothing.
release_for() {
	case "$ref" in
	v[0-9]*.[0-9]*.[0-9]*) echo "$ref" ;;
	v[0-9]*)
		# A moving tag: the highest release tag on the same commit.
		local tags commit
		tags=$(git ls-remote --tags "https://github.com/$repo" 2>/dev/null) || return 0
		commit=$(awk -v t="refs/tags/$ref" '$2 == t || $2 == t"^{}" {c = $1} END {print c}' <<<"$tags")
		[ -n "$commit" ] || return 0
		awk -v c="$commit" -v p="refs/tags/$ref." '
			index($2, p) == 1 { name = $2; sub(/\^\{\}$/, "", name); if ($1 == c) print substr(name, 11) }' <<<"$tags" |
			grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -t. -k2,2n -k3,3n | tail -n1 || true
		;;
	esac
}

install_release() {
	local version=$1 dir asset base
	asset="schemaguard_${version#v}_${os}_${arch}.tar.gz"
	base="https://github.com/$repo/releases/download/$version"
	dir="$RUNNER_TEMP/schemaguard-$version"
	mkdir -p "$dir"
	if ! curl -fsSL --retry 3 -o "$dir/$asset" "$base/$asset" ||
		! curl -fsSL --retry 3 -o "$dir/checksums.txt" "$base/checksums.txt"; then
		echo "::warning title=schemaguard::could not download $asset of release $version; building from source instead"
		return 1
	fi
	# A checksum that does not match is never worked around.
	grep -E "  $asset\$" "$dir/checksums.txt" >"$dir/expected" || fail "checksums.txt of release $version lists no $asset"
	(cd "$dir" && sha256 -c expected >/dev/null) || fail "$asset of release $version does not match its checksum"
	tar -xzf "$dir/$asset" -C "$dir" schemaguard
	out build false
	out bin "$dir/schemaguard"
	echo "schemaguard $version ($os/$arch) installed from its release"
}

version=$(release_for)
if [ -n "$version" ] && install_release "$version"; then
	exit 0
fi

# A build from source, cached by the sources it is built from.
key=$(cd "$action_path" && find . -type f \( -name '*.go' -o -name '*.c' -o -name '*.h' -o -name go.mod -o -name go.sum \) \
	-not -path './.git/*' -not -path '*/testdata/*' -print0 | LC_ALL=C sort -z | xargs -0 cat | sha256 | cut -c1-32)
out build true
out bin "$RUNNER_TEMP/schemaguard-build/schemaguard"
out go-mod "$action_path/go.mod"
out cache-prefix "schemaguard-build-$os-$arch-"
out cache-key "schemaguard-build-$os-$arch-$key"
echo "schemaguard at ${ref:-a local checkout} ($os/$arch): building from source"
