#!/usr/bin/env bash
# Installs a pinned helm from the Go module proxy into ~/.cache/service-starter/bin (helm's
# install script and release tarballs come from get.helm.sh, which machines that only reach
# package registries cannot download). Idempotent: skips when that binary already reports the
# pinned version. The last line printed is the path of the binary.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STEP=helm
HELM_VERSION=v3.21.4
BIN_DIR="$HOME/.cache/service-starter/bin"
HELM="$BIN_DIR/helm"
# Kubernetes version helm assumes without a cluster (`helm template`, `helm lint`, .Capabilities):
# the release builds derive it from helm's client-go (v0.36 in v3.21.4 -> 1.36); a plain go
# install would leave helm's default of 1.20.
K8S_MAJOR=1
K8S_MINOR=36

installed_version() { "$HELM" version --template '{{.Version}}' 2>/dev/null || true; }

if [ -x "$HELM" ] && [ "$(installed_version)" = "$HELM_VERSION" ]; then
  say "helm $HELM_VERSION present"
  echo "$HELM"
  exit 0
fi

GO="$(command -v go || true)"
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; } \
  || die "helm needs Go to install (go install); install Go or put helm $HELM_VERSION at $HELM"
mkdir -p "$BIN_DIR"
say "installing helm $HELM_VERSION with go install (builds from source; minutes the first time)"
# The linker flags are those of helm's Makefile: without them a source build reports "v3.21"
# rather than the tag, and an old Kubernetes version.
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in pkg/lint/rules pkg/chartutil; do
  ldflags+=" -X helm.sh/helm/v3/$pkg.k8sVersionMajor=$K8S_MAJOR -X helm.sh/helm/v3/$pkg.k8sVersionMinor=$K8S_MINOR"
done
GOBIN="$BIN_DIR" "$GO" install -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
got="$(installed_version)"
[ "$got" = "$HELM_VERSION" ] || die "installed helm reports '$got', expected $HELM_VERSION"
say "installed helm $HELM_VERSION"
echo "$HELM"
