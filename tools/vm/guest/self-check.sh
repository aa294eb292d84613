#!/bin/sh
# In the guest: TAP checks that the harness gives tests what they rely on.
# $1: the kernel release the guest should be running.
n=0
check() {
	name="$1"
	shift
	n=$((n + 1))
	if "$@" >/tmp/check.out 2>&1; then echo "ok $n - $name"; else
		echo "not ok $n - $name"
		sed 's/^/# /' /tmp/check.out
	fi
}
ns=selfcheck$$

echo 1..7
check "runs kernel $1" test "$(uname -r)" = "$1"
check 'root file system writable (tmpfs overlay)' sh -c 'echo x >.cache/vm-selfcheck-written && test -s .cache/vm-selfcheck-written'
check 'ip netns add' ip netns add ${ns}a
ip netns add ${ns}b
check 'veth pair between namespaces pings' sh -c "
	modprobe veth &&
	ip link add va netns ${ns}a type veth peer name vb netns ${ns}b &&
	ip -n ${ns}a addr add 10.99.0.1/24 dev va && ip -n ${ns}a link set va up &&
	ip -n ${ns}b addr add 10.99.0.2/24 dev vb && ip -n ${ns}b link set vb up &&
	ip netns exec ${ns}a ping -c 2 -W 2 10.99.0.2"
check 'netem delays by 50 ms (rtt above 50 ms)' sh -c "
	modprobe sch_netem && ip netns exec ${ns}a tc qdisc add dev va root netem delay 50ms &&
	ip netns exec ${ns}a ping -c 2 -W 2 10.99.0.2 | awk -F/ '/^rtt/ { exit !(\$5 >= 50) }'"
check 'linux bridge loads and forwards' sh -c "
	modprobe bridge && ip netns add ${ns}c &&
	ip -n ${ns}c link add br0 type bridge && ip -n ${ns}c link set br0 up &&
	ip -n ${ns}c link add p1 type veth peer name q1 && ip -n ${ns}c link add p2 type veth peer name q2 &&
	ip -n ${ns}c link set q1 netns ${ns}a && ip -n ${ns}c link set q2 netns ${ns}b &&
	ip -n ${ns}c link set p1 master br0 up && ip -n ${ns}c link set p2 master br0 up &&
	ip -n ${ns}a addr add 10.98.0.1/24 dev q1 && ip -n ${ns}a link set q1 up &&
	ip -n ${ns}b addr add 10.98.0.2/24 dev q2 && ip -n ${ns}b link set q2 up &&
	ip netns exec ${ns}a ping -c 2 -W 3 10.98.0.2"
check 'the host node runs' sh -c 'node -e "process.exit(process.versions.node ? 0 : 1)"'
