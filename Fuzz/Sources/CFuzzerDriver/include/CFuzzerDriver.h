#ifndef COMPETENCYKIT_FUZZER_DRIVER_H
#define COMPETENCYKIT_FUZZER_DRIVER_H

/// Runs libFuzzer's driver (`LLVMFuzzerRunDriver`, from the toolchain's libFuzzer) on the
/// target's `LLVMFuzzerTestOneInput`, with the process's arguments: what libFuzzer's own
/// `main` does. Each fuzz target's top-level code calls it.
int competencykit_fuzzer_main(int argc, char **argv);

#endif
