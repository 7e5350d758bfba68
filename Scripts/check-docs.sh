#!/usr/bin/env bash
# Builds the DocC documentation of every library target with swift-docc-plugin and fails
# when the build or DocC prints any warning (an unresolved ``Symbol`` link, an undocumented
# parameter, a broken topic group), in the catalogues or in the sources' doc comments.
#
# The archives are written to .build/plugins/Swift-DocC/outputs/<Target>.doccarchive.
# Usage: Scripts/check-docs.sh [TARGET...]   (every library target when none is given)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    CompetencyModel CompetencyDiagnostics CompetencyXML CompetencyValidation
    CompetencyAssignment CompetencyInterchange CompetencyEvolution CompetencyKit CompetencyCredentials
    CompetencyXLSX
  )
fi

arguments=()
for target in "${targets[@]}"; do arguments+=(--target "$target"); done

log="$(mktemp "${TMPDIR:-/tmp}/check-docs.XXXXXX")"
trap 'rm -f "$log"' EXIT

status=0
swift package generate-documentation "${arguments[@]}" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "error: generate-documentation failed with status $status" >&2
  exit "$status"
fi

# Any warning at all fails the check: DocC's own (`warning: …`) and the compiler's
# (`file:line:col: warning: …`) alike. One is not ours and is left out: SwiftPM's note that
# a dependency's manifest leaves a file undeclared (ZIPFoundation's PrivacyInfo.xcprivacy).
found="$(grep -i 'warning:' "$log" | grep -Ev "^warning: '[A-Za-z0-9_.-]+': found [0-9]+ file\(s\) which are unhandled" || true)"
warnings="$(printf '%s' "$found" | grep -c . || true)"
if [ "$warnings" -ne 0 ]; then
  echo "error: the documentation build printed $warnings warning(s):" >&2
  printf '%s\n' "$found" >&2
  exit 1
fi
echo "documentation: ${#targets[@]} target(s), 0 warnings"
