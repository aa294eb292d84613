#!/bin/sh
# The kmod benchmark, in the guest (started by bench/kmod/run.ts with vnet.ko,
# veth and bridge loaded). Each vnet figure is measured next to its stock
# kernel counterpart in the same boot. Prints "result NAME VALUE" lines for the
# host (throughput and CPU cost once per round, rounds interleaved so a burst
# of load on the machine hits both sides alike); everything else is progress.
#   $1: vnetctl   $2: iperf3 seconds per run   $3: rounds   $4: hosts to bring up
#   $5: the helper bundle (bench/kmod/helper-links.ts builds links with it)
set -eu
vnetctl="$1" seconds="$2" rounds="$3" hosts="$4" helper="$5"
work=$(mktemp -d)
ulimit -n 65536 # a batch holds one namespace fd per port
clk_tck=$(getconf CLK_TCK)

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1e6 }'; }
# nsenter, not ip netns exec: no mount namespace to build (seconds under TCG)
in_ns() { ns="$1"; shift; nsenter --net="/run/netns/$ns" "$@"; }

# CPU time the guest spent outside idle, all CPUs (user nice system irq
# softirq of /proc/stat), in clock ticks: unlike throughput, TCG's slowness
# stretches it for both sides of a ratio alike.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# rx_bytes NS: bytes the namespace's interfaces other than lo received
# ("%.0f": mawk's "%d" stops at 2^31 - 1, which a few rounds pass).
rx_bytes() {
	in_ns "$1" cat /proc/net/dev | awk 'NR > 2 { sub(/^ +/, ""); split($0, f, /[: ]+/)
		if (f[1] != "lo") sum += f[2] } END { printf "%.0f", sum }'
}

# addr NS IFNAME ADDRESS/PREFIX: address and bring up.
addr() { ip -n "$1" addr add "$3" dev "$2" && ip -n "$1" link set "$2" up; }

# throughput NAME SERVER_NS SERVER_IP CLIENT_NS: TCP receive rate in Mbit/s
# (NAME_mbps), and the guest's CPU seconds per gigabyte received over the
# whole client run (NAME_cpu_s_per_gb).
throughput() {
	in_ns "$2" iperf3 --server --one-off --bind "$3" >/dev/null &
	server=$!
	sleep 1
	ticks=$(busy_ticks) bytes=$(rx_bytes "$2")
	rate=$(in_ns "$4" iperf3 --client "$3" --time "$seconds" --omit 1 --format m |
		awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print $i }')
	ticks=$(($(busy_ticks) - ticks)) bytes=$(($(rx_bytes "$2") - bytes))
	wait $server
	[ -n "$rate" ] || { echo "iperf3 gave no rate for $1" >&2; exit 1; }
	echo "result $1_mbps $rate"
	echo "result $1_cpu_s_per_gb $(awk -v t="$ticks" -v hz="$clk_tck" -v b="$bytes" 'BEGIN { printf "%.3f", t / hz / (b / 1e9) }')"
}

# The helper's links (bench/kmod/helper-links.ts), alive until its stdin ends.
start_helper_links() {
	mkfifo "$work/helper.in" "$work/helper.out"
	npx tsx bench/kmod/helper-links.ts "$helper" <"$work/helper.in" >"$work/helper.out" &
	helper_pid=$!
	exec 5>"$work/helper.in" 6<"$work/helper.out"
	helper_links=""
	while read -r word name server_ns server_ip client_ns <&6; do
		[ "$word" = ready ] && return 0
		[ "$word" = link ] || { echo "helper-links.ts: $word $name" >&2; exit 1; }
		helper_links="$helper_links $name:$server_ns:$server_ip:$client_ns"
	done
	echo "helper-links.ts ended before its links were ready" >&2
	exit 1
}

