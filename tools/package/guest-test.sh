#!/bin/sh
# In a test guest (test-deb.ts; the root is a throwaway overlay): installs
# Debian 12's own nodejs, then the server deb as on a Debian system, runs a
# network over what it installed (as root, then as users polkit lets in or
# not, two of them at once) and removes it, then the same without the running
# kernel's headers. TAP output.
# $1: the deb; $2: a directory of Debian's nodejs .deb and those it pulls in (nodejs-debs.ts).
deb=$1
nodejs_debs=$2
kernel=$(uname -r)
version=$(dpkg-deb -f "$deb" Version)
lab=/tmp/lab
n=0
log=/tmp/step.log

result() { # STATUS NAME: one TAP line; a failure shows the step's output
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		sed 's/^/# /' $log
	fi
}
timed() { # COMMAND...: runs it into the log, prints how long it took as a comment
	start=$(date +%s)
	"$@" >$log 2>&1
	status=$?
	echo "# $* took $(($(date +%s) - start)) s"
	return $status
}
step() { # NAME COMMAND...: passes when COMMAND does
	name=$1
	shift
	"$@" >$log 2>&1
	result $? "$name"
}
says() { # PATTERN: the last step's output matched it
	grep -q "$1" $log
}
nothing_left() {
	for path in /usr/lib/vnet "/usr/src/vnet-${version%-*}" /usr/bin/vnet /usr/share/doc/vnet-server \
		/usr/share/polkit-1/actions/org.vnet.manage.policy /usr/share/polkit-1/rules.d/org.vnet.manage.rules \
		/usr/lib/tmpfiles.d/vnet.conf /var/lib/dkms/vnet; do
		[ ! -e "$path" ] || echo "left behind: $path"
	done
	find "/lib/modules/$kernel" -name 'vnet.ko*' | sed 's/^/left behind: /'
	grep '^vnet ' /proc/modules | sed 's/^/still loaded: /'
	! modinfo vnet >/dev/null 2>&1 || echo 'modinfo still finds vnet'
}
# run_network BACKEND: the seed sample up (reporting BACKEND), a ping between its hosts, down
run_network() {
	mkdir -p $lab && cp /usr/lib/vnet/samples/seed.json $lab/
	timed vnet up $lab/seed.json && says "on the $1 backend"
	result $? "[$1] vnet up of the seed sample reports the $1 backend"
	step "[$1] vnet exec a -- ping -c1 b" vnet exec a -- ping -c1 -W5 b
	step "[$1] vnet down --purge" vnet down --purge
}
as() { # USER COMMAND...: as that user, from their home, as a login would
	user=$1
	shift
	(cd "/home/$user" && runuser -u "$user" -- env HOME="/home/$user" USER="$user" "$@")
}
start_polkit() { # the system bus and polkitd, as a booted system runs them; waits for polkitd's name
	mkdir -p /run/dbus && dbus-daemon --system --fork || return 1
	/usr/lib/polkit-1/polkitd --no-debug >/tmp/polkitd.log 2>&1 &
	for _ in $(seq 100); do
		dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus.NameHasOwner string:org.freedesktop.PolicyKit1 | grep -q 'boolean true' && return 0
		sleep 0.2
	done
	cat /tmp/polkitd.log
	return 1
}
# polkit_users: alice and carol, in the group the package made, each bring a network up through pkexec without a
# password, carol while alice's runs: each drives their own, whose programs run as them. bob, outside the group,
# is refused, told to join it, and nothing is left running.
polkit_users() {
	step '[polkit] the system bus and polkitd run' start_polkit
	for user in alice carol bob; do
		adduser --disabled-password --gecos '' --quiet $user
		cp /usr/lib/vnet/samples/seed.json /home/$user/ && chown $user /home/$user/seed.json
	done
	adduser --quiet alice vnet && adduser --quiet carol vnet
	timed as alice vnet up seed.json
	result $? '[polkit] alice (group vnet) brings the seed sample up through pkexec, asked for no password'
	timed as carol vnet up seed.json
	result $? "[polkit] carol (group vnet) brings her own up while alice's runs"
	for user in alice carol; do
		as $user vnet exec a -- id -un >$log 2>&1 && [ "$(cat $log)" = $user ]
		result $? "[polkit] $user's vnet drives her own network: its programs run as $user (vnet exec a -- id -un)"
	done
	step '[polkit] alice takes hers down' as alice vnet down --purge
	step "[polkit] carol's still runs (vnet exec a -- ping -c1 b)" as carol vnet exec a -- ping -c1 -W5 b
	step '[polkit] carol takes hers down' as carol vnet down --purge
	! as bob vnet up seed.json >$log 2>&1 && says 'sudo adduser bob vnet'
	result $? '[polkit] bob (not in group vnet) is refused and told to join group vnet'
	{ ! pgrep -f /usr/lib/vnet/helper.mjs && [ ! -e "/run/vnet/user-$(id -u bob)/cli.sock" ]; } >$log 2>&1
	result $? "[polkit] nothing is left running after bob's refusal"
}
remove_all() { # what apt-get remove leaves: nothing of the package, the module or its DKMS tree
	step "[$1] apt-get remove vnet-server" apt-get remove -y vnet-server
	nothing_left >$log 2>&1 && [ ! -s $log ]
	result $? "[$1] no module, no files, no polkit policy left behind"
}

echo '1..26'
# What udev or systemd would give a booted system: dkms reads process substitutions through /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd

# The guest shares this machine's root, whose Node may be newer and from elsewhere: Debian's own must meet the
# deb's Depends. That package leaves dpkg's database first, as on a fresh system (libnode108 conflicts with what
# it provides); its files stay, unowned, for Debian's to overwrite.
forget_nodejs() {
	sed -i '/^Package: nodejs$/,/^$/d' /var/lib/dpkg/status && rm -f /var/lib/dpkg/info/nodejs.*
}
forget_nodejs && timed dpkg -i "$nodejs_debs"/*.deb &&
	[ "$(dpkg-query -W -f '${Version}' nodejs)" = "$(dpkg-deb -f "$nodejs_debs"/nodejs_*.deb Version)" ]
result $? "[nodejs] Debian 12's nodejs $(node --version) is installed in place of this machine's Node"

timed dpkg -i "$deb" && ! says '^vnet:'
result $? '[kmod] dpkg -i installs it without a complaint'
dkms status -m vnet >$log 2>&1 && says "$kernel.*: installed"
result $? "[kmod] dkms status: installed for $kernel"
step '[kmod] the module is loaded (/dev/vnet)' test -c /dev/vnet
# As after a reboot: the helper loads the installed module itself.
step '[kmod] the module unloads' modprobe -r vnet
run_network kmod
polkit_users
remove_all kmod

# A kernel whose headers are not installed: the package installs, says why, and vnet runs on netns.
rm -f "/lib/modules/$kernel/build"
timed dpkg -i "$deb" && says "headers of kernel $kernel are not installed"
result $? '[netns] without headers dpkg -i installs it and says why the module was not built'
run_network netns
remove_all netns
