/*
 * Unit test of src/md5.c: the RFC 1321 test suite, then every length from 0
 * to 1,100 bytes (all padding cases, several blocks) and data fed in uneven
 * pieces, each compared with OpenSSL's MD5.
 */
#include "c.h"

#include <openssl/evp.h>

#include "md5.h"

/* c.h maps these to libpgport's; the test needs only the C library's */
#undef printf
#undef sprintf
#undef snprintf

static int	n_checks;
static int	n_failed;

static void
check(const char *what, const char *got, const char *want)
{
	n_checks++;
	if (strcmp(got, want) != 0)
	{
		n_failed++;
		printf("FAIL %s: got %s, want %s\n", what, got, want);
	}
}

static void
ours(const unsigned char *data, size_t len, size_t piece, char *hex)
{
	ClMd5		m;
	size_t		off = 0;

	cl_md5_init(&m);
	while (off < len)
	{
		size_t		n = (piece == 0 || len - off < piece) ? len - off : piece;

		cl_md5_update(&m, data + off, n);
		off += n;
	}
	cl_md5_final_hex(&m, hex);
}

static void
openssl(const unsigned char *data, size_t len, char *hex)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int l;
	unsigned int i;

	EVP_Digest(data, len, d, &l, EVP_md5(), NULL);
	for (i = 0; i < l; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

int
main(void)
{
	static const char *const rfc[][2] = {
		{"", "d41d8cd98f00b204e9800998ecf8427e"},
		{"a", "0cc175b9c0f1b6a831c399e269772661"},
		{"abc", "900150983cd24fb0d6963f7d28e17f72"},
		{"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
		{"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		"d174ab98d277d9f5a5611c2c9f419d9f"},
		{"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		"57edf4a22be3c955ac49da2e2107b67a"},
	};
	unsigned char buf[1100];
	char		got[33];
	char		want[33];
	size_t		i;
	size_t		len;
	uint32		x = 12345;

	for (i = 0; i < lengthof(rfc); i++)
	{
		ours((const unsigned char *) rfc[i][0], strlen(rfc[i][0]), 0, got);
		check(rfc[i][0], got, rfc[i][1]);
	}
	for (i = 0; i < sizeof(buf); i++)
	{
		x = x * 1103515245 + 12345;
		buf[i] = (unsigned char) (x >> 16);
	}
	for (len = 0; len <= sizeof(buf); len++)
	{
		static const size_t pieces[] = {0, 1, 7, 63, 64, 65};
		char		what[64];
		size_t		k;

		openssl(buf, len, want);
		for (k = 0; k < lengthof(pieces); k++)
		{
			ours(buf, len, pieces[k], got);
			snprintf(what, sizeof(what), "%zu bytes in pieces of %zu", len, pieces[k]);
			check(what, got, want);
		}
	}
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}
