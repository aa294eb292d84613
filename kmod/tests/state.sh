# SPDX-License-Identifier: GPL-2.0
# Tests of PORT_STATE: pulling and plugging a port's cable, and seeding its
# random generator.

# carrier_is HOST on|off: waits until eth0 shows it (carrier changes reach
# `ip link` through the kernel's link watch: a moment later).
carrier_is() {
	tries=0
	while :; do
		now=on
		on "$1" ip link show eth0 | grep -q NO-CARRIER && now=off
		[ "$now" = "$2" ] && return 0
		[ $tries -lt 30 ] || return 1
		tries=$((tries + 1))
		sleep 0.1
	done
}

unreachable() {
	if on "$1" ping -q -c 2 -i 0.2 -W 1 "$2" >/dev/null; then
		fail "$1 reaches $2 through a pulled cable"
	fi
}

t_carrier_p2p() {
	p2p_pair || return 1
	pings a 10.0.0.2 1 || return 1
	ctl port state 1 carrier=off >/dev/null || return 1
	carrier_is a off || fail "a has carrier with its cable pulled"
	carrier_is b off || fail "b has carrier with the other end pulled"
	on a ip -o addr show dev eth0 | grep -q "10.0.0.1/24" || fail "a lost its address"
	on a ip route show dev eth0 | grep -q "^10.0.0.0/24" || fail "a lost its route"
	unreachable a 10.0.0.2
	unreachable b 10.0.0.1
	on a ip -s link show eth0 # the kernel's own count of what never reached the port
	ctl port state 1 carrier=on >/dev/null || return 1
	carrier_is a on && carrier_is b on || fail "no carrier after plugging in again"
	pings a 10.0.0.2 && pings b 10.0.0.1
}

# On a switch only the pulled port loses carrier; what others send it is
# counted there as no-carrier drops.
t_carrier_switch() {
	star switch 3 || return 1
	pings h2 10.0.0.1 1 || return 1
	ctl port state 1 carrier=off >/dev/null || return 1
	carrier_is h1 off || fail "h1 has carrier with its cable pulled"
	carrier_is h2 on || fail "h2 lost carrier"
	before=$(counter 1 drop_no_carrier)
	unreachable h2 10.0.0.1
	dropped=$(($(counter 1 drop_no_carrier) - before))
	echo "port 1 counted $dropped no-carrier drops"
	[ "$dropped" -ge 2 ] || fail "pings to the pulled port not counted"
	pings h2 10.0.0.3 1 || return 1
	ctl port state 1 carrier=on >/dev/null || return 1
	carrier_is h1 on || fail "no carrier after plugging in again"
	pings h2 10.0.0.1
}

# A batch that fails after pulling a cable leaves it plugged in.
t_carrier_undo() {
	p2p_pair || return 1
	printf 'port state 1 carrier=off seed=7\nport del 99\n' >"$T/state.batch"
	ctl '!ENOENT' batch "$T/state.batch" || return 1
	sleep 1
	carrier_is a on && carrier_is b on || fail "the failed batch left the cable pulled"
	pings a 10.0.0.2 1
}

# lost_with_seed SEED: sequence numbers of the pings lost at 30 % loss on
# a's egress, the generator seeded with SEED first.
lost_with_seed() {
	ctl port state 1 seed="$1" >/dev/null || return 1
	on a ping -c 40 -i 0.02 -W 1 10.0.0.2 >"$T/ping"
	sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' "$T/ping" >"$T/got"
	seq 1 40 | grep -vxF -f "$T/got" | tr '\n' ' '
}

t_seed() {
	p2p_pair || return 1
	ctl port set 1 egress loss=30% >/dev/null || return 1
	first=$(lost_with_seed 42) && again=$(lost_with_seed 42) &&
		other=$(lost_with_seed 43) || return 1
	echo "seed 42: $first"
	echo "seed 42 again: $again"
	echo "seed 43: $other"
	[ -n "$first" ] || fail "nothing lost at 30 %"
	[ "$first" = "$again" ] || fail "the same seed lost other pings"
	[ "$first" != "$other" ] || fail "another seed lost the same pings"
}
