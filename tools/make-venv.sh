#!/usr/bin/env bash
# Creates the project's virtualenv; on a bare Debian, installs python3-venv first.
set -euo pipefail
venv=${1:-.venv}
python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] && exit 0
if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  echo "python3 cannot create a virtualenv here; installing Debian's python3-venv"
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq python3-venv >/dev/null
  "$python" -m venv "$venv"
fi
