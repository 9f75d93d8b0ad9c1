/*
 * fuzz_clean.c - libFuzzer target for the file cleaners (lib/clean):
 * libjpeg-turbo, libpng and libqpdf on untrusted bytes. The first byte
 * chooses JPEG, PNG or PDF; the rest is the file. A cleaned file must be
 * a file of the same kind that cleans again (seeds: the crafted carriers
 * of tests/integration/carriers.py, written by scripts/run-fuzz.sh).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const magic[] = { "\xff\xd8", "\x89PNG", "%PDF-" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum clean_status	(*fn[])(const unsigned char *, size_t,
				    unsigned char **, size_t *) =
				    { clean_jpeg, clean_png, clean_pdf };
	unsigned char		*out, *again;
	size_t			 n, m, k;

	if (size < 1)
		return 0;
	k = data[0] % 3;
	if (fn[k](data + 1, size - 1, &out, &n) != CLEAN_OK) {
		if (out != NULL || n != 0)
			abort();
		return 0;
	}
	if (out == NULL || n == 0 ||
	    memcmp(out, magic[k], strlen(magic[k])) != 0)
		abort();
	if (fn[k](out, n, &again, &m) != CLEAN_OK)
		abort();
	free(again);
	free(out);
	return 0;
}
