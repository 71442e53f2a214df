#!/usr/bin/env bash
# Installs every Debian package touchpoint needs, once: `apt-get update` only when something is missing,
# then installs only the missing packages. Idempotent; used by `make run`, `make test` and .ci/run.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --bench    also the benchmark tools (wrk, nginx, node)
set -euo pipefail

PKGS=(build-essential cmake pkg-config git python3 ca-certificates
      libpoco-dev libsqlite3-dev sqlite3 libicu-dev libboost-locale-dev libstemmer-dev
      libgtest-dev googletest gettext curl procps)
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(wrk nginx-light nodejs npm)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node/npm may come from elsewhere (nodesource); accept a working binary.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
