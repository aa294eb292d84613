# SPDX-License-Identifier: GPL-2.0
# Tests of the fabric: the ABI handshake, input checking, p2p links, hubs,
# switches, links and batches.

load_module() {
	if [ -e /sys/module/vnet ]; then
		rmmod vnet || return 1
	fi
	insmod "$VNET_KO" || return 1
	tries=0
	until [ -c /dev/vnet ]; do
		[ $tries -lt 50 ] || return 1
		tries=$((tries + 1))
		sleep 0.1
	done
}

t_load() {
	load_module || fail "insmod $VNET_KO"
	echo "version" | "$VNETCTL" | grep -q "^abi 1 " || fail "no version answer"
}

t_abi_mismatch() {
	if echo version | "$VNETCTL" -A 99 2>"$T/abi.err"; then
		fail "vnetctl accepted ABI 99"
		return 1
	fi
	cat "$T/abi.err"
	grep -q "ABI mismatch: the loaded vnet module speaks ABI version 1, this vnetctl speaks 99" "$T/abi.err"
}

# expect_errors: each line of stdin is "ERRNO command"; all must fail so.
expect_errors() {
	while read -r errno cmd; do
		ctl "!$errno" "$cmd" >/dev/null || return 1
	done
}

t_bad_input() {
	host_add a || return 1
	ctl_start || return 1
	ctl segment add p2p >/dev/null && ctl port add "${PFX}a" eth0 1 >/dev/null || return 1
	expect_errors <<-EOE || return 1
		ENOENT port add ${PFX}a eth1 9
		EEXIST port add ${PFX}a eth0 1
		EINVAL port add ${PFX}a bad/name 1
		EINVAL port add ${PFX}a eth%d 1
		EINVAL port add ${PFX}a eth2 1 01:00:5e:00:00:01
		EINVAL port add ${PFX}a eth2 1 - 20
		EINVAL port add /proc/self/ns/pid eth2 1
		ENOENT segment del 7
		EBUSY segment del 1
		ERANGE port set 1 egress loss=101%
		ERANGE port set 1 egress delay=1ms jitter=2ms
		ERANGE port set 1 egress rate=10bit
		ENOENT port set 99 egress delay=1ms
		ELOOP link add 1 1
		ENOENT port state 99 carrier=off
		EINVAL port state 1 carrier=maybe
		ENOENT port del 0
	EOE
	ctl port add "${PFX}a" eth1 1 >/dev/null || return 1
	ctl '!EBUSY' port add "${PFX}a" eth2 1 >/dev/null || return 1
	ctl port del 2 >/dev/null && ctl port del 1 >/dev/null && ctl segment del 1 >/dev/null
}

# known_pair SEGMENT SEGMENT: hosts a (10.0.0.1, port 1) on the first and
# b (10.0.0.2, port 2) on the second, that know each other's MAC for good:
# no ARP frame mixes in the counts.
known_pair() {
	port a "$1" 10.0.0.1 02:00:00:00:00:01 >/dev/null &&
		port b "$2" 10.0.0.2 02:00:00:00:00:02 >/dev/null || return 1
	on a ip neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 nud permanent dev eth0 &&
		on b ip neigh replace 10.0.0.1 lladdr 02:00:00:00:00:01 nud permanent dev eth0
}

# A p2p segment with a known pair.
p2p_pair() {
	host_add a && host_add b || return 1
	ctl_start || return 1
	ctl segment add p2p >/dev/null && known_pair 1 1
}

t_p2p_ping() {
	p2p_pair || return 1
	pings a 10.0.0.2 && pings b 10.0.0.1
}

# A segment of KIND with hosts h1..hN at 10.0.0.1..N (ports 1..N, MACs
# 02:00:00:00:00:0i) that know each other's MACs for good: no ARP traffic
# gets into the counts.
star() {
	kind=$1
	n=$2
	ctl_start || return 1
	ctl segment add "$kind" >/dev/null || return 1
	i=1
	while [ $i -le "$n" ]; do
		host_add h$i && port h$i 1 10.0.0.$i 02:00:00:00:00:0$i >/dev/null || return 1
		i=$((i + 1))
	done
	i=1
	while [ $i -le "$n" ]; do
		j=1
		while [ $j -le "$n" ]; do
			[ $i = $j ] ||
				echo "neigh replace 10.0.0.$j lladdr 02:00:00:00:00:0$j nud permanent dev eth0"
			j=$((j + 1))
		done | on h$i ip -batch - || return 1
		i=$((i + 1))
	done
}

