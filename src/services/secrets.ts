import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

const PIN_LOG2_COST = 14;

/**
 * Passwords are hashed with scrypt (OWASP: N=2^17, r=8, p=1); PINs with N=2^14.
 * The cost is stored in each hash so it can be raised without breaking old ones.
 */
export class SecretHasher {
  constructor(private readonly log2Cost = 17) {}

  /**
   * A PIN has at most 10^8 values, so no scrypt cost saves a stolen PIN hash;
   * what guards a PIN is the online lockout. Hashing it at the password cost
   * would only make every hand-off (two PINs) queue for seconds on a laptop.
   */
  hashPin(pin: string): Promise<string> {
    return this.hashAt(pin, Math.min(this.log2Cost, PIN_LOG2_COST));
  }

  hash(secret: string): Promise<string> {
    return this.hashAt(secret, this.log2Cost);
  }

  private async hashAt(secret: string, log2Cost: number): Promise<string> {
    const salt = crypto.randomBytes(16);
    const N = 2 ** log2Cost;
    const key = await scrypt(secret.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
    return `scrypt$${log2Cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(secret: string, stored: string | null): Promise<boolean> {
    if (!stored) {
      // Spend the same time as a real check so an unknown account is not told apart.
      await this.hash(secret);
      return false;
    }
    const [scheme, log2, r, p, salt, expected] = stored.split('$');
    if (scheme !== 'scrypt' || !log2 || !r || !p || !salt || !expected) return false;
    const N = 2 ** Number(log2);
    const want = Buffer.from(expected, 'base64');
    const key = await scrypt(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), want.length, {
      N,
      r: Number(r),
      p: Number(p),
      maxmem: 256 * N * Number(r),
    });
    return crypto.timingSafeEqual(key, want);
  }
}

/** A random secret for tokens and codes: 32 bytes, URL-safe. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Tokens and codes are stored only as their SHA-256. */
export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

const SET_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The set's public code: 10 characters without look-alikes (0/O, 1/I), about 50 bits. */
export function randomSetCode(): string {
  const bytes = crypto.randomBytes(10);
  let code = '';
  for (const byte of bytes) code += SET_CODE_ALPHABET[byte % SET_CODE_ALPHABET.length];
  return code;
}

export function newId(): string {
  return crypto.randomUUID();
}
