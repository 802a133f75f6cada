#!/usr/bin/env bash
# Debian packages the tests use: LibreOffice (opens our .xlsx/.docx for real) and poppler (pdftotext, pdftoppm).
set -euo pipefail
packages=(libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core)
if command -v soffice >/dev/null && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
