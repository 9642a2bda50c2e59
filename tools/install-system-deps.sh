#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing:
# chromium (browser tests), a Java runtime (the Nu HTML Checker), npm (vnu-jar, axe-core).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
fc-list 2>/dev/null | grep -qi "dejavu\|noto\|liberation" || need+=(fonts-dejavu-core)

if ((${#need[@]} == 0)); then
  exit 0
fi

echo "installing Debian packages needed by the tests: ${need[*]}"
if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "error: missing ${need[*]}; run as root: apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
