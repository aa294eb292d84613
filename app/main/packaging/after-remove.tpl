#!/bin/bash
# deb postrm (electron-builder template): undo what after-install.tpl did
# outside the package's own files.
rm -f '/usr/bin/${executable}'
PROFILE='/etc/apparmor.d/${executable}'
if [[ -f "$PROFILE" ]]; then
  apparmor_parser --remove "$PROFILE" 2>/dev/null || true
  rm -f "$PROFILE"
fi
hash update-desktop-database 2>/dev/null && update-desktop-database /usr/share/applications || true
exit 0
