# SPDX-License-Identifier: GPL-2.0
# Tests of links between switches (LINK_SET, LINK_STATE): emulation per
# direction, carrier, undo in a batch, the hop limit.

# Switches 1 (segment_a of link 1) and 2 with a known pair: a on the first.
trunk_pair() {
	host_add a && host_add b || return 1
	ctl_start || return 1
	ctl segment add switch >/dev/null && ctl segment add switch >/dev/null &&
		ctl link add 1 2 >/dev/null && known_pair 1 2
}

t_trunk_delay() {
	trunk_pair || return 1
	pings a 10.0.0.2 1 || return 1
	ctl link set 1 ab delay=100ms >/dev/null || return 1
	rtt_within 11 100 125 "100 ms from switch 1 to 2" || return 1
	ctl link set 1 ba delay=100ms >/dev/null || return 1
	rtt_within 11 200 240 "100 ms both ways"
}

# What a sends crosses the link from a to b: lost there, counted on a's port.
t_trunk_loss() {
	trunk_pair || return 1
	pings a 10.0.0.2 1 || return 1
	ctl link set 1 ab loss=100% >/dev/null || return 1
	before=$(counter 1 drop_loss)
	if on a ping -q -c 10 -i 0.1 -W 1 10.0.0.2 >/dev/null; then
		fail "pings crossed a link losing everything"
	fi
	lost=$(($(counter 1 drop_loss) - before))
	echo "10 echo requests, $lost counted as lost on a's port"
	[ "$lost" -eq 10 ] || fail "counted $lost losses, not 10"
	ctl link set 1 ab >/dev/null || return 1
	pings a 10.0.0.2
}

t_trunk_carrier() {
	trunk_pair || return 1
	pings a 10.0.0.2 1 || return 1
	ctl link state 1 carrier=off >/dev/null || return 1
	before=$(counter 2 drop_no_carrier)
	unreachable b 10.0.0.1
	dropped=$(($(counter 2 drop_no_carrier) - before))
	echo "2 pings from b, $dropped counted as no-carrier drops on b's port"
	[ "$dropped" -eq 2 ] || fail "counted $dropped, not 2"
	carrier_is a on && carrier_is b on || fail "a port lost carrier with the trunk"
	ctl link state 1 carrier=on >/dev/null || return 1
	pings a 10.0.0.2 && pings b 10.0.0.1
}

# A failing batch puts the link's emulation and carrier back.
t_trunk_undo() {
	trunk_pair || return 1
	cat >"$T/undo.batch" <<-EOB
		link state 1 carrier=off
		link set 1 both delay=200ms
		port del 99
	EOB
	ctl '!ENOENT' batch "$T/undo.batch" >/dev/null || return 1
	rtt_within 11 0 100 "after the failed batch"
}

# Frames waiting in a link's queue when it goes: dropped, nothing leaks
# (t_dmesg_clean and t_cycles look after the rest).
t_trunk_del_queued() {
	trunk_pair || return 1
	ctl link set 1 both delay=1s >/dev/null || return 1
	on a ping -q -c 5 -i 0.1 -W 1 10.0.0.2 >/dev/null &
	pinger=$!
	sleep 0.5
	ctl link del 1 >/dev/null || return 1
	wait "$pinger"
	ctl link add 1 2 >/dev/null && pings a 10.0.0.2
}

# until_counter ID FIELD VALUE: waits (up to 20 s) until that counter of
# port ID reads VALUE; prints what it read last
until_counter() {
	tries=0
	while :; do
		now=$(counter "$1" "$2")
		[ "$now" = "$3" ] || [ $tries -ge 200 ] && break
		tries=$((tries + 1))
		sleep 0.1
	done
	echo "$now"
	[ "$now" = "$3" ]
}

# Switches 1 - 2 - 3 (links 1 and 2), a on 1, b on 3; link 2's AB runs a
# program passing frames that name device 0 only, which a link's frames
# do. Link 1 holds a's echo requests 3 s; a's port is deleted while they
# wait; they go on to b through the program. The module then unloads.
t_trunk_sender_deleted() {
	host_add a && host_add b && chain 3 && known_pair 1 3 || return 1
	fd=$(load ifindex=0) || return 1
	ctl prog link 2 ab "$fd" || return 1
	pings a 10.0.0.2 1 || return 1
	ctl link set 1 ab delay=3s >/dev/null || return 1
	rx=$(counter 2 rx_packets) && tx=$(counter 1 tx_packets) || return 1
	on a ping -q -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null &
	pinger=$!
	until_counter 1 tx_packets $((tx + 3)) >/dev/null || fail "a did not send 3 requests"
	ctl port del 1 >/dev/null || return 1
	[ "$(counter 2 rx_packets)" -eq "$rx" ] || fail "the requests did not wait in link 1"
	wait "$pinger"
	got=$(until_counter 2 rx_packets $((rx + 3))) ||
		fail "$((got - rx)) of 3 requests reached b"
	echo "3 requests of a deleted port crossed link 2's program to b"
	ctl_stop
	rmmod vnet || fail "rmmod vnet"
	load_module || fail "reload"
}

# chain N: switches 1..N, link i joining switch i to i + 1
chain() {
	ctl_start || return 1
	i=1
	while [ $i -le "$1" ]; do
		ctl segment add switch >/dev/null || return 1
		[ $i -eq 1 ] || ctl link add $((i - 1)) $i >/dev/null || return 1
		i=$((i + 1))
	done
}

# A frame crosses at most VNET_LINK_MAX_HOPS (32) links.
t_trunk_chain() {
	host_add a && host_add b && host_add c && host_add d || return 1
	chain 34 || return 1
	port a 1 10.0.0.1 >/dev/null && port b 20 10.0.0.2 >/dev/null &&
		port c 33 10.0.0.3 >/dev/null && port d 34 10.0.0.4 >/dev/null || return 1
	pings a 10.0.0.2 || return 1
	echo "20 switches: a reaches b"
	pings a 10.0.0.3 || return 1
	echo "33 switches (32 links): a reaches c"
	unreachable a 10.0.0.4
	echo "34 switches (33 links): a does not reach d"
}

t_trunk_bad_input() {
	ctl_start || return 1
	ctl segment add switch >/dev/null && ctl segment add switch >/dev/null &&
		ctl segment add hub >/dev/null || return 1
	ctl link add 1 2 >/dev/null && ctl link add 2 3 >/dev/null || return 1
	expect_errors <<-EOE || return 1
		ELOOP link add 3 1
		ELOOP link add 2 1
		ENOENT link set 9 ab delay=1ms
		ENOENT link state 9 carrier=off
		ENOENT link set 0 ab delay=1ms
		EINVAL link set 1 dirs=0 delay=1ms
		EINVAL link set 1 dirs=4 delay=1ms
		EINVAL link set 1 ab delay=1ms reserved=1
		ERANGE link set 1 ab loss=101%
		ERANGE link set 1 both delay=1ms jitter=2ms
		EINVAL link state 1 carrier=maybe
	EOE
}
