#!/usr/bin/env bash
# Installs what Pacer needs on a Debian-family machine; safe to run again (it skips what exists).
#   system: Java 17+ and Maven (the Kafka broker and s3proxy, whose jars `pacer dev up` fetches
#   from Maven Central into .cache/ on first use), redis-server; Python >= 3.11 must be present
#   python: uv, then the locked dependencies into .venv (uv sync --frozen)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

python3 - <<'PY' || { echo "Pacer needs Python >= 3.11 as python3" >&2; exit 1; }
import sys
raise SystemExit(sys.version_info < (3, 11))
PY

java_ok() {
  command -v java >/dev/null 2>&1 || return 1
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null
}

packages=()
java_ok || packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
if [ ${#packages[@]} -gt 0 ]; then
  say "installing system packages: ${packages[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if ! command -v uv >/dev/null 2>&1 && ! python3 -m uv --version >/dev/null 2>&1; then
  say "installing uv"
  python3 -m pip install --quiet "uv>=0.5" 2>/dev/null \
    || python3 -m pip install --quiet --user --break-system-packages "uv>=0.5"
fi

say "installing Python dependencies (uv sync --frozen)"
# Compiled once here: where PYTHONDONTWRITEBYTECODE is set, nothing is ever cached otherwise, and
# each of the many processes the tests and `make run` start would compile every module again
# (about 10 s each instead of 3 on two cores).
if command -v uv >/dev/null 2>&1; then UV=(uv); else UV=(python3 -m uv); fi
"${UV[@]}" sync --frozen --quiet --compile-bytecode
.venv/bin/python -m compileall -q -j 0 commands contracts infra pacer projections queries workers \
  tests bench migrations >/dev/null
