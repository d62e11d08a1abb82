#!/bin/sh
# Writes the spreadsheets of this folder as LibreOffice itself writes them,
# from partenaires-trous.csv (empty cells side by side, which LibreOffice
# saves as one repeated cell). Run it here after changing the CSV, with
# LibreOffice installed (apt-get install libreoffice-calc-nogui), and
# commit the results: the tests read them, they do not run LibreOffice.
set -eu
cd "$(dirname "$0")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# CSV import: separator ';' (59), quote '"' (34), UTF-8 (76), from line 1.
for to in ods 'xlsx:Calc MS Excel 2007 XML'; do
  soffice -env:UserInstallation=file://"$profile" --headless --infilter=CSV:59,34,76,1 \
    --convert-to "$to" --outdir . partenaires-trous.csv >/dev/null
done
