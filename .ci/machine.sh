#!/usr/bin/env bash
# What the tests need from the machine beyond npm: Debian's chromium (no browser downloads here),
# a running PostgreSQL on 127.0.0.1:5432 with database `test`, and moto_server.
set -euo pipefail

if ! [ -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -c 'create database test'

command -v moto_server >/dev/null || { echo "moto_server is not on PATH: the conformance suite needs it (pip's moto[server])"; exit 1; }
