# SPDX-License-Identifier: GPL-2.0
# Tests of PROG: vnetctl's built-in tc programs (pass, drop, drop-ping:
# IPv4 echo requests shot, mark=N) on ports and links. Hosts a (port 1,
# 10.0.0.1) and b (port 2, 10.0.0.2) know each other's MAC: no ARP.

# load WHAT: vnetctl loads a program; prints its descriptor (vnetctl's)
load() {
	ctl prog load "$1"
}

# A TCP connection from a to b carries a line.
tcp_works() {
	on b sh -c "nc -l 7000 >$T/got" &
	listener=$!
	sleep 1
	echo "over tcp" | on a nc -N -w 5 10.0.0.2 7000 || fail "tcp from a to b"
	wait $listener
	grep -qx "over tcp" "$T/got" || fail "b got '$(cat "$T/got")'"
}

# drop-ping on a's egress: pings fail, each request counted as a prog drop
# on a and seen by a's capture before and as dropped; TCP still passes;
# detached, pings pass. The module holds the program: vnetctl's descriptor
# is closed first.
t_prog_port() {
	p2p_pair || return 1
	fd=$(load drop-ping) || return 1
	ctl prog port 1 egress "$fd" && ctl prog close "$fd" || return 1
	cap=$(ctl capture open 1 dirs=egress points=before,dropped) || return 1
	unreachable a 10.0.0.2
	dropped=$(counter 1 drop_prog)
	echo "2 echo requests, $dropped counted as prog drops on a's port"
	[ "$dropped" -eq 2 ] || fail "counted $dropped, not 2"
	records "$cap" >/dev/null || return 1
	cat "$T/records"
	[ "$(matching point=before type=0800)" -eq 2 ] || fail "capture: not 2 before"
	[ "$(matching point=dropped reason=prog)" -eq 2 ] || fail "capture: not 2 prog drops"
	tcp_works || return 1
	ctl prog port 1 egress -1 || return 1
	pings a 10.0.0.2
}

# Programs replaced back and forth on both of a's directions while a flood
# ping runs: every reply comes back. Then drop-all: nothing passes.
t_prog_replace() {
	p2p_pair || return 1
	pass=$(load pass) && mark=$(load mark=7) && drop=$(load drop) || return 1
	on a ping -f -c 300 -w 60 10.0.0.2 >"$T/flood" 2>&1 &
	pinger=$!
	i=0
	while kill -0 $pinger 2>/dev/null; do
		ctl prog port 1 both "$pass" && ctl prog port 1 both "$mark" || return 1
		i=$((i + 1))
	done
	wait $pinger || fail "flood ping lost replies: $(tail -n 2 "$T/flood")"
	echo "$i pairs of replacements during the flood"
	[ $i -gt 0 ] || fail "no replacement during the flood"
	ctl prog port 1 egress "$drop" || return 1
	unreachable a 10.0.0.2
}

# drop-ping on a trunk's direction AB (from a's switch to b's): a's
# requests die there, counted on a's port; b's pings cross BA and their
# replies (not requests) cross AB.
t_prog_link() {
	trunk_pair || return 1
	fd=$(load drop-ping) || return 1
	ctl prog link 1 ab "$fd" || return 1
	unreachable a 10.0.0.2
	[ "$(counter 1 drop_prog)" -eq 2 ] || fail "not 2 prog drops on a's port"
	pings b 10.0.0.1 || return 1
	ctl prog link 1 ab -1 || return 1
	pings a 10.0.0.2
}

# mark=42 on b's ingress: b's routing sees the mark (a rule blackholes
# marked packets: pings fail); detached, pings pass.
t_prog_mark() {
	p2p_pair || return 1
	printf 'rule add pref 100 lookup local\nrule del pref 0\n%s\n' \
		"rule add pref 10 fwmark 42 blackhole" | on b ip -batch - || return 1
	pings a 10.0.0.2 1 || return 1
	fd=$(load mark=42) || return 1
	ctl prog port 2 ingress "$fd" || return 1
	unreachable a 10.0.0.2
	ctl prog port 2 ingress -1 || return 1
	pings a 10.0.0.2
}

t_prog_refused() {
	trunk_pair || return 1
	fd=$(load pass) && sock=$(load socket) || return 1
	before=$(ctl prog count) || return 1
	ctl_script <<-EOE || return 1
		EINVAL prog port 1 egress $sock
		EINVAL prog port 1 egress 0
		EBADF prog port 1 egress 999
		EBADF prog port 1 egress -2
		EINVAL prog port 1 egress $fd reserved=1
		EINVAL prog port 1 egress $fd kind=3
		EINVAL prog port 1 dirs=0 $fd
		EINVAL prog port 1 dirs=4 $fd
		EINVAL prog link 1 dirs=3 -1 reserved=1
		ENOENT prog port 9 egress $fd
		ENOENT prog link 2 ab $fd
		ENOENT prog port 0 egress -1
	EOE
	[ "$(ctl prog count)" -eq "$before" ] || fail "a refused attach kept a program"
	fd=$(load drop) || return 1
	ctl '!ENOENT' prog link 7 ba "$fd" >/dev/null && ctl prog close "$fd" || return 1
	[ "$(ctl prog count)" -eq "$before" ] || fail "a program attached to nothing stayed"
	pings a 10.0.0.2 1
}

# Programs go with what holds them: a port deleted (under traffic), a
# link deleted, a direction detached, the file closed; then the module
# unloads cleanly.
t_prog_release() {
	trunk_pair || return 1
	before=$(ctl prog count) || return 1
	fd=$(load pass) || return 1
	ctl prog port 1 both "$fd" && ctl prog port 2 egress "$fd" &&
		ctl prog link 1 both "$fd" && ctl prog close "$fd" || return 1
	[ "$(ctl prog count)" -eq $((before + 1)) ] || fail "the attached program is gone"
	pings a 10.0.0.2 1 || return 1
	on b ping -f -w 2 10.0.0.1 >/dev/null 2>&1 &
	pinger=$!
	sleep 1
	ctl port del 1 >/dev/null && ctl link del 1 >/dev/null || return 1
	wait $pinger
	[ "$(ctl prog count)" -eq $((before + 1)) ] || fail "port 2's program is gone"
	ctl prog port 2 egress -1 || return 1
	[ "$(ctl prog count)" -eq "$before" ] || fail "a deleted port or link kept its program"
	fd=$(load drop) || return 1
	ctl prog port 2 ingress "$fd" && ctl prog close "$fd" || return 1
	ctl_stop
	ctl_start || return 1
	[ "$(ctl prog count)" -eq "$before" ] || fail "the closed file kept its program"
	ctl_stop
	rmmod vnet || fail "rmmod vnet"
	load_module || fail "reload"
}
