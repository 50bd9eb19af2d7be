#!/usr/bin/env bash
# Builds the real cluster's components from their Go modules, once, cached by version outside the repo:
#   etcd, kube-apiserver, kube-scheduler, kube-controller-manager, kwok, Argo's workflow-controller, metrics-server.
# Usage: build.sh [component...]   (default: all). Prints where each binary is. Cache: $ARGO_DOCTOR_CACHE or
# ~/.cache/argo-doctor/real-cluster. A cold build of everything takes about 10 minutes on 2 cores (measured; see the README).
set -euo pipefail
ETCD_VERSION="${ETCD_VERSION:-v3.6.13}"
K8S_VERSION="${K8S_VERSION:-v1.36.3}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
ARGO_VERSION="${ARGO_VERSION:-v4.0.5}"
METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-v0.8.0}"
CACHE="${ARGO_DOCTOR_CACHE:-$HOME/.cache/argo-doctor}/real-cluster"
BIN="$CACHE/bin"
WORK="$CACHE/src"
mkdir -p "$BIN" "$WORK"

say() { echo "real-cluster: $*"; }
die() { echo "real-cluster: $*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed (the real cluster is built from Go modules: install Go 1.25 or newer, e.g. apt-get install golang-1.25, and run again)"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

# build NAME VERSION MODULE PACKAGE [ldflags] [replace-staging-version]
build() {
  local name="$1" version="$2" module="$3" pkg="$4" ldflags="${5:-}" staging="${6:-}"
  local out="$BIN/$name-$version"
  if [ -x "$out" ]; then say "$name $version cached ($out)"; return 0; fi
  local dir="$WORK/$name-$version"
  rm -rf "$dir"; mkdir -p "$dir"
  local started=$SECONDS
  say "building $name $version from $module (downloading modules, then compiling)"
  (
    cd "$dir"
    go mod init "local/build-$name" >/dev/null 2>&1
    if [ -n "$staging" ]; then
      for m in api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap \
        code-generator component-base component-helpers controller-manager cri-api cri-client cri-streaming \
        csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator \
        kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission \
        sample-apiserver sample-cli-plugin sample-controller streaming; do
        go mod edit -replace="k8s.io/$m=k8s.io/$m@$staging"
      done
    fi
    go get "$pkg@$version" >get.log 2>&1 || { tail -n 20 get.log >&2; exit 3; }
    go build -trimpath -pgo=off -ldflags "-s -w $ldflags" -o "$out.tmp" "$pkg" 2>build.log || { tail -n 30 build.log >&2; exit 4; }
  ) || die "building $name $version failed (see the lines above; module proxy: $(go env GOPROXY))"
  mv "$out.tmp" "$out"
  say "built $name $version in $((SECONDS - started)) s"
}

want=("$@"); [ ${#want[@]} -gt 0 ] || want=(etcd kwok workflow-controller metrics-server kube-apiserver kube-controller-manager kube-scheduler)
staging="v0.${K8S_VERSION#v1.}"
kver="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2)"
for c in "${want[@]}"; do
  case "$c" in
    etcd) build etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 ;;
    kwok) build kwok "$KWOK_VERSION" sigs.k8s.io/kwok sigs.k8s.io/kwok/cmd/kwok ;;
    workflow-controller) build workflow-controller "$ARGO_VERSION" github.com/argoproj/argo-workflows/v4 github.com/argoproj/argo-workflows/v4/cmd/workflow-controller ;;
    metrics-server) build metrics-server "$METRICS_SERVER_VERSION" sigs.k8s.io/metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server ;;
    kube-apiserver|kube-controller-manager|kube-scheduler)
      build "$c" "$K8S_VERSION" k8s.io/kubernetes "k8s.io/kubernetes/cmd/$c" "$kver" "$staging" ;;
    *) die "unknown component $c" ;;
  esac
done
# Manifests the cluster applies, copied from the same modules (the module cache may be cleaned later).
assets() {
  local dest="$CACHE/manifests/$1" src
  [ -d "$dest" ] && return 0
  src="$(go env GOMODCACHE)/$2"
  [ -d "$src" ] || (cd "$WORK" && go mod download "${2%@*}@${2#*@}" >/dev/null) || die "cannot download ${2} for its manifests"
  mkdir -p "$dest.tmp"
  cp "$src"/$3 "$dest.tmp/"
  chmod -R u+w "$dest.tmp"
  mv "$dest.tmp" "$dest"
}
for c in "${want[@]}"; do
  case "$c" in
    kwok) assets "kwok-$KWOK_VERSION" "sigs.k8s.io/kwok@$KWOK_VERSION" 'kustomize/crd/bases/kwok.x-k8s.io_logs.yaml' ;;
    workflow-controller) assets "argo-$ARGO_VERSION" "github.com/argoproj/argo-workflows/v4@$ARGO_VERSION" 'manifests/base/crds/minimal/argoproj.io_*.yaml' ;;
  esac
done
say "binaries in $BIN"
