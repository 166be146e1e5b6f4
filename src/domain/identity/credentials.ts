import { z } from 'zod';

/** ASVS 2.1.1/2.1.2: at least 12 characters, long passphrases allowed. */
export const password = z.string().min(12, 'must be at least 12 characters').max(128, 'must be at most 128 characters');

/** A PIN confirms "I was shown this" in person on the armorer's tablet. */
export const pin = z.string().regex(/^[0-9]{4,8}$/, 'must be 4 to 8 digits');

export const email = z
  .string()
  .trim()
  .max(254)
  .email('must be an email address')
  .transform((value) => value.toLowerCase());

export const personName = z.string().trim().min(1, 'is required').max(120);
