/*
 * test_totp.c - one-time codes and the enrolment QR code (lib/totp).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "arena.h"
#include "buf.h"
#include "totp.h"

/* RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" in base32. */
#define RFC_SECRET	"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define DEMO_SECRET	"JBSWY3DPEHPK3PXP"
#define DEMO_URI	"otpauth://totp/Gezinsportaal:kees?secret=" \
			DEMO_SECRET "&issuer=Gezinsportaal&algorithm=SHA1" \
			"&digits=6&period=30"

static const struct {
	int64_t		 t;
	const char	*code8;
} rfc_vectors[] = {
	{ 59LL,		 "94287082" },
	{ 1111111109LL,	 "07081804" },
	{ 1111111111LL,	 "14050471" },
	{ 1234567890LL,	 "89005924" },
	{ 2000000000LL,	 "69279037" },
	{ 20000000000LL, "65353130" },
};

static int
setup(void **state)
{
	(void)state;
	return totp_init();
}

static void
test_totp_rfc6238_vectors(void **state)
{
	char	 out[16];
	int64_t	 step;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(rfc_vectors) / sizeof(rfc_vectors[0]); i++) {
		step = rfc_vectors[i].t / TOTP_STEP;
		assert_int_equal(totp_code(RFC_SECRET, step, 8, out,
		    sizeof(out)), 0);
		assert_string_equal(out, rfc_vectors[i].code8);
		/* six digits: the last six of the eight */
		assert_int_equal(totp_code(RFC_SECRET, step, 6, out,
		    sizeof(out)), 0);
		assert_string_equal(out, rfc_vectors[i].code8 + 2);
	}
}

static void
test_totp_verify_accepts_the_vectors_and_says_the_step(void **state)
{
	int64_t	 step;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(rfc_vectors) / sizeof(rfc_vectors[0]); i++) {
		assert_int_equal(totp_verify(RFC_SECRET,
		    (time_t)rfc_vectors[i].t, rfc_vectors[i].code8 + 2,
		    &step), 0);
		assert_int_equal(step, rfc_vectors[i].t / TOTP_STEP);
	}
}

static void
test_totp_one_step_either_side_is_accepted(void **state)
{
	const time_t	 now = 1700000015;	/* mid-step */
	const int64_t	 cur = now / TOTP_STEP;
	char		 code[8];
	int64_t		 step, d;

	(void)state;
	for (d = -1; d <= 1; d++) {
		assert_int_equal(totp_code(DEMO_SECRET, cur + d, 6, code,
		    sizeof(code)), 0);
		assert_int_equal(totp_verify(DEMO_SECRET, now, code, &step),
		    0);
		assert_int_equal(step, cur + d);
	}
}

static void
test_totp_two_steps_away_is_refused(void **state)
{
	const time_t	 now = 1700000015;
	const int64_t	 cur = now / TOTP_STEP;
	char		 code[8], near[3][8];
	int64_t		 step, d;
	int		 i, clash;

	(void)state;
	for (d = -1; d <= 1; d++)
		assert_int_equal(totp_code(DEMO_SECRET, cur + d, 6,
		    near[d + 1], sizeof(near[0])), 0);
	for (d = -2; d <= 2; d += 4) {
		assert_int_equal(totp_code(DEMO_SECRET, cur + d, 6, code,
		    sizeof(code)), 0);
		for (clash = 0, i = 0; i < 3; i++)
			clash |= strcmp(code, near[i]) == 0;
		if (clash)	/* one in a million: same digits by chance */
			continue;
		assert_int_equal(totp_verify(DEMO_SECRET, now, code, &step),
		    1);
	}
	/* far away too */
	assert_int_equal(totp_code(DEMO_SECRET, cur - 100, 6, code,
	    sizeof(code)), 0);
	assert_int_equal(totp_verify(DEMO_SECRET, now, code, &step), 1);
}

static void
test_totp_only_six_digits_count(void **state)
{
	const time_t	 now = 1111111111;
	int64_t		 step;

	(void)state;
	assert_int_equal(totp_verify(RFC_SECRET, now, "050471", &step), 0);
	assert_int_equal(totp_verify(RFC_SECRET, now, "050 471", &step), 0);
	assert_int_equal(totp_verify(RFC_SECRET, now, "05047", &step), 1);
	assert_int_equal(totp_verify(RFC_SECRET, now, "0504711", &step), 1);
	assert_int_equal(totp_verify(RFC_SECRET, now, "14050471", &step), 1);
	assert_int_equal(totp_verify(RFC_SECRET, now, "05047a", &step), 1);
	assert_int_equal(totp_verify(RFC_SECRET, now, "", &step), 1);
	assert_int_equal(totp_verify(RFC_SECRET, now, "-50471", &step), 1);
}

static void
test_totp_base32_secrets(void **state)
{
	char	 a[8], b[8];
	int64_t	 step;

	(void)state;
	assert_true(totp_secret_ok(DEMO_SECRET));
	assert_true(totp_secret_ok("KRSXG5CTMVRXEZLU"));
	assert_true(totp_secret_ok(RFC_SECRET));
	/* case and blanks do not matter: the same key */
	assert_true(totp_secret_ok("jbsw y3dp ehpk 3pxp"));
	assert_int_equal(totp_code(DEMO_SECRET, 1234, 6, a, sizeof(a)), 0);
	assert_int_equal(totp_code("jbsw y3dp ehpk 3pxp", 1234, 6, b,
	    sizeof(b)), 0);
	assert_string_equal(a, b);
	/* not base32, or too short (under 80 bits) */
	assert_false(totp_secret_ok("JBSWY3DPEHPK3PX!"));
	assert_false(totp_secret_ok("JBSWY3DPEHPK018"));
	assert_false(totp_secret_ok("JBSWY3DP"));
	assert_false(totp_secret_ok(""));
	assert_false(totp_secret_ok(NULL));
	assert_int_equal(totp_verify("JBSWY3DP", 0, "123456", &step), -1);
}

