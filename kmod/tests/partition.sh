# SPDX-License-Identifier: GPL-2.0
# Tests of PARTITION: group cuts of IPv4 and IPv6 traffic, dropped and
# counted at the sender's port. Hosts h1..h4 on a switch (ports 1..4,
# 10.0.0.1..4, and fd00::1..4 where a test turns IPv6 on); h1, h2 in group
# 0, h3, h4 in group 1 unless a test says otherwise. Tables of IPv4 only go
# as the first record type (struct vnet_partition_addr), as older callers
# send them; an IPv6 address makes vnetctl send struct vnet_partition_addr6.

GROUPS_2="10.0.0.1=0 10.0.0.2=0 10.0.0.3=1 10.0.0.4=1"
GROUPS6_2="fd00::1=0 fd00::2=0 fd00::3=1 fd00::4=1"

# ipv6_on HOST...: hN gets fd00::N/64 too; its neighbours are found by
# neighbour discovery (multicast solicitations, in no table)
ipv6_on() {
	for h; do
		on "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
			net.ipv6.conf.eth0.disable_ipv6=0 || return 1
		on "$h" ip addr add "fd00::${h#h}/64" dev eth0 nodad || return 1
	done
}

unreached() {
	if on "$1" ping -q -c 3 -i 0.2 -W 1 "$2" >/dev/null; then
		fail "$1 reaches $2 across a cut"
	fi
}

# drops_while PORT CMD...: partition drops counted at PORT while CMD runs
drops_while() {
	port=$1
	shift
	before=$(counter "$port" drop_partition)
	"$@"
	echo $(($(counter "$port" drop_partition) - before))
}

t_partition_cut() {
	star switch 4 || return 1
	ctl partition $GROUPS_2 cut=0\>1 cut=1\>0 >/dev/null || return 1
	pings h1 10.0.0.2 1 && pings h3 10.0.0.4 1 || return 1
	dropped=$(drops_while 1 unreached h1 10.0.0.3)
	echo "h1 -> h3: $dropped partition drops at port 1"
	[ "$dropped" -ge 3 ] || fail "h1's pings to h3 not counted at its port"
	unreached h4 10.0.0.2
	ctl partition >/dev/null || return 1
	pings h1 10.0.0.3 && pings h4 10.0.0.2
}

# Only group 1 -> group 0 is cut: h1's echo requests reach h3 (delivered
# to port 3), h3's replies are dropped at port 3.
t_partition_oneway() {
	star switch 4 || return 1
	ctl partition $GROUPS_2 cut=1\>0 >/dev/null || return 1
	rx=$(counter 3 rx_packets)
	dropped=$(drops_while 3 unreached h1 10.0.0.3)
	reached=$(($(counter 3 rx_packets) - rx))
	echo "h1 -> h3: $reached requests reached h3, $dropped replies dropped at port 3"
	[ "$reached" -ge 3 ] || fail "h1's requests did not reach h3"
	[ "$dropped" -ge 3 ] || fail "h3's replies not counted as partition drops"
	[ "$(counter 1 drop_partition)" -eq 0 ] || fail "port 1 dropped what it may send"
	pings h1 10.0.0.2 1
}

# One call moves h3 into group 0: it reaches h1 at once, h4 no longer does.
t_partition_replace() {
	star switch 4 || return 1
	ctl partition $GROUPS_2 cut=0\>1 cut=1\>0 >/dev/null || return 1
	unreached h1 10.0.0.3
	ctl partition 10.0.0.1=0 10.0.0.2=0 10.0.0.3=0 10.0.0.4=1 \
		cut=0\>1 cut=1\>0 >/dev/null || return 1
	pings h1 10.0.0.3 1 || return 1
	unreached h3 10.0.0.4
}

# IPv6 alone cut (the table names no IPv4 address): IPv6 pings across are
# dropped and counted at the sender's port, IPv4 ones pass; heal restores.
t_partition_ipv6() {
	star switch 4 || return 1
	ipv6_on h1 h2 h3 h4 || return 1
	pings h1 fd00::3 1 || return 1
	ctl partition $GROUPS6_2 cut=0\>1 cut=1\>0 >/dev/null || return 1
	pings h1 fd00::2 1 && pings h3 fd00::4 1 || return 1
	dropped=$(drops_while 1 unreached h1 fd00::3)
	echo "h1 -> h3 over IPv6: $dropped partition drops at port 1"
	[ "$dropped" -ge 3 ] || fail "h1's IPv6 pings to h3 not counted at its port"
	unreached h4 fd00::2
	pings h1 10.0.0.3 1 || return 1
	ctl partition >/dev/null || return 1
	pings h1 fd00::3 && pings h4 fd00::2
}