# vnetctl session: commands go in through a fifo, so /dev/vnet (and every
# object made) stays open until the session ends.
start_vnetctl() {
	mkfifo "$work/in" "$work/out"
	"$vnetctl" <"$work/in" >"$work/out" &
	vnetctl_pid=$!
	exec 3>"$work/in" 4<"$work/out"
}
# vnet COMMAND: runs it and waits until vnetctl has answered it.
vnet() {
	printf '%s\necho done\n' "$1" >&3
	grep -m 1 -x done <&4 >/dev/null
}

echo "two hosts joined five ways: veth pair, vnet p2p without and with programs, Linux bridge, vnet switch; and the helper's p2p links"
ip netns add a
ip netns add b
ip netns add sw
ip link add eth0 netns a type veth peer name eth0 netns b
addr a eth0 10.1.0.1/24
addr b eth0 10.1.0.2/24
start_vnetctl
printf 'segment add p2p\nport add a v0 @0\nport add b v0 @0\n' >"$work/p2p"
printf 'segment add switch\nport add a v1 @0\nport add b v1 @0\n' >"$work/switch"
vnet "batch $work/p2p"
vnet "batch $work/switch"
sed 's/v0/v2/' "$work/p2p" >"$work/p2p-prog"
vnet "batch $work/p2p-prog"
# ports 5 and 6: a pass-through program on each of their directions
printf 'prog load pass\necho done\n' >&3
read -r prog <&4
grep -m 1 -x done <&4 >/dev/null
vnet "prog port 5 both $prog"
vnet "prog port 6 both $prog"
addr a v0 10.2.0.1/24
addr b v0 10.2.0.2/24
addr a v2 10.5.0.1/24
addr b v2 10.5.0.2/24
ip -n sw link add br0 type bridge
ip -n sw link set br0 up
for h in a b; do
	ip -n sw link add name "sw-$h" master br0 up type veth peer name eth1 netns "$h"
done
addr a eth1 10.3.0.1/24
addr b eth1 10.3.0.2/24
addr a v1 10.4.0.1/24
addr b v1 10.4.0.2/24
start_helper_links
for round in $(seq 1 "$rounds"); do
	echo "throughput, round $round of $rounds"
	throughput veth_p2p b 10.1.0.2 a
	throughput vnet_p2p b 10.2.0.2 a
	throughput vnet_p2p_prog b 10.5.0.2 a
	for l in $helper_links; do
		IFS=:
		set -- $l # NAME SERVER_NS SERVER_IP CLIENT_NS
		unset IFS
		throughput "$@"
	done
	throughput bridge b 10.3.0.2 a
	throughput vnet_switch b 10.4.0.2 a
done
exec 5>&- # the helper takes its network down
wait "$helper_pid"

echo "bring-up of $hosts hosts: namespaces, then one port each"
seq 1 "$hosts" | sed 's/^/netns add h/' >"$work/netns"
start=$(now_ms)
ip -batch "$work/netns"
echo "result namespaces_ms $(echo "$(now_ms) $start" | awk '{ print $1 - $2 }')"

{
	echo 'segment add switch'
	seq 1 "$hosts" | sed 's/.*/port add h& eth0 @0/'
} >"$work/hosts.vnet"
start=$(now_ms)
vnet "batch $work/hosts.vnet"
echo "result vnet_ports_ms $(echo "$(now_ms) $start" | awk '{ print $1 - $2 }')"

{
	echo 'link add br1 type bridge'
	echo 'link set br1 up'
	seq 1 "$hosts" | sed 's/.*/link add name h&p master br1 up type veth peer name eth1 netns h&/'
} >"$work/hosts.veth"
start=$(now_ms)
ip -n sw -batch "$work/hosts.veth"
echo "result veth_bridge_ports_ms $(echo "$(now_ms) $start" | awk '{ print $1 - $2 }')"

exec 3>&- # end of input: vnetctl closes /dev/vnet, the module removes everything
wait "$vnetctl_pid" || true
rm -rf "$work"
