#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers and importers with libFuzzer (the nested package
# Fuzz/; see Documentation/Reliability.md).
#
#     Scripts/fuzz.sh --list              the targets, one per line
#     Scripts/fuzz.sh --build             build every target, and run none
#     Scripts/fuzz.sh TARGET SECONDS      build TARGET and fuzz it for SECONDS
#
# The build is `swift build -c release --package-path Fuzz` with AddressSanitizer (and so
# LeakSanitizer) and libFuzzer. The corpus lives in .build-fuzz/corpus/TARGET (kept between
# runs, never committed) and is seeded on every run from .build-fuzz/seeds/TARGET: the
# Fixtures/ files of the target's kind, Fuzz/Seeds/TARGET, the regression inputs in
# Fixtures/fuzz/TARGET and, when the folder exists, ../shared/external/ (copied into the
# scratch folder only; large JSON and CSV files are cut down to a few records first).
# A crash, leak, timeout or out-of-memory input is written to .build-fuzz/artifacts/TARGET/
# and the script exits non-zero. Each target runs with the libFuzzer dictionary of its
# input's vocabulary, Fuzz/Dictionaries/*.dict (-dict=).
#
# Environment: FUZZ_FRESH=1 empties the corpus first (a run from the seeds alone);
# FUZZ_NO_BUILD=1 runs the binary that `--build` left, without building (so that the build
# can take a lock that the run does not hold); FUZZ_EXTERNAL overrides the external-data
# folder; FUZZ_WORK the scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

TARGETS=(FuzzXMLReader FuzzCASE FuzzCTDL FuzzMedBiq FuzzCSV FuzzPlan)

usage() {
  echo "usage: Scripts/fuzz.sh --list | Scripts/fuzz.sh --build | Scripts/fuzz.sh TARGET SECONDS" >&2
  exit 2
}

# The dictionary of each target (Fuzz/Dictionaries/NAME.dict).
dictionary() {
  case "$1" in
    FuzzXMLReader|FuzzPlan) echo xml ;;
    FuzzCASE) echo case ;;
    FuzzCTDL) echo ctdl ;;
    FuzzMedBiq) echo medbiq ;;
    FuzzCSV) echo csv ;;
  esac
}

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${TARGETS[@]}"
  exit 0
fi

if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