static void
test_totp_new_secrets_are_base32_and_differ(void **state)
{
	char	 a[TOTP_SECRET_B32_MAX + 1], b[TOTP_SECRET_B32_MAX + 1];
	size_t	 i;

	(void)state;
	assert_int_equal(totp_secret_new(a, sizeof(a)), 0);
	assert_int_equal(totp_secret_new(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), 32);	/* 160 bits */
	for (i = 0; a[i] != '\0'; i++)
		assert_true((a[i] >= 'A' && a[i] <= 'Z') ||
		    (a[i] >= '2' && a[i] <= '7'));
	assert_string_not_equal(a, b);
	assert_true(totp_secret_ok(a));
	assert_int_equal(totp_secret_new(a, 10), -1);	/* no room */
}

static void
test_totp_uri_and_groups(void **state)
{
	struct arena	*ar = arena_new(4096);
	struct buf	 b;

	(void)state;
	buf_init(&b, ar, 0);
	totp_uri(&b, "kees", DEMO_SECRET);
	assert_string_equal(buf_cstr(&b), DEMO_URI);
	buf_reset(&b);
	totp_uri(&b, "a b", DEMO_SECRET);	/* not a legal name, but safe */
	assert_non_null(strstr(buf_cstr(&b), "Gezinsportaal:a%20b?"));
	buf_reset(&b);
	totp_secret_groups(&b, "ABCDEFGHIJKLMNOPQRST");
	assert_string_equal(buf_cstr(&b), "ABCD EFGH IJKL MNOP QRST");
	buf_reset(&b);
	totp_secret_groups(&b, "ABCDEF");
	assert_string_equal(buf_cstr(&b), "ABCD EF");
	arena_free(ar);
}

/* Every tag closed or self-closed, in order; only svg, title, rect. */
static int
svg_well_formed(const char *s)
{
	const char	*stack[4];
	int		 depth = 0;
	size_t		 n;

	while ((s = strchr(s, '<')) != NULL) {
		if (strncmp(s, "</", 2) == 0) {
			if (depth == 0)
				return 0;
			n = strlen(stack[depth - 1]);
			if (strncmp(s + 2, stack[depth - 1], n) != 0 ||
			    s[2 + n] != '>')
				return 0;
			depth--;
		} else if (strncmp(s, "<svg ", 5) == 0 ||
		    strncmp(s, "<title", 6) == 0) {
			if (depth == 4)
				return 0;
			stack[depth++] = s[1] == 's' ? "svg" : "title";
			if (strchr(s, '>') == NULL || strchr(s, '>')[-1] == '/')
				return 0;
		} else if (strncmp(s, "<rect ", 6) == 0) {
			if (strchr(s, '>') == NULL ||
			    strchr(s, '>')[-1] != '/')
				return 0;
		} else
			return 0;
		s++;
	}
	return depth == 0;
}

static void
test_totp_qr_svg_is_well_formed(void **state)
{
	struct arena	*ar = arena_new(1 << 16);
	struct buf	 b;
	QRcode		*qr;
	char		 want[128];
	const char	*svg;

	(void)state;
	buf_init(&b, ar, 0);
	assert_int_equal(totp_qr_svg(&b, DEMO_URI, "QR-code <voor> \"u\" & ik"),
	    0);
	assert_false(b.failed);
	svg = buf_cstr(&b);
	assert_true(svg_well_formed(svg));
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
	    40) == 0);
	assert_non_null(strstr(svg, " role=\"img\" aria-labelledby=\"qr-title\""));
	/* the text alternative, escaped */
	assert_non_null(strstr(svg, "<title id=\"qr-title\">QR-code &lt;voor&gt; "
	    "&quot;u&quot; &amp; ik</title>"));
	/* the symbol's size with a quiet zone of 4 modules each side */
	qr = QRcode_encodeString(DEMO_URI, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(qr);
	snprintf(want, sizeof(want), "viewBox=\"0 0 %d %d\"", qr->width + 8,
	    qr->width + 8);
	assert_non_null(strstr(svg, want));
	QRcode_free(qr);
	/* the top-left finder pattern: a run of 7 dark modules */
	assert_non_null(strstr(svg, "<rect x=\"4\" y=\"4\" width=\"7\" "
	    "height=\"1\" fill=\"#000\"/>"));
	assert_true(strlen(svg) > 2000);
	arena_free(ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totp_rfc6238_vectors),
		cmocka_unit_test(test_totp_verify_accepts_the_vectors_and_says_the_step),
		cmocka_unit_test(test_totp_one_step_either_side_is_accepted),
		cmocka_unit_test(test_totp_two_steps_away_is_refused),
		cmocka_unit_test(test_totp_only_six_digits_count),
		cmocka_unit_test(test_totp_base32_secrets),
		cmocka_unit_test(test_totp_new_secrets_are_base32_and_differ),
		cmocka_unit_test(test_totp_uri_and_groups),
		cmocka_unit_test(test_totp_qr_svg_is_well_formed),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
