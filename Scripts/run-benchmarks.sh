#!/usr/bin/env bash
# Builds the benchmark package (Benchmarks/, its own .build) in release mode and runs it.
# Every argument is handed on, for example:
#
#   Scripts/run-benchmarks.sh                      # 100 MB, best of 3
#   Scripts/run-benchmarks.sh --size-mb 25 --runs 5
#   Scripts/run-benchmarks.sh --help
#
# See Documentation/Performance.md for what it measures and the figures measured so far.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

if ! command -v xmllint >/dev/null 2>&1; then
  echo "note: xmllint was not found, so the C floor (xmllint --stream) will not be measured." >&2
  echo "      Install it with: apt-get install -y libxml2-utils" >&2
fi
if [ ! -x /usr/bin/time ]; then
  echo "note: GNU time (/usr/bin/time) was not found, so xmllint's peak memory will show as n/a." >&2
  echo "      Install it with: apt-get install -y time" >&2
fi

swift build -c release --package-path Benchmarks --product competency-benchmarks >&2
exec "$(swift build -c release --package-path Benchmarks --show-bin-path)/competency-benchmarks" "$@"
