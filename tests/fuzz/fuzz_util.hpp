// Shared by the fuzz targets: a finding is a crash, a sanitizer report, a
// leak, a timeout, or an exception other than kg::Error escaping (libraries
// promise to throw only kg::Error for bad input). Invariant violations are
// reported with fuzz_check, which aborts.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

#define fuzz_check(cond, what)                                              \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s)\n", what, #cond); \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

inline std::string fuzz_source_path(const char* rel) { return std::string(KG_SOURCE_DIR) + "/" + rel; }
