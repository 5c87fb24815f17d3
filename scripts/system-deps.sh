#!/usr/bin/env bash
# Debian packages Wenming needs: CJK and Latin fonts plus Pango for documents (PDFs without
# them would show boxes), and Chromium for the browser tests. Installed when missing and we
# may; else say what to do.
#
#   scripts/system-deps.sh            everything `make test` needs (a missing package fails only with CI=true)
#   scripts/system-deps.sh documents  what documents need (`make demo`): a missing package fails
set -euo pipefail
what=${1:-all}
missing=()
[ "$what" = documents ] || [ -x "${WENMING_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# fc-list is read once: `fc-list | grep -q` under pipefail fails when grep stops reading early.
installed_fonts=$(fc-list 2>/dev/null || true)
grep -qi "Noto Sans CJK" <<<"$installed_fonts" || missing+=(fonts-noto-cjk)
grep -qi "Noto Serif CJK" <<<"$installed_fonts" || [[ " ${missing[*]-} " == *" fonts-noto-cjk "* ]] || missing+=(fonts-noto-cjk)
# Documents (src/wenming/documents): 楷体 headings, Times/Arial-metric Latin, Pango for PDFs.
grep -qi "AR PL UKai" <<<"$installed_fonts" || missing+=(fonts-arphic-ukai)
grep -qi "Liberation Serif" <<<"$installed_fonts" || missing+=(fonts-liberation)
dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
# WeasyPrint subsets the embedded fonts with HarfBuzz; without it it falls back to fontTools,
# which takes over a minute per bulletin PDF on the CJK fonts (about 0.1 s with HarfBuzz).
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || missing+=(libharfbuzz-subset0)
# Tests read generated PDFs back as text (pdftotext) and look at their pages (pdftoppm).
[ "$what" = documents ] || command -v pdftotext >/dev/null || missing+=(poppler-utils)
# They print the DOCX through LibreOffice to see where its pages put things (the 版记 at the foot).
[ "$what" = documents ] || command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
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
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "缺少 Debian 软件包：${missing[*]}（公文 PDF 需要这些字体，否则中文会显示为方框）。" >&2
  echo "Missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2
  if [ "$what" = documents ] || [ "${CI:-}" = "true" ]; then exit 1; fi
fi
exit 0
