#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (browser tests) and CJK fonts
# (screenshots and, later, PDFs). Installed when missing and we may; else say what to do.
set -euo pipefail
missing=()
[ -x "${WENMING_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2
  [ "${CI:-}" = "true" ] && exit 1
fi
exit 0
