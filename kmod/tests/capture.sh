# SPDX-License-Identifier: GPL-2.0
# Tests of CAPTURE: frames of a port before and after its emulation, drops
# with their reason, refusals, and the capture's end. Hosts a (port 1,
# 10.0.0.1) and b (port 2) on a p2p segment know each other's MAC: no ARP.

# records FD [WORD...]: reads the records of capture FD waiting now into
# $T/records, then counts those with every WORD (as matching does)
records() {
	ctl capture read "$1" >"$T/records" || return 1
	shift
	matching "$@"
}

# matching [WORD...]: lines of the last records() with every WORD (one awk:
# processes are slow in a TCG guest)
matching() {
	awk -v words="$*" 'BEGIN { n = split(words, w, " ") }
		{ for (i = 1; i <= n; i++) if (index($0, w[i]) == 0) next; c++ }
		END { print c + 0 }' "$T/records"
}

# A port without emulation: each of 3 echo requests is seen before and
# after egress, each reply before and after ingress; nothing else.
t_capture_points() {
	p2p_pair || return 1
	fd=$(ctl capture open 1) || return 1
	pings a 10.0.0.2 3
	total=$(records "$fd") || return 1
	cat "$T/records"
	[ "$total" -eq 12 ] || fail "$total records, not 12"
	for p in egress ingress; do
		for q in before after; do
			[ "$(matching "dir=$p" "point=$q" len=98 caplen=98 type=0800)" -eq 3 ] ||
				fail "not 3 ICMP frames $p $q"
		done
	done
}

# snaplen cuts, dirs and points choose, a classic BPF filter (IPv4 only:
# ldh [12]; jeq #0x800; ret #65535; ret #0) keeps its frames; a delayed
# egress shows its frames after the delay (after egress).
t_capture_choice() {
	p2p_pair || return 1
	ctl port set 1 egress delay=20ms >/dev/null || return 1
	fd=$(ctl capture open 1 points=after dirs=egress snaplen=64 \
		filter=40:0:0:12,21:0:1:2048,6:0:0:65535,6:0:0:0) || return 1
	# 10.0.0.3 is nobody: ARP requests go out, which the filter leaves
	on a ping -q -c 1 -W 1 10.0.0.3 >/dev/null
	pings a 10.0.0.2 3
	total=$(records "$fd") || return 1
	cat "$T/records"
	[ "$total" -eq 3 ] || fail "$total records, not 3"
	[ "$(matching dir=egress point=after len=98 caplen=64 type=0800)" -eq 3 ] ||
		fail "not 3 IPv4 frames cut to 64 bytes"
}

# 100 % loss on a's egress: every echo request is a dropped record with
# reason loss, none leaves; at b nothing arrives.
t_capture_loss() {
	p2p_pair || return 1
	ctl port set 1 egress loss=100% >/dev/null || return 1
	fd=$(ctl capture open 1,2 points=after,dropped) || return 1
	on a ping -q -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null && fail "pings passed 100 % loss"
	total=$(records "$fd") || return 1
	cat "$T/records"
	[ "$(matching port=1 dir=egress point=dropped reason=loss len=98)" -eq 3 ] ||
		fail "not 3 frames dropped with reason loss"
	[ "$total" -eq 3 ] || fail "$total records, not 3"
	ctl port set 1 egress limit=1 rate=1kbit >/dev/null || return 1
	on a ping -q -c 3 -i 0.05 -W 1 10.0.0.2 >/dev/null
	records "$fd" point=dropped reason=queue_full >/dev/null || return 1
	cat "$T/records"
	[ "$(matching reason=queue_full)" -ge 1 ] || fail "no queue_full drop"
}

# A full ring drops records, never frames, and counts each one: the records
# kept and the ones lost add up to the frames sent, the last losses told by a
# LOST record once the ring is read empty (no later record would tell them).
t_capture_ring_full() {
	p2p_pair || return 1
	# only the echo requests, 1042 bytes on the wire: ld len; jeq; ret; ret
	fd=$(ctl capture open 1 dirs=egress points=after snaplen=1500 ring=65536 \
		filter=128:0:0:0,21:0:1:1042,6:0:0:65535,6:0:0:0) || return 1
	on a ping -q -f -c 100 -s 1000 10.0.0.2 >/dev/null || fail "the flood ping lost frames"
	records "$fd" >/dev/null || return 1
	tail -n 2 "$T/records"
	kept=$(matching len=1042)
	lost=$(awk '{ sub(/.*lost=/, ""); s += $1 } END { print s + 0 }' "$T/records")
	[ "$lost" -gt 0 ] || fail "a ring of 64 KiB held 100 records of 1 KiB"
	[ $((kept + lost)) -eq 100 ] || fail "$kept records kept and $lost lost of 100 frames"
	[ "$(matching point=lost)" -eq 1 ] || fail "no LOST record"
}

t_capture_refused() {
	p2p_pair || return 1
	ctl_script <<-EOE || return 1
		EINVAL capture open 1 reserved=1
		ENOENT capture open 1,9
		EINVAL capture open 1,1
		EINVAL capture open 1 snaplen=0
		E2BIG capture open 1 snaplen=262145
		E2BIG capture open 1 ring=67108865
		EINVAL capture open 1 ring=1000
		EINVAL capture open 1 ring=65536 snaplen=65536
		EINVAL capture open 1 points=
		EINVAL capture open 1 dirs=
		EINVAL capture open 1 filter=6:0:0:0,21:0:9:1
	EOE
	pings a 10.0.0.2 1
}

# Closing the descriptor detaches: the port forwards and is captured anew.
t_capture_close() {
	p2p_pair || return 1
	i=0
	while [ $i -lt 20 ]; do
		fd=$(ctl capture open 1,2) && ctl capture close "$fd" || return 1
		i=$((i + 1))
	done
	fd=$(ctl capture open 1) || return 1
	on a ping -f -c 200 10.0.0.2 >/dev/null &
	ctl capture close "$fd" || return 1
	wait $! || fail "flood ping lost frames around the close"
	pings a 10.0.0.2 1
	fd=$(ctl capture open 2 dirs=ingress points=after) || return 1
	pings a 10.0.0.2 1
	[ "$(records "$fd")" -eq 1 ] || fail "a new capture did not see the ping"
}

# A port deleted while captured (and while frames flow through the capture's
# filter, which keeps none of them: the shell reads records slowly): a GONE
# record, the other port still captured; once both are gone, end of file.
t_capture_port_deleted() {
	p2p_pair || return 1
	fd=$(ctl capture open 1,2 filter=6:0:0:0) || return 1
	on a ping -f -w 3 10.0.0.2 >/dev/null 2>&1 &
	sleep 1
	ctl port del 2 >/dev/null || return 1
	wait $!
	records "$fd" >/dev/null || return 1
	tail -n 3 "$T/records"
	[ "$(matching port=2 point=gone)" -eq 1 ] || fail "no GONE record of port 2"
	grep -q eof "$T/records" && fail "end of file with port 1 still there"
	ctl port del 1 >/dev/null || return 1
	records "$fd" >/dev/null || return 1
	cat "$T/records"
	[ "$(matching port=1 point=gone)" -eq 1 ] || fail "no GONE record of port 1"
	[ "$(tail -n 1 "$T/records")" = eof ] || fail "no end of file"
	ctl capture close "$fd"
}
