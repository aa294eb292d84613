#!/bin/sh
# Before removing the deb: unload the module and take it out of DKMS, so no
# module built from a source tree that is about to disappear stays behind
# (tools/package/vnet-module, shared with the server deb).
set -e
/usr/lib/vnet/vnet-module remove
exit 0
