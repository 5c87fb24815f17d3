#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (browser tests) and CJK fonts
# (screenshots and, later, PDFs). Installed when missing and we may; else say what to do.
set -euo pipefail
missing=()
[ -x "${WENMING_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# fc-list is read once: `fc-list | grep -q` under pipefail fails when grep stops reading early.
installed_fonts=$(fc-list 2>/dev/null || true)
grep -qi "Noto Sans CJK" <<<"$installed_fonts" || missing+=(fonts-noto-cjk)
# Documents (src/wenming/documents): 楷体 headings, Times/Arial-metric Latin, Pango for PDFs.
grep -qi "AR PL UKai" <<<"$installed_fonts" || missing+=(fonts-arphic-ukai)
grep -qi "Liberation Serif" <<<"$installed_fonts" || missing+=(fonts-liberation)
dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
# Tests read generated PDFs back as text (pdftotext) and look at their pages (pdftoppm).
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# The office font names a DOCX carries (仿宋_GB2312…) fall back to the free fonts in LibreOffice.
office_fonts_conf=/etc/fonts/conf.d/60-wenming-office-fonts.conf
if [ ! -e "$office_fonts_conf" ] && [ "$(id -u)" -eq 0 ] && [ -d /etc/fonts/conf.d ]; then
  cp "$(dirname "$0")/fontconfig/60-wenming-office-fonts.conf" "$office_fonts_conf" && fc-cache -f >/dev/null 2>&1 || true
fi
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
