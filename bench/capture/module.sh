#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What a capture costs the module itself, with no reader: TCP throughput
# (iperf3, 2 s) over a p2p pair of vnet ports uncaptured, then while a
# capture that nobody reads holds the sender's port (records fill its 8 MiB
# ring, then each frame is only counted as lost), of whole frames and of
# headers only (-s 128); ROUNDS rounds (3). bench/capture/run.ts measures
# the same with the helper reading: the difference is the reader's. In a
# guest whose clock counts instructions:
#   tools/vm/run --vnet --instruction-clock -- bench/capture/module.sh
here=$(dirname "$(readlink -f "$0")")/../../kmod/tests
VNET_TESTS_DIR=$here
PFX=vcb$$
T=$(mktemp -d /tmp/vnet-bench.XXXXXX)
VNETCTL=$VNET_TOOLS/vnetctl
export VNET_TESTS_DIR PFX T VNETCTL
. "$here/lib.sh"
. "$here/connectivity.sh"

# Gbit/s of one iperf3 run from a to b
rate() {
	on a iperf3 -c 10.0.0.2 -t 2 -J | awk -F'[:,]' '/"sum_received"/ { f = 1 }
		f && /bits_per_second/ { printf "%.2f", $2 / 1e9; exit }'
}

# captured SNAPLEN PLAIN: the rate while port 1 is captured, its ratio to
# PLAIN, the records read afterwards and the frames counted lost
captured() {
	fd=$(ctl capture open 1 points=after,dropped snaplen="$1" ring=8388608) || return 1
	r=$(rate)
	ctl capture read "$fd" >"$T/records" || return 1
	ctl capture close "$fd" || return 1
	awk -v r="$r" -v p="$2" '{ n++; sub(/.*lost=/, ""); lost += $1 }
		END { printf "%s (%.2fx, %d records, %d lost)", r, r / p, n, lost }' "$T/records"
}

p2p_pair || { echo "cannot set up a p2p pair"; exit 1; }
on b iperf3 -s -D
sleep 1
i=1
while [ $i -le "${ROUNDS:-3}" ]; do
	plain=$(rate)
	echo "round $i: $plain Gbit/s plain, whole frames $(captured 262144 "$plain"), headers $(captured 128 "$plain")"
	i=$((i + 1))
done
kill "$CTL_PID"
hosts_del
