/*
 * fuzz.h — the fuzz targets as plain functions.
 *
 * Each tests/fuzz/fuzz_<target>.c defines fuzz_<target>(), which takes one
 * input (borrowed) and returns 0; it aborts only when an invariant of the
 * code under test is broken. Built with -DRD_FUZZ_ENTRY (make fuzz) a file
 * also defines libFuzzer's LLVMFuzzerTestOneInput() through FUZZ_ENTRY();
 * without it the same functions are linked into the unit test
 * test_fuzz_replay, which replays the seed corpora and every kept crasher
 * (tests/fuzz/regress/<target>/) in make test, without clang.
 */
#ifndef RD_TESTS_FUZZ_H
#define RD_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int fuzz_bundle(const uint8_t *data, size_t size);
int fuzz_manifest(const uint8_t *data, size_t size);
int fuzz_image(const uint8_t *data, size_t size);
int fuzz_bankcsv(const uint8_t *data, size_t size);
int fuzz_config(const uint8_t *data, size_t size);

#ifdef RD_FUZZ_ENTRY
#define FUZZ_ENTRY(fn)                                                     \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);      \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)       \
	{                                                                  \
		return fn(data, size);                                     \
	}
#else
#define FUZZ_ENTRY(fn)
#endif

#endif
