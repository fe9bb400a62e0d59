#!/usr/bin/env bash
# A copy of the team's shared container tool, kept in the repository so that it stands alone (CI's
# .ci/containers calls it). What it does: installs Podman, runc and podman-compose from Debian's packages and
# builds local stand-ins for the two base images the Dockerfile and compose file name, so that the images can be
# built and run on machines with no Docker engine and no access to a container registry.
# Keep it in step with the shared copy rather than editing it here.
# Build and run the project's container images on these machines, which have no Docker engine and cannot pull
# images from a container registry. Podman (Debian's package) builds and runs OCI images here, and the base
# images are built locally from Debian's packages plus this machine's own Node.js, under the names the
# Dockerfile and compose file use:
#   docker.io/library/node:20-bookworm-slim   Debian bookworm (minbase) + this machine's node/npm, user `node` (uid 1000)
#   docker.io/library/redis:7-alpine          the same base + Debian's redis-server; like the official image, it
#                                             runs redis-server with --protected-mode no when given no config file
# They stand in for the official images: same names, same commands on PATH, same unprivileged user. Not the same
# bytes: a difference that matters (an Alpine-only path, a missing package) will show up only on a real engine.
#
#   scripts/containers.sh setup                 install podman, runc, podman-compose; build the two bases
#   scripts/containers.sh podman ARGS...        podman with this machine's settings (build, run, ps, logs...)
#   scripts/containers.sh compose ARGS...       podman-compose (1.0.x) with the same settings
#
# e.g.  containers.sh podman build -f docker/Dockerfile -t hmrc-gw .
#       containers.sh podman run --rm -d --name gw -p 4000:4000 hmrc-gw
#       containers.sh compose -f docker/compose.yaml up -d --build
#
# Settings this machine needs (kept in $CONF): runc as the runtime (crun refuses this machine's hybrid cgroups),
# and no default ulimits (raising them is not permitted here). Podman ignores HEALTHCHECK unless it builds with
# --format docker. podman-compose 1.0.x does not substitute an empty default such as ${VAR:-}, ignores the top-level
# `name:` and does not wait for `condition: service_healthy`.
set -euo pipefail

CONF="${TMPDIR:-/tmp}/containers-shared.conf"
ROOTFS="${TMPDIR:-/tmp}/containers-rootfs"
NODE_IMAGE=docker.io/library/node:20-bookworm-slim
REDIS_IMAGE=docker.io/library/redis:7-alpine

write_conf() {
  printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n' >"$CONF"
}

pm() { CONTAINERS_CONF="$CONF" podman "$@"; }

install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v podman-compose >/dev/null || missing+=(podman-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_node_base() {
  if pm image exists "$NODE_IMAGE"; then return; fi
  echo "containers: building $NODE_IMAGE from Debian bookworm and $(node --version)" >&2
  rm -rf "$ROOTFS"
  # The same Debian mirror this machine's apt uses.
  local mirror
  mirror=$(grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | head -n 1)
  [ -n "$mirror" ] || mirror=$(grep -h -m1 -E '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n 1)
  [ -n "$mirror" ] || { echo "containers: no Debian mirror found in this machine's apt sources" >&2; exit 1; }
  debootstrap --variant=minbase bookworm "$ROOTFS" "$mirror" >/dev/null
  cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
  chroot "$ROOTFS" /bin/sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ca-certificates >/dev/null &&
    groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/sh node && apt-get clean && rm -rf /var/lib/apt/lists/*'
  # This machine's CA bundle, so that npm inside a build reaches the registry exactly as it does here.
  cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
  local node_bin npm_dir
  node_bin=$(command -v node)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp "$node_bin" "$ROOTFS/usr/local/bin/node"
  mkdir -p "$ROOTFS/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$ROOTFS/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  tar -C "$ROOTFS" -c . | pm import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' - "$NODE_IMAGE" >/dev/null
  rm -rf "$ROOTFS"
}

build_redis_base() {
  if pm image exists "$REDIS_IMAGE"; then return; fi
  echo "containers: building $REDIS_IMAGE from Debian's redis-server" >&2
  local dir
  dir=$(mktemp -d)
  cat >"$dir/entrypoint.sh" <<'EOF'
#!/bin/sh
# As the official image does: with no config file, listen beyond loopback (protected mode off).
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ] && [ "${2#/}" = "${2:-}" ]; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
EOF
  cat >"$dir/Containerfile" <<EOF
FROM $NODE_IMAGE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null && rm -rf /var/lib/apt/lists/*
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
EOF
  pm build --pull=never -q -t "$REDIS_IMAGE" "$dir" >/dev/null
  rm -rf "$dir"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  setup)
    install_tools
    write_conf
    build_node_base
    build_redis_base
    echo "containers: ready ($(podman --version); bases: $NODE_IMAGE, $REDIS_IMAGE)"
    ;;
  podman)
    write_conf
    pm "$@"
    ;;
  compose)
    write_conf
    wrapper=$(mktemp)
    printf '#!/bin/sh\nexec env CONTAINERS_CONF=%s podman "$@"\n' "$CONF" >"$wrapper"
    chmod +x "$wrapper"
    status=0
    podman-compose --podman-path "$wrapper" "$@" || status=$?
    rm -f "$wrapper"
    exit $status
    ;;
  *)
    sed -n '7,30p' "$0"
    exit 2
    ;;
esac
