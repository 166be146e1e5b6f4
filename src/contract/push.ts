// Web Push: the server's public key and each person's devices (README, "Push").
import { z } from 'zod';
import { id, instant } from './common.js';
import { locales } from '../i18n/locales.js';

/** A base64url string of a key the browser made (RFC 8291 section 3). */
const base64url = (max: number) => z.string().min(1, 'is required').max(max).regex(/^[A-Za-z0-9_-]+=*$/, 'must be base64url');

export const pushKey = z
  .object({
    /** the server's VAPID public key (RFC 8292), base64url: the browser's applicationServerKey */
    publicKey: z.string(),
  })
  .describe('The key a browser subscribes with');

export const pushDeviceBody = z.object({
  /** the push service's address for this browser, from PushSubscription.endpoint: always HTTPS */
  endpoint: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .max(1000),
  keys: z.object({
    /** the browser's P-256 public key, uncompressed (65 bytes), base64url */
    p256dh: base64url(100),
    /** the browser's 16-byte auth secret, base64url */
    auth: base64url(40),
  }),
  /** what the person calls this device in their list; else the browser and system it reports */
  label: z.string().trim().min(1).max(80).optional(),
  /** the language its messages are written in; else the request's Accept-Language */
  locale: z.enum(locales).optional(),
});

export const pushDeviceParams = z.object({
  /** the device's id */
  id,
});

export const pushDeviceCreated = z.object({ id }).describe('This browser receives push for the signed-in person');

export const pushDevice = z.object({
  id,
  label: z.string().nullable(),
  locale: z.enum(locales),
  /** the push service's host, so a person can tell two browsers apart; never the whole address */
  service: z.string(),
  createdAt: instant,
  /** the last time a message reached its push service */
  lastOkAt: instant.nullable(),
  /** sends that failed since the last one that reached it */
  failures: z.number().int().min(0),
});

export const pushDevicesAnswer = z.object({ devices: z.array(pushDevice) }).describe('The devices that receive your push');
