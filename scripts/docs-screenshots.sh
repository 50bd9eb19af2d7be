#!/usr/bin/env bash
# Copies the journey screenshots of the last e2e run (test-results/) into docs/screenshots as small PNGs for the
# README. Needs ImageMagick (apt-get install imagemagick). Run after `npm run test:e2e`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
for name in 1-1-problems 1-4-quick-fix 2-1-tree-failed 2-2-step-panel 2-4-explained 3-1-pick 3-3-after-pod-gc 3-4-recorded-log; do
  /usr/bin/convert "test-results/journey-dev-$name.png" -resize 1000x +dither -colors 64 -strip "PNG8:docs/screenshots/journey-$name.png"
done
ls -l docs/screenshots
