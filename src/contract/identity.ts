// The instance and identity: health, first-run setup, signing in, the
// signed-in person and their PIN (API.md, "Instance and identity").
import { z } from 'zod';
import { locales } from '../i18n/locales.js';
import { id, pin, role } from './common.js';

/** ASVS 2.1.1/2.1.2: at least 12 characters, long passphrases allowed. */
export const password = z.string().min(12, 'must be at least 12 characters').max(128, 'must be at most 128 characters');

/** An email address, kept lower-case so that one person has one account. */
export const email = z
  .string()
  .trim()
  .max(254)
  .email('must be an email address')
  .transform((value) => value.toLowerCase());

/** A person's name as the crew knows them. */
export const personName = z.string().trim().min(1, 'is required').max(120);

export const setupBody = z.object({
  /** the one-time token printed when Setbook first started */
  setupToken: z.string().min(1, 'is required').max(200),
  /** the first user's email; they sign in with it */
  email,
  /** the first user's name */
  name: personName,
  /** the first user's password */
  password,
});

export const loginBody = z.object({
  /** the email the account was made with */
  email,
  /** the account password */
  password: z.string().min(1, 'is required').max(128),
});

export const pinBody = z.object({
  /** 4 to 8 digits, typed on the armorer's tablet to confirm in person */
  pin,
  /** the account password, proving it is really you */
  password: z.string().min(1, 'is required').max(128),
});

/** A language Setbook speaks: English, Spanish or Ukrainian. */
export const locale = z.enum(locales);

export const localeBody = z.object({
  /** the language of the person's emails and printouts; null goes back to English */
  locale: locale.nullable(),
});

export const user = z.object({
  id,
  email: z.string(),
  name: z.string(),
  /** a PIN is set, so this person can confirm in person */
  hasPin: z.boolean(),
  /** the language the person chose; null when they have not chosen */
  locale: locale.nullable(),
});

/** A signed-in answer: the person, and a bearer token (the same session is also set as an HttpOnly cookie). */
export const session = z
  .object({
    user,
    /** the session's bearer token; shown once, only its hash is kept */
    token: z.string(),
  })
  .describe('Signed in');

export const health = z
  .object({
    status: z.literal('ok'),
    /** the server's version */
    version: z.string(),
    /** the engine holding the data */
    database: z.enum(['sqlite', 'postgres']),
    /** no user exists yet: the web app offers first-run setup */
    setupNeeded: z.boolean(),
  })
  .describe('The server is up');

export const membership = z.object({
  productionId: id,
  productionName: z.string(),
  /** the person's roles there */
  roles: z.array(role),
  department: z.string().nullable(),
});

export const me = z
  .object({
    user,
    /** every production the person is on */
    memberships: z.array(membership),
  })
  .describe('The signed-in person');

export type Health = z.infer<typeof health>;
export type Membership = z.infer<typeof membership>;
export type Me = z.infer<typeof me>;
