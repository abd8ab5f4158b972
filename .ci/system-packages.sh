#!/usr/bin/env bash
# The system packages PDFs need: Chromium (the fast engine), Pango (WeasyPrint's) and fonts.
# Installs the missing ones when it may (root, apt-get); otherwise prints the one apt-get line
# that would, and carries on: without them reports are still written as HTML.
# The browser is Debian's chromium-headless-shell where apt offers it (a third of the full
# browser's start-up), else chromium.
set -euo pipefail

if ! command -v dpkg-query > /dev/null; then
  echo "not a Debian or Ubuntu system: install Chromium or Pango, and fonts, for PDFs" >&2
  exit 0
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2> /dev/null | grep -q "install ok installed"; }
offered() { apt-cache policy "$1" 2> /dev/null | grep -q "Candidate: [0-9]"; }

missing=()
for p in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core; do
  installed "$p" || missing+=("$p")
done
may_install=false
[ "$(id -u)" = 0 ] && command -v apt-get > /dev/null && may_install=true
if ! installed chromium-headless-shell; then
  if $may_install && { [ ${#missing[@]} -gt 0 ] || ! offered chromium-headless-shell; }; then
    apt-get update -qq  # what apt offers, before choosing the browser
  fi
  if offered chromium-headless-shell; then
    missing=(chromium-headless-shell "${missing[@]}")
  elif ! installed chromium; then
    missing=(chromium "${missing[@]}")
  fi
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if $may_install; then
  echo "installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
else
  echo "for PDFs, run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
fi
