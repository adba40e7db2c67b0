#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; a browser
# download by Playwright itself cannot work on these machines. Install it when it is missing.
# Never fails the build: when it cannot install, the browser tests say why and skip (and fail
# under CI, where they must run).
set -u
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: $CHROMIUM is missing and there is no apt-get to install it" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure_chromium: $CHROMIUM is missing and installing it needs root or sudo" >&2
    exit 0
  fi
fi
echo "Installing Chromium for the browser tests (apt-get install chromium chromium-driver)..." >&2
export DEBIAN_FRONTEND=noninteractive
install() { $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }
# Try with the package lists there are; refresh them only if that fails.
install 2>/dev/null || { $SUDO apt-get update -qq >/dev/null && install; } ||
  echo "ensure_chromium: apt-get could not install chromium" >&2
exit 0
