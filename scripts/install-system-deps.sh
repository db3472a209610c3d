#!/usr/bin/env bash
# Debian packages the tests need: LibreOffice (to open the .docx as a reader would, and python3-uno
# to make PDFs with a filled-in table of contents) and poppler-utils (pdftotext, to read what the PDF
# shows), Chromium for the browser tests. Installs only what is missing.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
# Carlito has Calibri's metrics: LibreOffice then lays the document out as Word does (same line breaks).
fc-list 2>/dev/null | grep -qi carlito || missing+=(fonts-crosextra-carlito)
# Chromium for the browser tests (Playwright drives Debian's build; it cannot download its own here).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
