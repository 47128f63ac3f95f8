#!/bin/sh
# Retake the screenshots docs/paygap.md and docs/criteria.md show: the pay-gap report and the
# published criteria page, rendered offline by headless Chromium (Debian: `apt-get install -y
# chromium`). CI never runs this; the pages themselves are checked by tests/test_htmlreport.py
# and tests/test_criteria.py.
#
#   docs/img/screenshots.sh            # from the repository root, salesgrid installed
#   SALESGRID=".venv/bin/salesgrid" CHROMIUM=chromium-browser docs/img/screenshots.sh
#
# The days are pinned, so a retake changes only when the pages or the data change.
set -eu
SALESGRID=${SALESGRID:-salesgrid}
CHROMIUM=${CHROMIUM:-chromium}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$SALESGRID" paygap examples/paygap-roster.csv --format html --output "$work/paygap-report.html"
"$SALESGRID" criteria --as-of 2026-11-22 --format html --output "$work/criteria.html"

for page in paygap-report criteria; do
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$work/profile-$page" --hide-scrollbars \
        --screenshot="docs/img/$page.png" --window-size=1100,1640 \
        "file://$work/$page.html" 2>/dev/null
done
ls -l docs/img/*.png
