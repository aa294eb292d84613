/**
 * The server deb's Debian files: control, maintainer scripts, copyright and
 * changelog. The module's DKMS steps live in one script both packages ship
 * (vnet-module); the maintainer scripts only call it.
 */
import { HELPER_GROUP } from '../../helper/client.js';
import { BUNDLE_NODE } from '../build/bundles.js';
import { LIB, VERSION } from './layout.js';

/** What building, checking and installing the deb needs from Debian (strip is binutils', dpkg-shlibdeps dpkg-dev's). */
export const PACKAGE_DEBS = ['dpkg-dev', 'binutils', 'lintian', 'dkms', 'polkitd', 'pkexec'];

export const PACKAGE = 'vnet-server';
/** Debian revision 1 of the upstream version. */
export const DEB_VERSION = `${VERSION}-1`;
export const MAINTAINER = 'vnet contributors <vnet@users.noreply.github.com>';

const DESCRIPTION = `network emulator in the kernel: command line, web designer, helper
 vnet builds a drawn network inside the kernel of this machine: one network
 namespace per virtual host, joined by the vnet kernel module (built by DKMS)
 or, where the module cannot load, by stock veth pairs and bridges. Links
 take delay, loss and rate; programs run unchanged inside the hosts.
 .
 This package has the vnet command, its web-mode designer (vnet serve), the
 privileged helper with its polkit policy, and the module's source for DKMS.
 Members of group vnet start the helper without a password.`;

export function controlFile(libraryDepends: string, installedSizeKiB: number): string {
  return `Package: ${PACKAGE}
Version: ${DEB_VERSION}
Architecture: amd64
Maintainer: ${MAINTAINER}
Installed-Size: ${installedSizeKiB}
Depends: nodejs (>= ${BUNDLE_NODE}), iproute2, adduser, ${libraryDepends}
Recommends: dkms, linux-headers-amd64, polkitd | policykit-1, pkexec, iputils-ping
Section: net
Priority: optional
Homepage: https://github.com/vnet/vnet
Description: ${DESCRIPTION}
`;
}

const script = (why: string, body: string) => `#!/bin/sh
# ${why}
set -e
${body}
exit 0
`;

export const maintainerScripts = {
  postinst: script(
    'Creates group vnet (polkit lets its members start the helper without a password) and /run/vnet\n' +
      "# (the command line's sockets, as tmpfiles.d makes it at boot); registers, builds and loads the\n" +
      '# kernel module through DKMS, saying why when it cannot; never fails on the module.',
    [
      'if [ "$1" = configure ]; then',
      `\tgetent group ${HELPER_GROUP} >/dev/null || addgroup --system ${HELPER_GROUP}`,
      '\tsystemd-tmpfiles --create vnet.conf 2>/dev/null || install -d -m 1777 /run/vnet',
      `\t${LIB}/vnet-module install`,
      'fi',
    ].join('\n'),
  ),
  prerm: script(
    'Unloads the kernel module and takes it out of DKMS before its source goes away.',
    `case "$1" in\nremove | upgrade | deconfigure) ${LIB}/vnet-module remove ;;\nesac`,
  ),
};

export function copyright(): string {
  return `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: vnet
Source: https://github.com/vnet/vnet

Files: *
Copyright: vnet contributors
License: GPL-2.0-only
 On Debian systems, the full text of the GNU General Public License version 2
 can be found in the file /usr/share/common-licenses/GPL-2.
`;
}

export function changelog(): string {
  return `${PACKAGE} (${DEB_VERSION}) unstable; urgency=medium

  * Package of the vnet command, web mode, helper and kernel module source.

 -- ${MAINTAINER}  Tue, 01 Dec 2026 12:00:00 +0000
`;
}
