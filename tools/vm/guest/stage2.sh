#!/bin/sh
# Stage 2, run by the guest's init inside the host root (chroot, writable
# overlay): prepare the system, run the job's command, report its status.
# $1 is the job file written by tools/vm/run (qemu.ts); it sets VM_CWD,
# VM_MODULES, VM_INSMOD, VM_RELAYS, VM_STDIN and the command as "$@".
out=/dev/ttyS1
report() {
	printf '\036vm-exit %d\036' "$1" >$out
	exit 0
}
fail() {
	echo "vm: $*" >$out
	report 125
}

# The overlay shows the host's /tmp and /run: give the guest its own, but
# keep the repository (a clean clone may live under /tmp) at its path.
repo="${1%%/.cache/vm/runs/*}"
case "$repo" in
/tmp/* | /run/*) mount --bind "$repo" /mnt || fail "cannot keep $repo visible" ;;
*) repo= ;;
esac
mount -t tmpfs tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
if [ -n "$repo" ]; then
	mkdir -p "$repo" && mount --move /mnt "$repo" || fail "cannot keep $repo visible"
fi
mkdir -p /run/netns /run/lock
# Where helpers keep networks' directories and hosts' /etc: the host's own test runs change them in the
# overlay's lower layer while a guest runs (npm test's lanes), which overlayfs does not allow: a host
# directory made and emptied beneath the guest read back as existing and missing at once (ENOENT).
for dir in /root/.local/state /var/lib/vnet /etc/netns; do
	mkdir -p $dir && mount -t tmpfs -o mode=0755 tmpfs $dir || fail "cannot give the guest its own $dir"
done
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug
# Held open throughout: a serial port that closes drops the input waiting in it.
exec 9<>$out
stty -F $out raw -echo

job="$1"
. "$job" || fail "cannot read job file $job"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb
hostname vm
ip link set lo up

for module in $VM_MODULES; do
	modprobe "$module" >$out 2>&1 || fail "cannot load module $module"
done
for ko in $VM_INSMOD; do
	insmod "$ko" >$out 2>&1 || fail "cannot insmod $ko"
done
if [ -n "$VM_RELAYS" ]; then
	# QEMU user networking: fixed guest address, forwarded connections arrive
	# on RELAY ports of eth0 and are passed on to the command's ports on 127.0.0.1.
	modprobe virtio_net >$out 2>&1 || fail 'cannot load virtio_net'
	ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 ||
		fail 'cannot configure eth0'
	for relay in $VM_RELAYS; do
		socat "TCP-LISTEN:${relay%%:*},bind=10.0.2.15,fork,reuseaddr" "TCP:127.0.0.1:${relay#*:}" </dev/null >/dev/null 2>&1 &
	done
fi

cd "$VM_CWD" || fail "no directory $VM_CWD in the guest"
in=/dev/null
if [ "$VM_STDIN" = 1 ]; then
	in=$out
	printf '\036vm-stdin\036' >$out # the host sends input from now on
fi
"$@" <$in >$out 2>&1 9>&-
status=$?
# A program killed by a fault is logged only to the kernel's ring buffer: show where it died.
dmesg | grep -E 'segfault at|traps: |general protection' | sed 's/^/# vm: /' >$out
report $status
