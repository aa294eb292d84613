#!/bin/bash
# deb postinst (an electron-builder template: ${executable} and
# ${sanitizedProductName} are filled in at packaging time). First what
# electron-builder's own script does (command link, Chromium sandbox,
# desktop database, AppArmor profile), then the vnet module through DKMS
# (tools/package/vnet-module, shared with the server deb). A missing DKMS or
# kernel headers is no error: the designer then uses the stock-kernel
# fallback and says so.

APP_DIR='/opt/${sanitizedProductName}'

ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'

# The SUID sandbox only where unprivileged user namespaces do not work.
if [[ -L /proc/self/ns/user ]] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
fi

hash update-desktop-database 2>/dev/null && update-desktop-database /usr/share/applications || true

PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
PROFILE_TARGET='/etc/apparmor.d/${executable}'
if [[ -f "$PROFILE_SOURCE" ]] && apparmor_status --enabled >/dev/null 2>&1 &&
  apparmor_parser --skip-kernel-load --debug "$PROFILE_SOURCE" >/dev/null 2>&1; then
  cp -f "$PROFILE_SOURCE" "$PROFILE_TARGET"
  apparmor_parser --replace --write-cache --skip-read-cache "$PROFILE_TARGET" || true
fi

chmod 0755 /usr/lib/vnet/vnet-helper /usr/lib/vnet/vnet-module

# The group whose members polkit's rules let start the helper without a password.
getent group vnet >/dev/null || addgroup --system vnet

/usr/lib/vnet/vnet-module install
exit 0
