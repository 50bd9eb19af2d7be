#!/usr/bin/env bash
# Checks the oracle against the real `argo lint --offline` of the same Argo version, file by file over the corpus:
# both must fail or pass the same files (the oracle fails a file when it rejects one of its documents). Manual, not
# part of `npm test`: it builds Argo's CLI (about 1 minute on 2 cores once the oracle's modules are there; its UI is
# stubbed, the lint does not use it) into the oracle's cache. Measured 2026-11-29: 341 of 341 files agree.
# Usage: check-cli.sh [corpus dir] (default ../shared/corpus beside the repository).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="${1:-$here/../../../shared/corpus}"
CACHE="${ARGO_DOCTOR_CACHE:-$HOME/.cache/argo-doctor}/oracle"
say() { echo "check-cli: $*" >&2; }
die() { echo "check-cli: $*" >&2; exit 1; }

oracle="$(bash "$here/build.sh")"
argo_version="$(sed -n 's#^\s*github.com/argoproj/argo-workflows/v4 \(v[^ ]*\).*#\1#p' "$here/go.mod" | head -n 1)"
cli="$CACHE/argo-cli-$argo_version"
if [ ! -x "$cli" ]; then
  say "building argo $argo_version (CLI) to compare with"
  work="$CACHE/argo-cli-src"
  rm -rf "$work"
  mkdir -p "$work"
  src="$(cd "$here" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-workflows/v4)"
  cp -r "$src" "$work/argo" && chmod -R u+w "$work/argo"
  mkdir -p "$work/argo/ui/dist/app" && echo stub >"$work/argo/ui/dist/app/index.html"
  (cd "$work/argo" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$cli.tmp" ./cmd/argo) ||
    die "building argo's CLI failed"
  mv "$cli.tmp" "$cli"
  rm -rf "$work"
fi

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
agree=0
disagree=0
# check FILE [DEPS]: argo lint --offline on the file (and the templates its case needs) against the oracle.
check() {
  local main="$1" out argo_fail=0 oracle_fail=0
  out="$(cd "$home" && HOME="$home" "$cli" lint --offline -o simple "$@" 2>&1 || true)"
  if grep -qF "$main:" <<<"$out" || grep -qF "failed to parse YAML from file $main:" <<<"$out"; then argo_fail=1; fi
  if "$oracle" "$@" | grep -F "\"file\":\"$main\"" | grep -q '"ok":false'; then oracle_fail=1; fi
  if [ "$argo_fail" = "$oracle_fail" ]; then
    agree=$((agree + 1))
  else
    disagree=$((disagree + 1))
    echo "DIFFERENT $main: argo lint fails=$argo_fail, oracle fails=$oracle_fail"
    echo "$out" | head -n 3 | sed 's/^/  argo: /'
  fi
}
while IFS= read -r f; do check "$f"; done < <(find "$corpus/argo-examples" -name '*.yaml' | sort)
for d in argo-valid argo-invalid; do
  for f in "$corpus/$d"/*.yaml; do
    dep="$corpus/$d/deps/$(basename "${f%.yaml}").deps.yaml"
    if [ -f "$dep" ]; then check "$f" "$dep"; else check "$f"; fi
  done
done
echo "check-cli: $agree files agree, $disagree differ"
[ "$disagree" = 0 ]
