# SPDX-License-Identifier: GPL-2.0
# Helpers for the vnet tests: TAP output, scratch namespaces, and a vnetctl
# kept running on a fifo (objects die with its /dev/vnet fd, so every test
# talks to one long-lived vnetctl). Sourced by run.sh.

TEST_N=0
TEST_FAILED=0
TEST_TIMEOUT=${TEST_TIMEOUT:-300}

# Runs one test function in its own shell under a timeout (which kills the
# whole process group); its output becomes TAP comments.
run_test() {
	name=$1
	fn=$2
	TEST_N=$((TEST_N + 1))
	start=$(date +%s)
	if timeout -k 5 "$TEST_TIMEOUT" sh -c '. "$VNET_TESTS_DIR/lib.sh"
		for f in "$VNET_TESTS_DIR"/[a-z]*.sh; do
			case $f in */lib.sh|*/run.sh) ;; *) . "$f" ;; esac
		done
		trap "ctl_stop; hosts_del" EXIT
		"$1"' sh "$fn" </dev/null >"$T/test.log" 2>&1; then
		echo "ok $TEST_N - $name"
	else
		TEST_FAILED=$((TEST_FAILED + 1))
		echo "not ok $TEST_N - $name"
	fi
	sed 's/^/# /' "$T/test.log"
	echo "# $(($(date +%s) - start)) s"
	hosts_del_stale
}

# Ends the test (each runs in its own shell; its EXIT trap cleans up).
fail() {
	echo "FAIL: $*"
	exit 1
}

# --- hosts: one network namespace each, IPv6 off so nothing chatters ---

HOSTS=""

host_add() {
	ip netns add "$PFX$1" || return 1
	HOSTS="$HOSTS $1"
	on "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# After a test that timed out: every namespace of this run, and what runs there.
hosts_del_stale() {
	for ns in $(ip netns list | awk -v p="$PFX" 'index($1, p) == 1 { print $1 }'); do
		ip netns pids "$ns" | xargs -r kill -9 2>/dev/null
		ip netns del "$ns"
	done
}

hosts_del() {
	for h in $HOSTS; do
		ip netns pids "$PFX$h" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$PFX$h" 2>/dev/null
	done
	HOSTS=""
}

# on HOST CMD...: run CMD inside HOST
# (nsenter: ip netns exec also builds a mount namespace, seconds under TCG)
on() {
	h=$1
	shift
	nsenter --net="/run/netns/$PFX$h" "$@"
}

# --- vnetctl on a fifo ---

CTL_PID=""

# vnetctl reads commands from one fifo and answers on another; the shell
# reads answers with its read builtin (no process per command).
ctl_start() {
	rm -f "$T/ctl.in" "$T/ctl.out" "$T/ctl.err"
	mkfifo "$T/ctl.in" "$T/ctl.out"
	"$VNETCTL" "$@" <"$T/ctl.in" >"$T/ctl.out" 2>"$T/ctl.err" &
	CTL_PID=$!
	exec 3>"$T/ctl.in" 4<"$T/ctl.out"
}

ctl_stop() {
	[ -n "$CTL_PID" ] || return 0
	exec 3>&- 4<&-
	wait "$CTL_PID" 2>/dev/null
	status=$?
	CTL_PID=""
	return $status
}

# ctl COMMAND...: runs it, prints its output; fails if vnetctl failed.
ctl() {
	printf '%s\necho @@done\n' "$*" >&3 2>/dev/null
	while IFS= read -r line <&4; do
		if [ "$line" = "@@done" ]; then
			return 0
		fi
		printf '%s\n' "$line"
	done
	echo "vnetctl failed on: $*"
	cat "$T/ctl.err"
	return 1
}

# port HOST SEGMENT ADDRESS [MAC]: eth0 in HOST, addressed and up; prints its id
port() {
	id=$(ctl port add "$PFX$1" eth0 "$2" "${4:--}") || return 1
	printf 'addr add %s/24 dev eth0\nlink set eth0 up\n' "$3" | on "$1" ip -batch - || return 1
	echo "$id"
}

# counter ID FIELD: one counter of one port
counter() {
	ctl stats "$1" | awk -v f="$2" '{ for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }'
}

# pings FROM ADDRESS [COUNT]: quiet ping that must succeed
pings() {
	on "$1" ping -q -c "${3:-3}" -i 0.2 -W 2 "$2" >/dev/null || fail "$1 cannot ping $2"
}

# rtt_within COUNT LOW HIGH WHAT: the median round trip of COUNT (odd) pings
# from a to 10.0.0.2 is within [LOW, HIGH] ms; the median, not the mean: a
# TCG guest on a busy host is sometimes late
rtt_within() {
	on a ping -c "$1" -i 0.1 -W 3 10.0.0.2 >"$T/ping" || fail "ping"
	rtt=$(sed -n 's/.*time=\([0-9.]*\) ms/\1/p' "$T/ping" | sort -n | sed -n "$((($1 + 1) / 2))p")
	echo "$4: median RTT $rtt ms"
	within "$rtt" "$2" "$3"
}

# within VALUE LOW HIGH: LOW <= VALUE <= HIGH (decimals allowed)
within() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }' ||
		fail "$1 not within [$2, $3]"
}

cleanup_all() {
	hosts_del_stale
	rm -rf "$T"
}
