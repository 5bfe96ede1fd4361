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

/* the four round functions, and one step of a round (RFC 1321, 3.4) */
#define MD5_F(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MD5_G(x, y, z) ((y) ^ ((z) & ((x) ^ (y))))
#define MD5_H(x, y, z) ((x) ^ (y) ^ (z))
#define MD5_I(x, y, z) ((y) ^ ((x) | ~(z)))
#define MD5_STEP(f, a, b, c, d, x, k, s) \
	do { \
		(a) += f((b), (c), (d)) + (x) + (k); \
		(a) = MD5_ROTL((a), (s)) + (b); \
	} while (0)

/* One 64-byte block, the 64 steps written out (the table indices fold). */
static void
md5_block(ClMd5 *m, const uint8 *p)
{
	uint32		w[16];
	uint32		a = m->a,
				b = m->b,
				c = m->c,
				d = m->d;
#ifdef WORDS_BIGENDIAN
	int			i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32) p[i * 4] | ((uint32) p[i * 4 + 1] << 8) |
			((uint32) p[i * 4 + 2] << 16) | ((uint32) p[i * 4 + 3] << 24);
#else
	memcpy(w, p, sizeof(w));
#endif
	MD5_STEP(MD5_F, a, b, c, d, w[0], md5_k[0], 7);
	MD5_STEP(MD5_F, d, a, b, c, w[1], md5_k[1], 12);
	MD5_STEP(MD5_F, c, d, a, b, w[2], md5_k[2], 17);
	MD5_STEP(MD5_F, b, c, d, a, w[3], md5_k[3], 22);
	MD5_STEP(MD5_F, a, b, c, d, w[4], md5_k[4], 7);
	MD5_STEP(MD5_F, d, a, b, c, w[5], md5_k[5], 12);
	MD5_STEP(MD5_F, c, d, a, b, w[6], md5_k[6], 17);
	MD5_STEP(MD5_F, b, c, d, a, w[7], md5_k[7], 22);
	MD5_STEP(MD5_F, a, b, c, d, w[8], md5_k[8], 7);
	MD5_STEP(MD5_F, d, a, b, c, w[9], md5_k[9], 12);
	MD5_STEP(MD5_F, c, d, a, b, w[10], md5_k[10], 17);
	MD5_STEP(MD5_F, b, c, d, a, w[11], md5_k[11], 22);
	MD5_STEP(MD5_F, a, b, c, d, w[12], md5_k[12], 7);
	MD5_STEP(MD5_F, d, a, b, c, w[13], md5_k[13], 12);
	MD5_STEP(MD5_F, c, d, a, b, w[14], md5_k[14], 17);
	MD5_STEP(MD5_F, b, c, d, a, w[15], md5_k[15], 22);
	MD5_STEP(MD5_G, a, b, c, d, w[1], md5_k[16], 5);
	MD5_STEP(MD5_G, d, a, b, c, w[6], md5_k[17], 9);
	MD5_STEP(MD5_G, c, d, a, b, w[11], md5_k[18], 14);
	MD5_STEP(MD5_G, b, c, d, a, w[0], md5_k[19], 20);
	MD5_STEP(MD5_G, a, b, c, d, w[5], md5_k[20], 5);
	MD5_STEP(MD5_G, d, a, b, c, w[10], md5_k[21], 9);
	MD5_STEP(MD5_G, c, d, a, b, w[15], md5_k[22], 14);
	MD5_STEP(MD5_G, b, c, d, a, w[4], md5_k[23], 20);
	MD5_STEP(MD5_G, a, b, c, d, w[9], md5_k[24], 5);
	MD5_STEP(MD5_G, d, a, b, c, w[14], md5_k[25], 9);
	MD5_STEP(MD5_G, c, d, a, b, w[3], md5_k[26], 14);
	MD5_STEP(MD5_G, b, c, d, a, w[8], md5_k[27], 20);
	MD5_STEP(MD5_G, a, b, c, d, w[13], md5_k[28], 5);
	MD5_STEP(MD5_G, d, a, b, c, w[2], md5_k[29], 9);
	MD5_STEP(MD5_G, c, d, a, b, w[7], md5_k[30], 14);
	MD5_STEP(MD5_G, b, c, d, a, w[12], md5_k[31], 20);
	MD5_STEP(MD5_H, a, b, c, d, w[5], md5_k[32], 4);
	MD5_STEP(MD5_H, d, a, b, c, w[8], md5_k[33], 11);
	MD5_STEP(MD5_H, c, d, a, b, w[11], md5_k[34], 16);
	MD5_STEP(MD5_H, b, c, d, a, w[14], md5_k[35], 23);
	MD5_STEP(MD5_H, a, b, c, d, w[1], md5_k[36], 4);
	MD5_STEP(MD5_H, d, a, b, c, w[4], md5_k[37], 11);
	MD5_STEP(MD5_H, c, d, a, b, w[7], md5_k[38], 16);
	MD5_STEP(MD5_H, b, c, d, a, w[10], md5_k[39], 23);
	MD5_STEP(MD5_H, a, b, c, d, w[13], md5_k[40], 4);
	MD5_STEP(MD5_H, d, a, b, c, w[0], md5_k[41], 11);
	MD5_STEP(MD5_H, c, d, a, b, w[3], md5_k[42], 16);
	MD5_STEP(MD5_H, b, c, d, a, w[6], md5_k[43], 23);
	MD5_STEP(MD5_H, a, b, c, d, w[9], md5_k[44], 4);
	MD5_STEP(MD5_H, d, a, b, c, w[12], md5_k[45], 11);
	MD5_STEP(MD5_H, c, d, a, b, w[15], md5_k[46], 16);
	MD5_STEP(MD5_H, b, c, d, a, w[2], md5_k[47], 23);
	MD5_STEP(MD5_I, a, b, c, d, w[0], md5_k[48], 6);
	MD5_STEP(MD5_I, d, a, b, c, w[7], md5_k[49], 10);
	MD5_STEP(MD5_I, c, d, a, b, w[14], md5_k[50], 15);
	MD5_STEP(MD5_I, b, c, d, a, w[5], md5_k[51], 21);
	MD5_STEP(MD5_I, a, b, c, d, w[12], md5_k[52], 6);
	MD5_STEP(MD5_I, d, a, b, c, w[3], md5_k[53], 10);
	MD5_STEP(MD5_I, c, d, a, b, w[10], md5_k[54], 15);
	MD5_STEP(MD5_I, b, c, d, a, w[1], md5_k[55], 21);
	MD5_STEP(MD5_I, a, b, c, d, w[8], md5_k[56], 6);
	MD5_STEP(MD5_I, d, a, b, c, w[15], md5_k[57], 10);
	MD5_STEP(MD5_I, c, d, a, b, w[6], md5_k[58], 15);
	MD5_STEP(MD5_I, b, c, d, a, w[13], md5_k[59], 21);
	MD5_STEP(MD5_I, a, b, c, d, w[4], md5_k[60], 6);
	MD5_STEP(MD5_I, d, a, b, c, w[11], md5_k[61], 10);
	MD5_STEP(MD5_I, c, d, a, b, w[2], md5_k[62], 15);
	MD5_STEP(MD5_I, b, c, d, a, w[9], md5_k[63], 21);
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
	uint32		v[4];
	int			i;
	int			j;

	/* the padding written in place: 0x80, zeros, the length in bits */
	m->buf[have++] = 0x80;
	if (have > 56)
	{
		memset(m->buf + have, 0, 64 - have);
		md5_block(m, m->buf);
		have = 0;
	}
	memset(m->buf + have, 0, 56 - have);
	for (i = 0; i < 8; i++)
		m->buf[56 + i] = (uint8) (bits >> (8 * i));
	md5_block(m, m->buf);
	v[0] = m->a;
	v[1] = m->b;
	v[2] = m->c;
	v[3] = m->d;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
		{
			uint8		byte = (uint8) (v[i] >> (8 * j));

			*hex++ = digits[byte >> 4];
			*hex++ = digits[byte & 15];
		}
	*hex = '\0';
}

