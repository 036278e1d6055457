#!/usr/bin/env bash
# Install the Debian packages casebuilder needs to render and test dossiers:
#   libpango (WeasyPrint's text layout), libharfbuzz-subset0 (font subsetting),
#   fonts-noto-core (Latin, Armenian, Cyrillic, Georgian scripts), poppler-utils and qpdf (PDF tests),
#   pandoc (build --format docx), libreoffice-writer-nogui (soffice: the DOCX tests convert with it),
#   chromium (the preview's browser tests, driven by Playwright).
# Does nothing when they are present; needs root (or sudo) otherwise.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils qpdf
          pandoc libreoffice-writer-nogui chromium libcairo2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
