#!/bin/sh
# In the guest: the module's own TAP suite, then one more check over the
# whole run: the kernel log holds no oops, BUG or warning.
# $1: the vnet.ko built for this kernel.
dmesg -C
kmod/tests/run.sh "$1"
status=$?
if dmesg | grep -qE 'Oops|BUG:|WARNING:|general protection fault|Call Trace:|KASAN|UBSAN|kmemleak'; then
	echo 'not ok - kernel log free of oopses, BUGs and warnings'
	dmesg | tail -n 60 | sed 's/^/# /'
	exit 1
fi
echo 'ok - kernel log free of oopses, BUGs and warnings'
exit $status
