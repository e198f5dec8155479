#!/usr/bin/env bash
# Installs what the host needs (Docker engine, debootstrap, Chromium, PostgreSQL's server for the tests) and starts the engine.
# Idempotent: a second run only checks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need_pkgs+=(debootstrap)
[ -x /usr/bin/chromium ] || [ "${COURSE_SKIP_BROWSER:-0}" = 1 ] || need_pkgs+=(chromium)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
# PostgreSQL's server binaries: the tests start a private server of their own (tests/Shared/PostgresServer.cs).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
# The engine's default seccomp profile, from Debian's copy of its source: the sandbox's stricter profile is derived from it.
[ -f /usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json ] || need_pkgs+=(golang-github-docker-docker-dev)

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    die "missing ${need_pkgs[*]}; run as root (sudo ./course ...) or install them yourself: apt-get install ${need_pkgs[*]}"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${need_pkgs[*]} and no apt-get: this script knows Debian and Ubuntu; install the Docker engine and debootstrap with your package manager, then run again"
  step "apt-get update" apt-get update -qq
  step "installing ${need_pkgs[*]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
fi

if ! $DOCKER info >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "no Docker engine answers and starting one needs root; start it (sudo dockerd &) or add yourself to the docker group"
  log="${COURSE_DOCKERD_LOG:-/var/log/course-dockerd.log}"
  say "starting dockerd (log: $log)"
  # setsid: the engine outlives this script and the terminal that started it.
  setsid dockerd >"$log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do $DOCKER info >/dev/null 2>&1 && break; sleep 1; done
  $DOCKER info >/dev/null 2>&1 || die "dockerd did not come up in 60 s; see $log"
fi
