# SPDX-License-Identifier: GPL-2.0
# Tests of PARTITION: group cuts of IPv4 traffic, dropped and counted at the
# sender's port. Hosts h1..h4 on a switch (ports 1..4, 10.0.0.1..4); h1, h2
# in group 0, h3, h4 in group 1 unless a test says otherwise.

GROUPS_2="10.0.0.1=0 10.0.0.2=0 10.0.0.3=1 10.0.0.4=1"

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

# Bad tables are refused before anything changes: the cut stays.
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
	EOE
	unreached h1 10.0.0.3
	pings h1 10.0.0.2 1
}

# ctl_script: "ERRNO command" lines, each must fail with ERRNO.
ctl_script() {
	while read -r errno cmd; do
		ctl "!$errno" "$cmd" >/dev/null || return 1
	done
}

# Tables of 65536 addresses (1 MiB each), replaced and left to close():
# kmemleak when the kernel has it, else the memory still available.
t_partition_close() {
	table="partition 10.1.0.1+65535=0 10.0.0.1=1 cut=0>1"
	printf '%s\n%s\n' "$table" "$table" | "$VNETCTL" || fail "a full table"
	if [ -w /sys/kernel/debug/kmemleak ]; then
		echo clear >/sys/kernel/debug/kmemleak
		for i in $(seq 20); do echo "$table"; done | "$VNETCTL" || return 1
		sleep 6
		echo scan >/sys/kernel/debug/kmemleak
		! grep -q vnet /sys/kernel/debug/kmemleak || fail "kmemleak: $(cat /sys/kernel/debug/kmemleak)"
		return 0
	fi
	echo "no kmemleak in this kernel: counting available memory"
	before=$(available_kb)
	i=0
	while [ $i -lt 50 ]; do
		printf '%s\n%s\n' "$table" "$table" | "$VNETCTL" || return 1
		i=$((i + 1))
	done
	after=$(available_kb)
	echo "available: $before kB before, $after kB after 100 tables in 50 files"
	# A leaked table is 1 MiB: 100 of them would take 100 MiB.
	[ $((before - after)) -lt 20000 ] || fail "$((before - after)) kB gone"
}

available_kb() {
	sleep 6
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}