# One table of both families cuts both, one way as asked; heal restores
# both. h1 knows h3's IPv6 neighbour first: over the one-way cut h3's
# advertisements to h1 would be cut like its replies.
t_partition_mixed() {
	star switch 4 || return 1
	ipv6_on h1 h2 h3 h4 || return 1
	pings h1 fd00::3 1 || return 1
	ctl partition $GROUPS_2 $GROUPS6_2 cut=1\>0 >/dev/null || return 1
	rx=$(counter 3 rx_packets)
	dropped=$(drops_while 3 unreached h1 fd00::3)
	echo "h1 -> h3 over IPv6, 1 > 0 cut: $(($(counter 3 rx_packets) - rx)) frames reached h3, $dropped dropped at port 3"
	[ "$dropped" -ge 3 ] || fail "h3's IPv6 replies not counted as partition drops"
	unreached h1 10.0.0.3
	ctl partition $GROUPS_2 $GROUPS6_2 cut=0\>1 cut=1\>0 >/dev/null || return 1
	unreached h1 10.0.0.3
	unreached h1 fd00::3
	unreached h4 10.0.0.2
	unreached h4 fd00::2
	pings h1 10.0.0.2 1 && pings h1 fd00::2 1 || return 1
	ctl partition >/dev/null || return 1
	pings h1 10.0.0.3 && pings h1 fd00::3 && pings h4 fd00::2
}

# Bad tables are refused before anything changes: the cut stays. The
# first table is of the first record type, which stays accepted.
t_partition_refused() {
	star switch 3 || return 1
	ctl partition 10.0.0.1=0 10.0.0.3=1 cut=0\>1 cut=1\>0 >/dev/null || return 1
	ctl_script <<-EOE || return 1
		EINVAL partition 10.0.0.1=0 10.0.0.2=1 cut=0>5
		EINVAL partition 10.0.0.1=0 10.0.0.2=1 cut=0>1 reserved=1
		EINVAL partition 10.0.0.1=0 10.0.0.1=1 cut=0>1
		EINVAL partition 0.0.0.0=0 10.0.0.2=1 cut=0>1
		EINVAL partition 10.0.0.1=0 10.0.0.2=1 cut=0>1 groups=1
		E2BIG partition 10.0.0.1=0 10.0.0.2=1 cut=0>1 groups=65
		E2BIG partition 10.1.0.1+65536=0 10.0.0.2=1 cut=0>1
		EMSGSIZE partition 10.0.0.1=0 10.0.0.2=1 cut=0>1 size=12
		EINVAL partition ::=0 fd00::2=1 cut=0>1
		EINVAL partition 0.0.0.0=0 10.0.0.2=1 cut=0>1 wide
		EINVAL partition fd00::1=0 fd00::1=1 cut=0>1
		EINVAL partition 10.0.0.1=0 10.0.0.1=1 cut=0>1 wide
		EINVAL partition ::ffff:10.0.0.1=0 10.0.0.2=1 cut=0>1
		EINVAL partition raw=7:0a000001=0 10.0.0.2=1 cut=0>1
		EINVAL partition raw=2:0a0000010000000000000000000000ff=0 10.0.0.2=1 cut=0>1
		EINVAL partition fd00::1=0 fd00::2=1 cut=0>1 reserved=1
	EOE
	unreached h1 10.0.0.3
	pings h1 10.0.0.2 1 || return 1
	# The same table in wide records takes its place: the cut stays.
	ctl partition raw=2:0a000001=0 10.0.0.3=1 cut=0\>1 cut=1\>0 >/dev/null || return 1
	unreached h1 10.0.0.3
}

# ctl_script: "ERRNO command" lines, each must fail with ERRNO.
ctl_script() {
	while read -r errno cmd; do
		ctl "!$errno" "$cmd" >/dev/null || return 1
	done
}

# Tables of 65536 addresses (2.5 MiB each), of both record types, replaced
# and left to close(): kmemleak when the kernel has it, else the memory
# still available.
t_partition_close() {
	table="partition 10.1.0.1+65535=0 10.0.0.1=1 cut=0>1"
	table6="partition fd01::1+65535=0 10.0.0.1=1 cut=0>1"
	printf '%s\n%s\n' "$table" "$table6" | "$VNETCTL" || fail "a full table"
	if [ -w /sys/kernel/debug/kmemleak ]; then
		echo clear >/sys/kernel/debug/kmemleak
		for i in $(seq 10); do printf '%s\n%s\n' "$table" "$table6"; done | "$VNETCTL" || return 1
		sleep 6
		echo scan >/sys/kernel/debug/kmemleak
		! grep -q vnet /sys/kernel/debug/kmemleak || fail "kmemleak: $(cat /sys/kernel/debug/kmemleak)"
		return 0
	fi
	echo "no kmemleak in this kernel: counting available memory"
	before=$(available_kb)
	i=0
	while [ $i -lt 50 ]; do
		printf '%s\n%s\n' "$table" "$table6" | "$VNETCTL" || return 1
		i=$((i + 1))
	done
	# A leaked table is 2.5 MiB: 100 of them would take 250 MiB, and never
	# come back. Freed ones wait for RCU and a deferred vfree, longer in a
	# loaded guest: looked at again until they are back.
	tries=0
	while after=$(available_kb); [ $((before - after)) -ge 20000 ] && [ $tries -lt 5 ]; do
		echo "available: $after kB, $((before - after)) kB short of $before: looking again"
		tries=$((tries + 1))
	done
	echo "available: $before kB before, $after kB after 100 tables in 50 files"
	[ $((before - after)) -lt 20000 ] || fail "$((before - after)) kB gone"
}

available_kb() {
	sleep 6
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}
