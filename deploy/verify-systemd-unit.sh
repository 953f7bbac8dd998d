#!/usr/bin/env bash
# `systemd-analyze verify` of deploy/parley.service as it would be installed: in a scratch root with the
# system's own units, a stand-in executable at /opt/parley/bin/parley and the example environment file
# (verify checks that ExecStart's binary exists). Prints the exposure score of `systemd-analyze security`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v systemd-analyze >/dev/null 2>&1 || { echo "systemd-analyze is missing (apt-get install systemd)" >&2; exit 2; }
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
units=/lib/systemd/system
[ -d "$units" ] || units=/usr/lib/systemd/system
mkdir -p "$root/opt/parley/bin" "$root/etc/parley" "$root/etc/systemd/system" "$root/lib/systemd"
cp -r "$units" "$root/lib/systemd/system"
printf '#!/bin/sh\nexit 0\n' >"$root/opt/parley/bin/parley"
chmod 755 "$root/opt/parley/bin/parley"
cp deploy/parley.env.example "$root/etc/parley/parley.env"
cp deploy/parley.service "$root/etc/systemd/system/parley.service"
# verify prints nothing and exits 0 when the unit is sound; any warning makes this fail.
output="$(systemd-analyze verify --root="$root" parley.service 2>&1)"
if [ -n "$output" ]; then
    echo "$output" >&2
    exit 1
fi
echo "systemd-analyze verify: deploy/parley.service OK"
systemd-analyze security --offline=true "$root/etc/systemd/system/parley.service" 2>/dev/null | tail -n 1 || true
