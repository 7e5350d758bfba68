#!/usr/bin/env bash
# Checks Schemas/competency.xsd with xmllint:
#   * the schema is self-contained (no xs:import / xs:include) and compiles;
#   * every valid fixture validates: Fixtures/format-examples/*.xml and, when present,
#     Fixtures/sample/*.xml;
#   * every document in Fixtures/invalid/schema/ is rejected as invalid (xmllint exit 3,
#     not a well-formedness error) with the message fragment named by its
#     "<!-- expect: ... -->" comment.
# Usage: Scripts/check-schema.sh [-v]      (-v prints xmllint's messages)
set -u
cd "$(dirname "$0")/.." || exit 2

schema=Schemas/competency.xsd
verbose=0
[ "${1:-}" = "-v" ] && verbose=1
command -v xmllint >/dev/null || { echo "error: xmllint not found (apt-get install libxml2-utils)" >&2; exit 2; }

failures=0
pass() { echo "ok    $1"; }
fail() { echo "FAIL  $1: $2"; failures=$((failures + 1)); }

# The schema must compile with no network and no other files.
if grep -Eq '<xs:(import|include|redefine)\b' "$schema"; then
    fail "$schema" "must be self-contained (found xs:import/include/redefine)"
fi
compile_out=$(echo '<probe xmlns="urn:competencykit:1"/>' |
    xmllint --nonet --noout --schema "$schema" - 2>&1)
if [ $? -eq 5 ]; then
    fail "$schema" "does not compile:"$'\n'"$compile_out"
    exit 1
fi

shopt -s nullglob
valid=(Fixtures/format-examples/*.xml Fixtures/sample/*.xml Fixtures/evolution/*.xml)
invalid=(Fixtures/invalid/schema/*.xml)
[ ${#valid[@]} -gt 0 ] || fail "Fixtures/format-examples" "no valid fixtures found"
[ ${#invalid[@]} -gt 0 ] || fail "Fixtures/invalid/schema" "no invalid fixtures found"

for f in "${valid[@]}"; do
    out=$(xmllint --nonet --noout --schema "$schema" "$f" 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then pass "$f"; else fail "$f" "should validate (xmllint exit $rc)"$'\n'"$out"; fi
done

for f in "${invalid[@]}"; do
    expect=$(sed -n 's/.*<!-- expect: \(.*\) -->.*/\1/p' "$f" | head -n 1)
    out=$(xmllint --nonet --noout --schema "$schema" "$f" 2>&1)
    rc=$?
    if [ $rc -ne 3 ]; then
        fail "$f" "should be rejected as schema-invalid (want xmllint exit 3, got $rc)"$'\n'"$out"
    elif [ -z "$expect" ]; then
        fail "$f" "has no <!-- expect: ... --> comment"
    elif ! grep -qF -- "$expect" <<<"$out"; then
        fail "$f" "rejected, but without the expected message \"$expect\""$'\n'"$out"
    else
        pass "$f (rejected)"
    fi
    [ $verbose -eq 1 ] && sed 's/^/      /' <<<"$out" | grep -v 'fails to validate$'
done

if [ $failures -gt 0 ]; then
    echo "$failures schema check(s) failed"
    exit 1
fi
echo "all schema checks passed (${#valid[@]} valid, ${#invalid[@]} invalid)"
