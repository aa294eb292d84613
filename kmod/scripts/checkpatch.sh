#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs the kernel's checkpatch.pl over the module's sources (kernel coding
# style). checkpatch ships inside Debian's linux-source-6.1 tarball: when
# root, this installs that package if needed and extracts the three files
# checkpatch wants into build/checkpatch/.
#
# usage: kmod/scripts/checkpatch.sh [FILE...]    (default: every source)
set -e
kmod=$(dirname "$(readlink -f "$0")")/..
dir=$kmod/build/checkpatch
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)

if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
	if [ -z "$tarball" ]; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "checkpatch.sh: needs linux-source-6.1: apt-get install linux-source-6.1" >&2
			exit 1
		fi
		apt-get install -y -q linux-source-6.1 >/dev/null
		tarball=/usr/src/linux-source-6.1.tar.xz
	fi
	mkdir -p "$dir"
	top=$(tar -tJf "$tarball" | head -n 1 | cut -d/ -f1)
	tar -xJf "$tarball" -C "$dir" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
fi

checkpatch() {
	perl "$dir/scripts/checkpatch.pl" --no-tree --strict --show-types -q \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG"$1" -f $2
}

cd "$kmod"
if [ $# -gt 0 ]; then
	checkpatch "" "$*"
	exit
fi
status=0
# compat.h exists to test kernel versions; user-space tools use volatile
# sig_atomic_t and plain __attribute__ as user space should.
checkpatch "" "$(ls *.c *.h include/uapi/linux/vnet.h | grep -v compat.h)" || status=1
checkpatch ",LINUX_VERSION_CODE,CONSTANT_COMPARISON" compat.h || status=1
checkpatch ",VOLATILE,PREFER_DEFINED_ATTRIBUTE_MACRO" "$(ls tools/*.c)" || status=1
exit $status
