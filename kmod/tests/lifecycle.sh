# SPDX-License-Identifier: GPL-2.0
# Tests of object lifetime: namespaces going away, the fd closing, many
# create/destroy cycles, fuzzing, and unloading the module under traffic.

t_netns_delete() {
	p2p_pair || return 1
	ip netns del "${PFX}b"
	HOSTS=" a"
	sleep 1
	ctl stats >"$T/stats" || return 1
	cat "$T/stats"
	[ "$(wc -l <"$T/stats")" -eq 1 ] && grep -q "^port 1 " "$T/stats" || fail "port 2 still listed"
	ctl '!ENOENT' port del 2 >/dev/null && ctl port del 1 >/dev/null && ctl segment del 1 >/dev/null
}

t_close_removes() {
	host_add a && host_add b || return 1
	ctl_start || return 1
	ctl segment add switch >/dev/null || return 1
	for i in 0 1 2; do
		ctl port add "${PFX}a" eth$i 1 >/dev/null && ctl port add "${PFX}b" eth$i 1 >/dev/null || return 1
	done
	[ "$(on a ip -o link show | grep -c ' eth')" -eq 3 ] || fail "ports missing"
	ctl_stop || fail "vnetctl failed"
	for h in a b; do
		left=$(on $h ip -o link show | grep -c ' eth')
		[ "$left" -eq 0 ] || fail "$left ports left in $h"
	done
}

# Unreclaimable slab once what was freed has really gone: segments and MAC
# entries are freed by kfree_rcu(), which batches for a few seconds.
slab_kb() {
	sleep 6
	sync
	echo 2 >/proc/sys/vm/drop_caches
	awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo
}

# vnetctl commands for N bring-ups and teardowns (reopen closes the fd):
# a switch, a port in each of a and b, shaped, counters read.
cycles() {
	cat >"$T/cycle.batch" <<-EOB
		segment add switch
		port add ${PFX}a eth0 @0
		port add ${PFX}b eth0 @0
		port set @1 both delay=1ms rate=100mbit
	EOB
	i=0
	while [ $i -lt "$1" ]; do
		printf 'batch %s\nstats\nreopen\n' "$T/cycle.batch"
		i=$((i + 1))
	done
}

t_cycles() {
	host_add a && host_add b || return 1
	# slab caches grow to their working set over the first few dozen cycles
	cycles 50 | "$VNETCTL" >/dev/null || fail "warm-up cycles"
	before=$(slab_kb)
	cycles 100 | "$VNETCTL" >/dev/null || fail "cycles"
	left=$(on a ip -o link show | grep -c ' eth')
	[ "$left" -eq 0 ] || fail "$left ports left"
	after=$(slab_kb)
	echo "unreclaimable slab: $before kB before, $after kB after 100 cycles"
	# Cache noise stays well under 100 kB; a leaked segment (4 kB slab
	# object) or port (several kB) per cycle would add 400 kB or more.
	[ $((after - before)) -lt 200 ] || fail "slab grew by $((after - before)) kB"
}

t_fuzz() {
	host_add f || return 1
	on f "$VNET_FUZZ" 100000 || fail "vnet_fuzz"
	dmesg | grep -E 'Oops|BUG:|WARNING:|general protection' && fail "kernel log"
	t_p2p_ping
}

# Traffic between a and b; SETUP (vnetctl commands) shapes it first.
traffic_then_rmmod() {
	p2p_pair || return 1
	for cmd in "$@"; do
		ctl "$cmd" >/dev/null || return 1
	done
	on a ping -f -w 4 10.0.0.2 >/dev/null 2>&1 &
	pinger=$!
	sleep 1
	kill -9 "$CTL_PID"
	ctl_stop
	rmmod vnet || fail "rmmod vnet"
	wait $pinger
	[ ! -e /sys/module/vnet ] || fail "module still loaded"
	load_module || fail "reload"
}

t_rmmod_traffic() {
	traffic_then_rmmod
}

t_rmmod_queued() {
	traffic_then_rmmod "port set 1 egress delay=300ms rate=1mbit" "port set 2 ingress delay=200ms"
}

t_dmesg_clean() {
	if dmesg | grep -E 'Oops|BUG:|WARNING:|general protection|Call Trace'; then
		fail "kernel log"
		return 1
	fi
	rmmod vnet
}
