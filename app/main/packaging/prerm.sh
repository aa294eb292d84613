#!/bin/sh
# Before removing the deb: unload the module and take it out of DKMS, so no
# module built from a source tree that is about to disappear stays behind.
set -e

VERSION=0.1.0

modprobe -r vnet 2>/dev/null || true
if command -v dkms >/dev/null 2>&1 && dkms status -m vnet -v "$VERSION" | grep -q .; then
  dkms remove -m vnet -v "$VERSION" --all || true
fi
exit 0
