#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, user postgres, trust auth) and MariaDB
# (127.0.0.1:3306, user root, no password) are installed and running, so the
# test suite can talk to real servers, and that the OCI registry server
# (docker-registry) is installed: the registry tests start their own instances
# of it. Installs Debian packages when missing.
set -euo pipefail

log() { printf 'ensure-databases: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
maria_up() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1 \
	|| mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; }

wait_for() { # name check
	for _ in $(seq 1 60); do "$2" && return 0; sleep 1; done
	log "$1 did not come up"; return 1
}

updated=""
apt_install() {
	[ -n "$updated" ] || { as_root apt-get update -qq; updated=1; }
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
	if pg_up; then return; fi
	if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
		log "installing PostgreSQL"
		apt_install postgresql postgresql-client
	fi
	local ver; ver=$(ls /etc/postgresql | sort -V | tail -n1)
	local hba=/etc/postgresql/$ver/main/pg_hba.conf
	# Tests connect over TCP as postgres without a password.
	if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
		as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
	fi
	log "starting PostgreSQL $ver"
	as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
	wait_for PostgreSQL pg_up
}

ensure_mariadb() {
	if maria_up; then return; fi
	if [ ! -x /usr/sbin/mariadbd ]; then
		log "installing MariaDB"
		apt_install mariadb-server mariadb-client
	fi
	log "starting MariaDB"
	as_root mkdir -p /run/mysqld
	as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
	as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
	wait_for "MariaDB socket" mariadb_socket_up
	if ! maria_up; then
		# Debian's root uses unix_socket auth; tests log in over TCP with no password.
		as_root mariadb -u root -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;"
	fi
	wait_for MariaDB maria_up
}
mariadb_socket_up() { as_root mariadb-admin -u root ping >/dev/null 2>&1; }

# Only the binary: each test runs its own server on a free port.
ensure_registry() {
	if command -v docker-registry >/dev/null 2>&1; then return; fi
	log "installing docker-registry"
	apt_install docker-registry
}

ensure_postgres
ensure_mariadb
ensure_registry
log "PostgreSQL and MariaDB are up; docker-registry is installed"
