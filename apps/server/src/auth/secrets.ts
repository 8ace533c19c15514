import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt is memory-hard like argon2 and bcrypt (the usual choices for passwords) and ships with node: no new
// dependency. N=2^14, r=8 is the parameter set RFC 7914 and OWASP name for interactive logins.
const N = 16_384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** A password hash as stored: `scrypt$N$r$p$salt$key` (base64url), parameters kept for later upgrades. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches a hash made by {@link hashPassword}; constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Tokens and keys are random (256 bits), so a fast hash is enough: nobody can brute-force them, and
 * looking one up by its hash costs one index read per request.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A fresh secret with a readable prefix (`sf_` tokens, `wk_` write keys) so leaks are easy to spot. */
export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;
