// SwiftPM links every Linux executable with `--defsym main=<Module>_main` (so that tests can
// link against executables), and a module parsed as a library defines no `<Module>_main`:
// the link fails. So the targets keep top-level code, which becomes `<Module>_main`, and
// that code hands the process to libFuzzer here. libFuzzer's `main` is then never linked.
#include "CFuzzerDriver.h"

#include <stddef.h>
#include <stdint.h>

extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int competencykit_fuzzer_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
