# SPDX-License-Identifier: GPL-2.0
# Tests of link emulation and counters on a p2p pair a (port 1) - b (port 2).

t_delay() {
	p2p_pair || return 1
	ctl port set 1 egress delay=50ms >/dev/null && ctl port set 2 egress delay=50ms >/dev/null || return 1
	rtt_within 21 90 110 "50 ms each way"
}

t_loss() {
	p2p_pair || return 1
	pings a 10.0.0.2 1 || return 1
	ctl port set 1 egress loss=20% >/dev/null || return 1
	on a ping -q -c 2000 -i 0.001 -W 1 10.0.0.2 >"$T/ping"
	tail -n 2 "$T/ping"
	received=$(awk '/received/ { print $4 }' "$T/ping")
	lost=$((2000 - received))
	dropped=$(counter 1 drop_loss)
	echo "lost $lost of 2000, port 1 counted $dropped emulated losses"
	# Binomial(2000, 0.2): mean 400, sd 17.9; +-5 sd
	within "$lost" 310 490 && [ "$dropped" -eq "$lost" ] || fail "loss counter $dropped != $lost"
}

t_rate() {
	p2p_pair || return 1
	ctl port set 1 egress rate=10mbit >/dev/null || return 1
	on b iperf3 -s -1 -D -p 5201 || fail "iperf3 server"
	sleep 1
	on a iperf3 -c 10.0.0.2 -p 5201 -t 5 -O 1 -f m >"$T/iperf" || fail "iperf3 client"
	grep -E "sender|receiver" "$T/iperf"
	mbps=$(awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }' "$T/iperf")
	within "$mbps" 9 11
}

t_counters_exact() {
	p2p_pair || return 1
	pings a 10.0.0.2 1 || return 1
	for f in tx_packets tx_bytes rx_packets; do
		eval "a_$f=$(counter 1 $f)"
		eval "b_$f=$(counter 2 $f)"
	done
	on a ping -q -c 100 -i 0.01 -s 56 10.0.0.2 >/dev/null || fail "ping"
	# 100 echo requests and 100 replies of 14 + 20 + 8 + 56 = 98 bytes each way
	[ $(($(counter 1 tx_packets) - a_tx_packets)) -eq 100 ] || fail "a sent $(($(counter 1 tx_packets) - a_tx_packets))"
	[ $(($(counter 1 tx_bytes) - a_tx_bytes)) -eq 9800 ] || fail "a sent $(($(counter 1 tx_bytes) - a_tx_bytes)) bytes"
	[ $(($(counter 2 rx_packets) - b_rx_packets)) -eq 100 ] || fail "b got $(($(counter 2 rx_packets) - b_rx_packets))"
	[ $(($(counter 2 tx_packets) - b_tx_packets)) -eq 100 ] || fail "b replied $(($(counter 2 tx_packets) - b_tx_packets))"
	[ $(($(counter 1 rx_packets) - a_rx_packets)) -eq 100 ] || fail "a got $(($(counter 1 rx_packets) - a_rx_packets)) replies"
	ctl stats
}

# queue_full_after SHAPE...: port 1's egress set to SHAPE, then 2 s of TCP
# from a to b; prints the frames its queue turned away meanwhile.
queue_full_after() {
	ctl port set 1 egress "$@" >/dev/null || return 1
	before=$(counter 1 drop_queue_full)
	on b iperf3 -s -1 -D -p 5201 || fail "iperf3 server"
	sleep 1
	on a iperf3 -c 10.0.0.2 -p 5201 -t 2 >/dev/null || fail "iperf3 client"
	echo $(($(counter 1 drop_queue_full) - before))
}

# A queue of one frame turns TCP's bursts away while the port has a queue;
# once the parameters are zero again (the limit alone stays, as the helper
# sends it), there is no queue any more to turn anything away.
t_fast_path_back() {
	p2p_pair || return 1
	full=$(queue_full_after delay=1ms limit=1) || return 1
	echo "delay 1 ms, limit 1: $full frames over the limit"
	[ "$full" -gt 0 ] || fail "a queue of one frame took every burst"
	full=$(queue_full_after limit=1) || return 1
	echo "delay 0, limit 1: $full frames over the limit"
	[ "$full" -eq 0 ] || fail "the port still queues with all parameters zero"
}
