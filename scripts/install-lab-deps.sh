#!/usr/bin/env bash
# Installs the real servers the outage lab runs (Debian 12 packages). Idempotent: does nothing when
# every binary is already present. apt starts no services on the lab machines (policy-rc.d = 101);
# the lab starts each server itself, in the foreground, on 127.0.0.1.
set -euo pipefail

have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

missing=()
for bin in haproxy nginx mariadbd redis-server ss gunicorn php-fpm8.2 supervisord apache2; do
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$bin" ]; then missing+=("$bin"); fi
done
have_postgres || missing+=(postgres)
# libfaketime: the healthy-month and healthy-shop runs live weeks of wall-clock time in a minute.
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || compgen -G '/usr/lib/*/faketime/libfaketime.so.1' >/dev/null || missing+=(faketime)
/usr/bin/python3 -c 'import django, celery, MySQLdb, redis' 2>/dev/null || missing+=(python3-django python3-celery)
# Tomcat 10.1 runs from Debian's CATALINA_HOME with a CATALINA_BASE in the lab's temp tree; the JRE comes with it.
{ [ -x /usr/share/tomcat10/bin/catalina.sh ] && command -v java >/dev/null 2>&1; } || missing+=(tomcat10)
# The lab's webapp logs its own lines with SLF4J and logback (Debian's jars, copied into WEB-INF/lib).
[ -e /usr/share/java/logback-classic.jar ] && [ -e /usr/share/java/slf4j-api.jar ] || missing+=(liblogback-java)
# uWSGI with Debian's python3 plugin, the app talking to PostgreSQL through psycopg2.
{ command -v uwsgi >/dev/null 2>&1 && [ -e /usr/lib/uwsgi/plugins/python3_plugin.so ]; } || missing+=(uwsgi-plugin-python3)
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-lab-deps: all lab servers present"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-lab-deps: missing ${missing[*]} and not root; run as root to install" >&2
  exit 1
fi

echo "install-lab-deps: installing (missing: ${missing[*]})"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  haproxy nginx mariadb-server postgresql redis-server iproute2 gunicorn python3-django python3-celery python3-mysqldb python3-redis faketime php8.2-fpm supervisor apache2 \
  tomcat10 liblogback-java uwsgi uwsgi-plugin-python3 python3-psycopg2 >/dev/null
echo "install-lab-deps: done"
