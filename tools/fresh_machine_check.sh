#!/usr/bin/env bash
# The README's promise on a fresh machine: a minimal Debian with only python3, make, git and
# sudo (and ca-certificates), a clone, then `make serve` to a served home page and `make test`
# to all tests passing, typed by a user who is not root, with no other command.
#
#   sudo tools/fresh_machine_check.sh [trixie|bookworm]     (default: trixie, Debian 13)
#
# Not part of the test suite: it needs root on a Debian or Ubuntu host (debootstrap, chroot,
# mounts) and takes a while (about 15 minutes, most of it downloads and the test suite).
# It clones the committed state of this repository (not the work tree), prints what it does
# with timings, and ends with a summary (also in $FRESH_WORK/<suite>-summary.txt):
# timings, the size of .venv after `make serve` and after `make test`, the test outcome.
# Environment: FRESH_WORK (default /var/tmp/storysite-fresh) holds the root file systems,
# the logs and a cache of the downloaded Debian packages (FRESH_NO_CACHE=1 downloads again).
set -euo pipefail

# Bash reads a script as it runs: run a copy, so that editing this file cannot change a run.
if [ -z "${FRESH_CHECK_REPO:-}" ]; then
    FRESH_CHECK_REPO=$(cd "$(dirname "$0")/.." && pwd)
    copy=$(mktemp /tmp/fresh_machine_check.XXXXXX.sh)
    cp "$0" "$copy"
    FRESH_CHECK_REPO=$FRESH_CHECK_REPO exec bash "$copy" "$@"
fi
case "$0" in /tmp/fresh_machine_check.*.sh) rm -f "$0" ;; esac  # the copy; bash keeps it open

SUITE=${1:-trixie}
case "$SUITE" in trixie|bookworm) ;; *) echo "usage: $0 [trixie|bookworm]" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "$0 needs root (debootstrap, chroot and mounts)" >&2; exit 2; }

REPO=$FRESH_CHECK_REPO
WORK=${FRESH_WORK:-/var/tmp/storysite-fresh}
ROOTFS=$WORK/$SUITE-root
CACHE=$WORK/$SUITE-packages.tar.gz
LOGS=$WORK/$SUITE-logs
SUMMARY=$WORK/$SUITE-summary.txt
CHECK_USER=editor
CLONE=/home/$CHECK_USER/storysite
HOME_PAGE=http://127.0.0.1:8000/
PACKAGES=python3,make,git,sudo,ca-certificates

step() { printf '\n== %s  %s\n' "$(date +%H:%M:%S)" "$*"; }
note() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

# The Debian mirror this host's apt uses (deb822 "URIs:" or one-line "deb" sources).
mirror() {
    local uri
    uri=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
        | grep -v -- '-security' | grep -oE 'https?://[^ ]*/debian/?' | head -n 1 || true)
    echo "${uri:-http://deb.debian.org/debian}"
}

