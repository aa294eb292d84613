#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The vnet module's test suite, run as root inside a test VM (it loads and
# unloads the module). Prints TAP on stdout; exits non-zero if a test failed.
#
# usage: kmod/tests/run.sh [PATH/TO/vnet.ko]     (or $VNET_KO)
# vnetctl and vnet_fuzz are taken from $VNET_TOOLS, else built next to the
# module's build directory (build/tools), else compiled into a scratch dir.

here=$(dirname "$(readlink -f "$0")")
VNET_KO=$(readlink -f "${1:-$VNET_KO}")
VNET_TESTS_DIR=$here
PFX=vnt$$
T=$(mktemp -d /tmp/vnet-test.XXXXXX)
export VNET_KO VNET_TESTS_DIR PFX T VNETCTL VNET_FUZZ
ret=0

. "$here/lib.sh"
trap cleanup_all EXIT

if [ ! -f "$VNET_KO" ]; then
	echo "1..0 # SKIP no vnet.ko given (argument or \$VNET_KO)"
	exit 1
fi

find_tools() {
	for dir in "$VNET_TOOLS" "$(dirname "$VNET_KO")/../tools" "$here/../build/tools"; do
		if [ -n "$dir" ] && [ -x "$dir/vnetctl" ] && [ -x "$dir/vnet_fuzz" ]; then
			VNETCTL=$dir/vnetctl
			VNET_FUZZ=$dir/vnet_fuzz
			return 0
		fi
	done
	make -s -C "$here/.." tools >/dev/null || return 1
	VNETCTL=$here/../build/tools/vnetctl
	VNET_FUZZ=$here/../build/tools/vnet_fuzz
}

if ! find_tools; then
	echo "1..0 # SKIP cannot find or build vnetctl and vnet_fuzz"
	exit 1
fi

# Every test: its function and its name. Each leaves the module loaded.
TESTS="t_load|module loads, /dev/vnet appears
t_abi_mismatch|ABI version mismatch is refused with a clear message
t_bad_input|bad requests get precise errors
t_p2p_ping|p2p link: two namespaces ping each other
t_port_7000|three hosts listen on port 7000 at once, messages reach the right one
t_switch_pairs|switch: all pairs of hosts reach each other
t_switch_no_flood|switch: after learning, unicast is not flooded
t_hub_floods|hub floods every frame
t_link|switch-to-switch link works, a loop is refused
t_batch|batch: all-or-nothing, failing operation reported
t_delay|delay 50 ms each way: RTT 100 ms +-10%
t_loss|20% loss over 2000 packets within statistical bounds
t_rate|10 Mbit/s rate: TCP throughput within +-10%
t_counters_exact|counters equal the packets sent, exactly
t_fast_path_back|parameters back to zero (queue limit kept): the port leaves the queue
t_carrier_p2p|p2p cable pulled: NO-CARRIER on both ends, addresses kept, no pings; plugged in: pings
t_carrier_switch|switch port pulled: only it loses carrier, frames for it count as no-carrier drops
t_carrier_undo|a failing batch puts a pulled cable back
t_seed|the same seed loses the same pings at 30 % loss, another seed others
t_trunk_delay|switch-to-switch link: 100 ms one way, then both, in the RTT
t_trunk_loss|switch-to-switch link losing everything one way: pings lost, counted on the sender
t_trunk_carrier|switch-to-switch cable pulled: nothing passes, counted; plugged in: pings
t_trunk_undo|a failing batch puts a link's emulation and carrier back
t_trunk_del_queued|a delayed link deleted with frames in its queue
t_trunk_sender_deleted|a port deleted while its frames wait in a delayed link: they go on to the far port, a later link's program sees the link's device, the module unloads
t_trunk_chain|20 switches in a chain carry a ping; 33 links are one too many
t_trunk_bad_input|link emulation and state: bad requests get precise errors
t_partition_cut|partition: pings cut both ways between groups, counted at the sender's port; heal restores
t_partition_oneway|partition one way: echo requests reach, replies are dropped
t_partition_replace|partition: a replaced table takes effect in one call
t_partition_ipv6|partition of IPv6 addresses: pings cut, counted at the sender's port, IPv4 passes; heal restores
t_partition_mixed|partition of both families in one table: both cut, one way as asked; heal restores both
t_partition_refused|partition: bad tables refused with their errno, the old one stays in force
t_partition_close|partition: tables replaced and closed with their file leave no memory behind
t_capture_points|capture: a ping before and after emulation, each direction, exactly
t_capture_choice|capture: points, directions, snap length and a BPF filter choose the records
t_capture_loss|capture: frames lost or over the queue are dropped records with their reason
t_capture_ring_full|capture: a full ring drops records, never frames, and counts every one
t_capture_refused|capture: bad requests get precise errors
t_capture_close|capture: closing the descriptor detaches, the port keeps forwarding
t_capture_port_deleted|capture: ports deleted while captured give GONE records, then end of file
t_prog_port|prog: a program dropping echo requests on a port's egress: pings fail, counted and captured as prog drops, TCP passes; detached, pings pass
t_prog_replace|prog: programs replaced under a flood ping lose no reply
t_prog_link|prog: a program on one direction of a switch-to-switch link acts on that direction only
t_prog_mark|prog: the mark a port's ingress program sets reaches the host's routing
t_prog_refused|prog: bad requests get precise errors and attach nothing
t_prog_release|prog: deleted ports and links, detaching and closing the file release programs; the module unloads
t_netns_delete|deleting a port's namespace removes the port
t_close_removes|closing the fd removes every port
t_cycles|100 create/destroy cycles leave no devices and no slab growth
t_fuzz|fuzz: 100000 random ioctls, kernel log clean, module still works
t_rmmod_traffic|rmmod during traffic
t_rmmod_queued|rmmod with frames waiting in shaper queues
t_dmesg_clean|kernel log free of oops and warnings"

# VNET_ONLY="t_load t_delay" runs just those (t_load is always run first).
selected() {
	echo "$TESTS" | while IFS='|' read -r fn name; do
		if [ -z "$VNET_ONLY" ] || [ "$fn" = t_load ] ||
		   echo " $VNET_ONLY " | grep -q " $fn "; then
			echo "$fn|$name"
		fi
	done
}

echo "1..$(selected | wc -l)"
selected >"$T/selected"
while IFS='|' read -r fn name; do
	run_test "$name" "$fn"
done <"$T/selected"

[ $TEST_FAILED -eq 0 ] || ret=1
exit $ret
