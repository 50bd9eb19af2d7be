#!/usr/bin/env bash
# Builds the oracle (main.go: Argo's own validation, as `argo lint --offline`; retry.go: Argo's retry) once,
# cached by Argo's version and a hash of the Go files, go.mod and go.sum, under $ARGO_DOCTOR_CACHE or
# ~/.cache/argo-doctor, in oracle/.
# Progress goes to stderr; the only line on stdout is the binary's path.
# Build time on 2 cores (measured 2026-11-29): 102 s cold (empty Go build cache, modules already downloaded), a few
# seconds when Go's build cache already holds Argo's packages, instant when cached here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${ARGO_DOCTOR_CACHE:-$HOME/.cache/argo-doctor}/oracle"

say() { echo "oracle: $*" >&2; }
die() { echo "oracle: $*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed (the oracle is Argo's own validator, built from its Go module: install Go 1.25 or newer and run again)"
argo="$(sed -n 's#^\s*github.com/argoproj/argo-workflows/v4 \(v[^ ]*\).*#\1#p' "$here/go.mod" | head -n 1)"
[ -n "$argo" ] || die "test/oracle/go.mod does not require github.com/argoproj/argo-workflows/v4"
hash="$(cat "$here"/*.go "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)"
out="$CACHE/argo-doctor-oracle-$argo-$hash"
if [ -x "$out" ]; then say "Argo $argo validator cached ($out)"; echo "$out"; exit 0; fi

mkdir -p "$CACHE"
started=$SECONDS
say "building Argo $argo's validator (downloading modules if needed, then compiling; a cold build takes minutes)"
log="$CACHE/build-$hash.log"
# -mod=readonly: go.mod and go.sum are committed and must not change; a module the proxy refuses or whose checksum
# differs from go.sum fails the build.
if ! (cd "$here" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
  go build -trimpath -ldflags "-s -w" -o "$out.tmp" . ) >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$out.tmp"
  die "building the oracle failed: Go could not fetch or compile Argo $argo (see the lines above and $log; module proxy: $(go env GOPROXY))"
fi
mv "$out.tmp" "$out"
rm -f "$log"
say "built in $((SECONDS - started)) s: $out"
echo "$out"