# ---- Build ---------------------------------------------------------------------------
# -sanitize=fuzzer instruments every Swift module (the library's included) for coverage
# and links the toolchain's libFuzzer; lld because gold warns about ASan's local symbols.
FUZZ_FLAGS=(-c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
if [ "${1:-}" = "--build" ]; then
  [ $# -eq 1 ] || usage
  swift build "${FUZZ_FLAGS[@]}"
  exit 0
fi
[ $# -eq 2 ] || usage
TARGET=$1
SECONDS_TO_RUN=$2
printf '%s\n' "${TARGETS[@]}" | grep -qx -- "$TARGET" || { echo "error: unknown target '$TARGET' (see --list)" >&2; exit 2; }
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || usage

EXTERNAL=${FUZZ_EXTERNAL:-$ROOT/../shared/external}
WORK=${FUZZ_WORK:-$ROOT/.build-fuzz}
CORPUS=$WORK/corpus/$TARGET
SEEDS=$WORK/seeds/$TARGET
ARTIFACTS=$WORK/artifacts/$TARGET
LOG=$WORK/logs/$TARGET.log
MAX_SEED_BYTES=65536

DICTIONARY=$ROOT/Fuzz/Dictionaries/$(dictionary "$TARGET").dict

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then swift build "${FUZZ_FLAGS[@]}" --product "$TARGET"; fi
BIN=$(swift build "${FUZZ_FLAGS[@]}" --show-bin-path)/$TARGET
[ -x "$BIN" ] || { echo "error: $BIN is not built (run Scripts/fuzz.sh --build)" >&2; exit 2; }

# ---- Seeds ---------------------------------------------------------------------------
rm -rf "$SEEDS"
mkdir -p "$SEEDS" "$CORPUS" "$ARTIFACTS" "$(dirname "$LOG")"
if [ "${FUZZ_FRESH:-0}" = 1 ]; then find "$CORPUS" -mindepth 1 -delete; fi

# seed FILE...: copies each file (named after its path) when it is small enough.
seed() {
  local file name
  for file in "$@"; do
    [ -f "$file" ] || continue
    [ "$(wc -c < "$file")" -le "$MAX_SEED_BYTES" ] || continue
    name=$(realpath --relative-to="$ROOT/.." "$file" | tr '/' '_')
    cp "$file" "$SEEDS/$name"
  done
}

# seed_shrunk FILE...: like seed, but a large JSON document keeps only the first 5 items of
# every array, and a large CSV file its first 40 lines.
seed_shrunk() {
  local file name
  for file in "$@"; do
    [ -f "$file" ] || continue
    name=$(realpath --relative-to="$ROOT/.." "$file" | tr '/' '_')
    if [ "$(wc -c < "$file")" -le "$MAX_SEED_BYTES" ]; then
      cp "$file" "$SEEDS/$name"
    elif [[ "$file" == *.csv ]]; then
      head -n 40 "$file" > "$SEEDS/shrunk-$name"
    else
      python3 - "$file" "$SEEDS/shrunk-$name" <<'PY' || true
import json, sys
def shrink(value):
    if isinstance(value, list):
        return [shrink(item) for item in value[:5]]
    if isinstance(value, dict):
        return {key: shrink(item) for key, item in value.items()}
    return value
with open(sys.argv[1], encoding="utf-8") as source:
    document = json.load(source)
with open(sys.argv[2], "w", encoding="utf-8") as target:
    json.dump(shrink(document), target, ensure_ascii=False, indent=1)
PY
    fi
  done
}

# Every regular file under the folders given (that exist).
files() { local dir; for dir in "$@"; do [ -d "$dir" ] && find "$dir" -type f; done | sort; return 0; }

seed $(files "Fuzz/Seeds/$TARGET" "Fixtures/fuzz/$TARGET")
case "$TARGET" in
  FuzzXMLReader)
    seed $(files Fixtures/sample Fixtures/assignment Fixtures/format-examples Fixtures/validation Fixtures/invalid | grep '\.xml$')
    ;;
  FuzzCASE)
    seed_shrunk $(files "$EXTERNAL/opensalt-case" "$EXTERNAL/1edtech-case-schemas" | grep '\.json$')
    ;;
  FuzzCTDL)
    seed_shrunk $(files "$EXTERNAL/aamc-ctdl-asn" "$EXTERNAL/ctdl-asn-schema" | grep -E '\.(json|jsonld)$')
    ;;
  FuzzMedBiq)
    seed $(files "$EXTERNAL/medbiq" "$EXTERNAL/adl-competency-example" | grep '\.xml$')
    # A framework, a 0x00 byte and the documents beside it, each after a 0x00: the
    # Competency Objects it includes and the Performance Frameworks of its levels.
    bundle() {
      local out=$1 framework=$2 file; shift 2
      [ -f "$framework" ] || return 0
      { cat "$framework"; for file in "$@"; do [ -f "$file" ] && { printf '\0'; cat "$file"; }; done; } > "$SEEDS/$out"
      [ "$(wc -c < "$SEEDS/$out")" -le "$MAX_SEED_BYTES" ] || rm "$SEEDS/$out"
    }
    cook=$EXTERNAL/medbiq/shortordercook
    bundle shortordercook-bundle.bin "$cook/shortordercook_competencyframework.xml" \
      $(files "$cook" | grep -E '/[ce][0-9][a-z]?\.xml$') "$cook/short_order_cook_performanceframework.xml"
    adl=$EXTERNAL/adl-competency-example
    bundle adl-tetris-bundle.bin "$adl/competency-framework/xapi/tetris.xml" \
      $(files "$adl/competency/xapi/tetris") "$adl/performance-framework/xapi/tetris.xml"
    bundle adl-choosing-an-lms-bundle.bin "$adl/competency-framework/scorm/choosing-an-lms.xml" \
      $(files "$adl/competency/scorm/choosing-an-lms")
    ;;
  FuzzCSV)
    seed_shrunk $(files "$EXTERNAL/esco-v1.2.0" "$EXTERNAL/sfia9" "$EXTERNAL/ilios-aamc-pcrs" "$EXTERNAL/opensalt-case" | grep '\.csv$')
    ;;
  FuzzPlan)
    # A framework, a 0x00 byte and a roster; or a roster alone (against the framework the
    # target bundles, Fixtures/assignment/framework.xml).
    pair() { { cat "$1"; printf '\0'; cat "$2"; } > "$SEEDS/$3"; }
    pair Fixtures/assignment/framework.xml Fixtures/assignment/roster.xml assignment-pair.bin
    pair Fixtures/assignment/framework.xml Fixtures/assignment/roster-bad.xml assignment-bad-pair.bin
    pair Fixtures/format-examples/framework.xml Fixtures/format-examples/roster.xml format-examples-pair.bin
    seed Fixtures/assignment/roster.xml Fixtures/assignment/roster-bad.xml
    ;;
esac
echo "seeds: $(find "$SEEDS" -type f | wc -l) files in $SEEDS; corpus: $(find "$CORPUS" -type f | wc -l) files in $CORPUS"

# ---- Run -----------------------------------------------------------------------------
if [ -x "$(command -v llvm-symbolizer)" ]; then export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer)}; fi
# The Swift runtime's own crash handler would race libFuzzer's and trips ASan as it reads
# the crashed process's stack; libFuzzer reports crashes (and a fatalError's message) itself.
export SWIFT_BACKTRACE=enable=no
set +e
"$BIN" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict="$DICTIONARY" -artifact_prefix="$ARTIFACTS/" "$CORPUS" "$SEEDS" > "$LOG" 2>&1
STATUS=$?
set -e

# ---- Report --------------------------------------------------------------------------
echo "== $TARGET, $SECONDS_TO_RUN s (log: $LOG)"
grep -E '^#[0-9]+.*INITED' "$LOG" || true
grep -E '^#[0-9]+' "$LOG" | grep -v INITED | tail -n 1 || true
grep -E '^(Done [0-9]+ runs|stat::)' "$LOG" || true
if [ "$STATUS" -ne 0 ]; then
  echo "== FINDING: libFuzzer exited with $STATUS" >&2
  grep -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*fatalError|ALARM|.*: deadly signal|.*out-of-memory|artifact_prefix|Test unit written)' "$LOG" >&2 || true
  grep -E -A40 '^==[0-9]+==ERROR' "$LOG" | head -n 60 >&2 || true
  ls -l "$ARTIFACTS" >&2
  exit 1
fi
