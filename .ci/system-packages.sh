#!/usr/bin/env bash
# The system packages PDFs need: Chromium (the fast engine), Pango (WeasyPrint's) and fonts.
# Installs the missing ones when it may (root, apt-get); otherwise prints the one apt-get line
# that would, and carries on: without them reports are still written as HTML.
set -euo pipefail

packages=(chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core)
if ! command -v dpkg-query > /dev/null; then
  echo "not a Debian or Ubuntu system: install Chromium or Pango, and fonts, for PDFs" >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
else
  echo "for PDFs, run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
fi
