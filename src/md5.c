/*-------------------------------------------------------------------------
 *
 * md5.c
 *	  MD5 (RFC 1321), computed here rather than through pg_md5_hash: with
 *	  OpenSSL every pg_md5_hash call creates, registers and frees a digest
 *	  context, which costs more than hashing the few hundred bytes of a
 *	  change, and a no-op update hashes every change of the changelog.
 *	  Plain C with no backend calls, so test/unit checks it against OpenSSL.
 *
 *-------------------------------------------------------------------------
 */
#include "c.h"

#include "md5.h"

#define MD5_ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

/* the sines table: floor(abs(sin(i + 1)) * 2^32) */
static const uint32 md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
};
static const uint8 md5_r[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
};

static void
md5_block(ClMd5 *m, const uint8 *p)
{
	uint32		w[16];
	uint32		a = m->a,
				b = m->b,
				c = m->c,
				d = m->d;
	int			i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32) p[i * 4] | ((uint32) p[i * 4 + 1] << 8) |
			((uint32) p[i * 4 + 2] << 16) | ((uint32) p[i * 4 + 3] << 24);
	for (i = 0; i < 64; i++)
	{
		uint32		f;
		int			g;
		uint32		t;

		if (i < 16)
		{
			f = (b & c) | (~b & d);
			g = i;
		}
		else if (i < 32)
		{
			f = (d & b) | (~d & c);
			g = (5 * i + 1) & 15;
		}
		else if (i < 48)
		{
			f = b ^ c ^ d;
			g = (3 * i + 5) & 15;
		}
		else
		{
			f = c ^ (b | ~d);
			g = (7 * i) & 15;
		}
		t = d;
		d = c;
		c = b;
		b = b + MD5_ROTL(a + f + md5_k[i] + w[g], md5_r[i]);
		a = t;
	}
	m->a += a;
	m->b += b;
	m->c += c;
	m->d += d;
}

void
cl_md5_init(ClMd5 *m)
{
	m->a = 0x67452301;
	m->b = 0xefcdab89;
	m->c = 0x98badcfe;
	m->d = 0x10325476;
	m->len = 0;
}

void
cl_md5_update(ClMd5 *m, const void *data, size_t len)
{
	const uint8 *p = (const uint8 *) data;
	size_t		have = m->len & 63;

	m->len += len;
	if (have > 0)
	{
		size_t		take = Min(len, 64 - have);

		memcpy(m->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		md5_block(m, m->buf);
	}
	while (len >= 64)
	{
		md5_block(m, p);
		p += 64;
		len -= 64;
	}
	memcpy(m->buf, p, len);
}

void
cl_md5_final_hex(ClMd5 *m, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	uint64		bits = m->len * 8;
	size_t		have = m->len & 63;
	uint8		pad[72];
	size_t		padlen = (have < 56 ? 56 - have : 120 - have);
	uint32		v[4];
	int			i;

	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[padlen + i] = (uint8) (bits >> (8 * i));
	cl_md5_update(m, pad, padlen + 8);
	v[0] = m->a;
	v[1] = m->b;
	v[2] = m->c;
	v[3] = m->d;
	for (i = 0; i < 16; i++)
	{
		uint8		byte = (uint8) (v[i / 4] >> (8 * (i % 4)));

		hex[i * 2] = digits[byte >> 4];
		hex[i * 2 + 1] = digits[byte & 15];
	}
	hex[32] = '\0';
}

