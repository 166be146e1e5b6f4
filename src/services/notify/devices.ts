import type { Locale } from '../../i18n/locales.js';
import type { PushDeviceRow } from '../../store/push.js';
import type { UserRow } from '../../store/schema.js';
import { inTransaction, reader, uniquely, writer, type ServiceDeps } from '../context.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';

export interface DeviceInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  label: string | null;
  locale: Locale;
}

/**
 * A browser subscribes for its signed-in person. One browser has one
 * endpoint, so subscribing again updates its row; if someone else signs in on
 * that browser and subscribes, it becomes theirs and stops reaching the first.
 */
export function subscribeDevice(deps: ServiceDeps, user: UserRow, input: DeviceInput): Promise<{ id: string }> {
  return uniquely('This device subscribed meanwhile; send it again.', () =>
    inTransaction(deps, async (tx) => {
      const fields = { user_id: user.id, p256dh: input.keys.p256dh, auth: input.keys.auth, locale: input.locale, label: input.label };
      const known = await tx.repos.push.byEndpoint(input.endpoint);
      if (known) {
        await tx.repos.push.resubscribe(known.id, fields);
        return { id: known.id };
      }
      const id = newId();
      await tx.repos.push.insert({ id, endpoint: input.endpoint, ...fields, created_at: tx.now.toISOString(), last_ok_at: null, failures: 0 });
      return { id };
    }),
  );
}

function present(row: PushDeviceRow) {
  return {
    id: row.id,
    label: row.label,
    locale: row.locale,
    service: new URL(row.endpoint).host,
    createdAt: row.created_at,
    lastOkAt: row.last_ok_at,
    failures: row.failures,
  };
}

export async function listDevices(deps: ServiceDeps, user: UserRow) {
  return { devices: (await reader(deps).push.ofUser(user.id)).map(present) };
}

/** Only the person's own device: another person's is not found, as if it did not exist. */
export async function removeDevice(deps: ServiceDeps, user: UserRow, id: string): Promise<void> {
  if (!(await writer(deps).push.remove(user.id, id))) throw notFound('Device not found');
}

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** A short name from a User-Agent header, "Chrome · Android": enough to tell a phone from a laptop, nothing more. */
export function deviceLabel(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const named = (list: Array<[RegExp, string]>) => list.find(([pattern]) => pattern.test(userAgent))?.[1];
  const parts = [named(BROWSERS), named(SYSTEMS)].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' · ') : null;
}
