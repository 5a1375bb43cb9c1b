#!/usr/bin/env bash
# Builds the project's virtual environments if they are missing or out of date.
#
#   .venvs/rasa  Python 3.10: Rasa 3.6.21 (pins SQLAlchemy 1.4, pydantic 1), spaCy, fugashi, tests.
#   .venvs/api   Python 3.10: FastAPI (pydantic 2), SQLAlchemy 2, Alembic, uvicorn, Playwright (API + widget).
#   tests/browser/node_modules  axe-core from the npm registry (npm ci), for the accessibility scan.
#
# Each environment is rebuilt only when its lock file changes (a stamp holds the lock's hash),
# so `make run` / `make test` are cheap after the first time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENVS="$ROOT/.venvs"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

python_is_310() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

# Rasa 3.6 supports Python 3.8-3.10 only; we use 3.10. Look in the usual places, portably.
find_python310() {
  local candidates=()
  [ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
  candidates+=(python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    local root
    root="$(pyenv root)"
    # newest 3.10.x that pyenv has
    while IFS= read -r v; do candidates+=("$root/versions/$v/bin/python3.10"); done \
      < <(ls "$root/versions" 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3,3nr)
  fi
  candidates+=("$HOME/.pyenv/versions/"3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10)
  local c
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && python_is_310 "$c"; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

# Installs the Debian packages listed in requirements/debian.txt that are not installed yet.
install_debian_packages() {
  local wanted missing=()
  mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$ROOT/requirements/debian.txt")
  local pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "Please install these Debian packages first: ${missing[*]}"
    say "  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# npm ci in DIR when its package-lock.json changed (a stamp in node_modules holds the lock's hash).
# Node.js and npm come with the machine; Debian's nodejs/npm are installed only if npm is missing.
install_node_modules() {
  local dir="$1" stamp="$1/node_modules/.lock-hash" want
  want="$(lock_hash "$dir/package-lock.json")"
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { say "Please install Node.js and npm first"; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  say "Installing npm packages in ${dir#"$ROOT"/}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

lock_hash() { sha256sum "$1" | cut -d' ' -f1; }

# build_venv NAME PYTHON LOCKFILE
build_venv() {
  local name="$1" python="$2" lock="$3"
  local venv="$VENVS/$name" stamp="$VENVS/$name/.lock-hash" want
  want="$(lock_hash "$lock")"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  # A lock that changed (a package added or bumped) is installed into the existing environment:
  # pip installs only what differs. A missing or broken environment is built from scratch.
  if [ -x "$venv/bin/python" ] && python_is_310 "$venv/bin/python"; then
    say "Updating the '$name' environment in .venvs/$name to requirements/$name.lock"
    if "$venv/bin/python" -m pip install --quiet -r "$lock" && "$venv/bin/python" -m pip check; then
      echo "$want" >"$stamp"
      return 0
    fi
    say "Updating failed; rebuilding the '$name' environment"
  fi
  say "Building the '$name' environment in .venvs/$name (first time: a few minutes)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade "pip<24.1"
  "$venv/bin/python" -m pip install --progress-bar on -r "$lock"
  "$venv/bin/python" -m pip check
  echo "$want" >"$stamp"
  say "Environment '$name' is ready"
}

main() {
  mkdir -p "$VENVS"
  install_debian_packages
  local py310
  if ! py310="$(find_python310)"; then
    cat >&2 <<'EOF'
ERROR: Python 3.10 was not found.
Rasa 3.6 runs on Python 3.8-3.10; this project uses Python 3.10.
Install it in one of these ways, then run the command again:
  - pyenv install 3.10        (if you use pyenv)
  - apt-get install python3.10 python3.10-venv   (Debian/Ubuntu, where packaged)
  - or point to an interpreter: PYTHON310=/path/to/python3.10 make run
EOF
    exit 1
  fi
  build_venv rasa "$py310" "$ROOT/requirements/rasa.lock"
  build_venv api "$py310" "$ROOT/requirements/api.lock"
  install_node_modules "$ROOT/tests/browser"
}

main "$@"