MOUNTS=()
SERVE_PID=
cleanup() {
    set +e
    if [ -n "$SERVE_PID" ]; then kill -- "-$SERVE_PID" 2>/dev/null; fi
    # Processes this check started inside the chroot (make serve's server, a stray worker).
    for proc in /proc/[0-9]*; do
        if [ "$(readlink "$proc/root" 2>/dev/null)" = "$ROOTFS" ]; then kill "${proc#/proc/}" 2>/dev/null; fi
    done
    sleep 1
    local index
    for ((index = ${#MOUNTS[@]} - 1; index >= 0; index--)); do
        umount "${MOUNTS[index]}" 2>/dev/null || umount -l "${MOUNTS[index]}"
    done
}
trap cleanup EXIT

mount_into() {  # mount_into TARGET mount-arguments...
    local target=$ROOTFS$1; shift
    mkdir -p "$target"
    mount "$@" "$target"
    MOUNTS+=("$target")
}

# As the check's user, in the clone, with a login's minimal environment.
as_user() {
    chroot --userspec="$CHECK_USER:$CHECK_USER" "$ROOTFS" /usr/bin/env -i \
        HOME="/home/$CHECK_USER" USER="$CHECK_USER" LOGNAME="$CHECK_USER" SHELL=/bin/bash \
        PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=dumb $EXTRA_ENV \
        /bin/bash -c "cd $CLONE && $1"
}
EXTRA_ENV=

venv_size() { du -sm "$ROOTFS$CLONE/.venv" 2>/dev/null | cut -f1; }

certificate_trouble() { grep -qE 'CERTIFICATE_VERIFY_FAILED|SELF_SIGNED_CERT_IN_CHAIN|self[- ]signed certificate' "$1"; }

# This machine's network, not a project step: a proxy's own certificate authority.
trust_host_certificates() {
    note "pip or npm reported a self-signed certificate: copying the host's CA bundle into the chroot"
    cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
    EXTRA_ENV="PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"
}

mkdir -p "$WORK"
rm -rf "$LOGS"; mkdir -p "$LOGS"
: > "$SUMMARY"
note "fresh machine check: Debian $SUITE, $(git -C "$REPO" log -1 --format='%h %s' | cut -c1-100)"

step "debootstrap"
command -v debootstrap >/dev/null || { apt-get update -q && apt-get install -y -q debootstrap; }
if mountpoint -q "$ROOTFS/proc" 2>/dev/null; then echo "$ROOTFS is still mounted from an earlier run: unmount it first" >&2; exit 1; fi
rm -rf "$ROOTFS"
MIRROR=$(mirror)
if [ -n "${FRESH_NO_CACHE:-}" ] || [ ! -s "$CACHE" ]; then
    debootstrap --variant=minbase --include="$PACKAGES" --make-tarball="$CACHE" "$SUITE" "$WORK/$SUITE-download" "$MIRROR" > "$LOGS/debootstrap.log" 2>&1
    rm -rf "$WORK/$SUITE-download"
fi
started=$(date +%s)
debootstrap --variant=minbase --include="$PACKAGES" --unpack-tarball="$CACHE" "$SUITE" "$ROOTFS" "$MIRROR" >> "$LOGS/debootstrap.log" 2>&1
note "minimal Debian $SUITE in $(( $(date +%s) - started )) s from $MIRROR: $(chroot "$ROOTFS" python3 --version), $(chroot "$ROOTFS" dpkg-query -W -f='${binary:Package}\n' | wc -l) packages"

mount_into /proc -t proc proc
mount_into /sys -t sysfs sysfs
mount_into /dev --bind /dev
mount_into /dev/pts --bind /dev/pts
mount_into /dev/shm -t tmpfs -o mode=1777,nosuid,nodev shm
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
# The host's name, so that sudo inside can resolve it (as an installed system's /etc/hosts does).
printf '127.0.1.1\t%s\n' "$(hostname)" >> "$ROOTFS/etc/hosts"
chroot "$ROOTFS" useradd --create-home --shell /bin/bash --groups sudo "$CHECK_USER"
# sudo without a password: nobody is there to type one.
echo "$CHECK_USER ALL=(ALL:ALL) NOPASSWD: ALL" > "$ROOTFS/etc/sudoers.d/$CHECK_USER"
chmod 0440 "$ROOTFS/etc/sudoers.d/$CHECK_USER"
git clone --quiet --no-hardlinks "$REPO" "$ROOTFS$CLONE"
chroot "$ROOTFS" chown -R "$CHECK_USER:$CHECK_USER" "$CLONE"

if python3 - "$HOME_PAGE" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2)
EOF
then echo "something already answers on $HOME_PAGE: stop it, then run this again" >&2; exit 1; fi

serve() {
    started=$(date +%s)
    setsid chroot --userspec="$CHECK_USER:$CHECK_USER" "$ROOTFS" /usr/bin/env -i \
        HOME="/home/$CHECK_USER" USER="$CHECK_USER" LOGNAME="$CHECK_USER" SHELL=/bin/bash \
        PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=dumb $EXTRA_ENV \
        /bin/bash -c "cd $CLONE && make serve" > "$LOGS/serve.log" 2>&1 &
    SERVE_PID=$!
    # The home page, and ours: the programme's name is on it.
    until python3 - "$HOME_PAGE" <<'EOF' 2>/dev/null
import sys, urllib.request
page = urllib.request.urlopen(sys.argv[1], timeout=2).read().decode("utf-8")
sys.exit(0 if "Men" in page and "Engagement" in page else 1)
EOF
    do
        if ! kill -0 "$SERVE_PID" 2>/dev/null; then return 1; fi
        if [ $(( $(date +%s) - started )) -gt 1200 ]; then return 1; fi
        sleep 2
    done
    SERVED_AFTER=$(( $(date +%s) - started ))
    kill -- "-$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; SERVE_PID=
}

step "make serve (as $CHECK_USER)"
first_try=$(date +%s)
if ! serve; then
    [ -z "$SERVE_PID" ] || { kill -- "-$SERVE_PID" 2>/dev/null || true; SERVE_PID=; }
    if certificate_trouble "$LOGS/serve.log"; then
        grep -m 3 -iE 'certificate|^setup' "$LOGS/serve.log" | sed 's/^/  first try: /' | tee -a "$SUMMARY"
        mv "$LOGS/serve.log" "$LOGS/serve-first-try.log"
        trust_host_certificates
        # The failed first try's .venv stays: the set-up must see that it is half made.
        serve || { note "make serve FAILED (see $LOGS/serve.log):"; tail -n 20 "$LOGS/serve.log" | tee -a "$SUMMARY"; exit 1; }
    else
        note "make serve FAILED (see $LOGS/serve.log):"; tail -n 20 "$LOGS/serve.log" | tee -a "$SUMMARY"; exit 1
    fi
fi
grep '^setup:' "$LOGS/serve.log" | sed 's/^/  /' | tee -a "$SUMMARY"
note "make serve: home page served after ${SERVED_AFTER} s ($(( $(date +%s) - first_try )) s since the first try began); .venv $(venv_size) MB"

step "make test (as $CHECK_USER)"
started=$(date +%s)
set +e
as_user "make test" > "$LOGS/test.log" 2>&1
status=$?
if [ $status -ne 0 ] && certificate_trouble "$LOGS/test.log" && [ -z "$EXTRA_ENV" ]; then
    mv "$LOGS/test.log" "$LOGS/test-first-try.log"
    trust_host_certificates
    as_user "make test" > "$LOGS/test.log" 2>&1
    status=$?
fi
set -e
took=$(( $(date +%s) - started ))
grep '^setup:' "$LOGS/test.log" | sed 's/^/  /' | tee -a "$SUMMARY"
note "make test: exit status $status after ${took} s; .venv $(venv_size) MB; chroot $(du -smx "$ROOTFS" | cut -f1) MB in all"
grep -E '^(FAILED|ERROR) ' "$LOGS/test.log" | tee -a "$SUMMARY" || true
grep -E '^=+ .*(passed|failed|error).* =+$' "$LOGS/test.log" | tail -n 1 | tee -a "$SUMMARY" || true
[ $status -eq 0 ] || tail -n 15 "$LOGS/test.log"
note "logs: $LOGS"
exit $status