t_port_7000() {
	star switch 4 || return 1
	listeners=""
	for i in 1 2 3; do
		on h$i sh -c "nc -l 7000 >$T/got$i" &
		listeners="$listeners $!"
	done
	sleep 1
	for i in 1 2 3; do
		echo "for host $i" | on h4 nc -N -w 5 10.0.0.$i 7000 || fail "send to host $i"
	done
	wait $listeners
	for i in 1 2 3; do
		grep -qx "for host $i" "$T/got$i" || fail "host $i got '$(cat "$T/got$i")'"
	done
}

t_switch_pairs() {
	star switch 4 || return 1
	for i in 1 2 3 4; do
		for j in 1 2 3 4; do
			[ $i = $j ] || pings h$i 10.0.0.$j 1 || return 1
		done
	done
}

t_switch_no_flood() {
	star switch 3 || return 1
	# every host sends once: the switch learns all three
	pings h1 10.0.0.2 1 && pings h1 10.0.0.3 1 || return 1
	before=$(counter 3 rx_packets)
	on h1 ping -q -c 50 -i 0.01 10.0.0.2 >/dev/null || fail "h1 to h2"
	after=$(counter 3 rx_packets)
	echo "h3 received $before then $after frames"
	[ "$after" -eq "$before" ] || fail "learned unicast reached a third host"
	[ "$(counter 2 rx_packets)" -ge 50 ] || fail "h2 missed frames"
}

t_hub_floods() {
	star hub 3 || return 1
	pings h1 10.0.0.2 || return 1
	before=$(counter 3 rx_packets)
	on h1 ping -q -c 50 -i 0.01 10.0.0.2 >/dev/null || fail "h1 to h2"
	after=$(counter 3 rx_packets)
	echo "h3 received $before then $after frames"
	[ $((after - before)) -ge 100 ] || fail "the hub did not flood requests and replies"
}

t_link() {
	ctl_start || return 1
	ctl segment add switch >/dev/null && ctl segment add switch >/dev/null &&
		ctl segment add switch >/dev/null || return 1
	ctl link add 1 2 >/dev/null && ctl link add 2 3 >/dev/null || return 1
	ctl '!ELOOP' link add 3 1 >/dev/null || return 1
	host_add a && host_add b || return 1
	port a 1 10.0.0.1 >/dev/null && port b 3 10.0.0.2 >/dev/null || return 1
	pings a 10.0.0.2 || return 1
	ctl link del 2 >/dev/null || return 1
	if on a ping -c 1 -W 1 10.0.0.2 >/dev/null; then
		fail "still reachable after the link was deleted"
		return 1
	fi
	ctl link add 3 1 >/dev/null && pings a 10.0.0.2
}

t_batch() {
	host_add a && host_add b || return 1
	cat >"$T/bad.batch" <<-EOB
		segment add switch
		port add ${PFX}a eth0 @0
		port add ${PFX}b eth0 @0
		port add ${PFX}b eth0 @0
	EOB
	cat >"$T/good.batch" <<-EOB
		segment add switch
		port add ${PFX}a eth0 @0
		port add ${PFX}b eth0 @0 02:00:00:00:00:02 9000
		port set @2 egress delay=1ms
		segment add hub
		link add @0 @4
	EOB
	ctl_start || return 1
	ctl '!EEXIST' batch "$T/bad.batch" || return 1
	grep -q "operation 3 failed" "$T/ctl.err" || fail "failing index not reported"
	for h in a b; do
		on $h ip link show eth0 >/dev/null 2>&1 && fail "batch left eth0 in $h"
	done
	ctl stats | grep -q . && fail "batch left ports behind"
	ids=$(ctl batch "$T/good.batch" | tr '\n' ' ')
	echo "good batch made: $ids"
	[ "$ids" = "1 1 2 2 1 " ] || fail "unexpected ids"
	on b ip link show eth0 | grep -q "02:00:00:00:00:02" || fail "MAC not applied"
	on b ip link show eth0 | grep -q "mtu 9000" || fail "MTU not applied"
}
