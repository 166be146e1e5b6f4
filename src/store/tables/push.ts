import { integer, table, text } from './define.js';

/** A browser that receives Web Push for one person: a phone, a laptop. */
export const pushDevices = table({
  name: 'push_devices',
  since: '0014_push',
  columns: {
    id: text({ primaryKey: true }),
    user_id: text({ references: 'users.id' }),
    /** the push service's address for this browser; one browser has one, so it is the upsert key */
    endpoint: text({ unique: true }),
    /** the browser's P-256 public key and auth secret (RFC 8291), base64url */
    p256dh: text(),
    auth: text(),
    /** the language its messages are written in */
    locale: text({ values: ['en', 'es', 'uk'] }),
    /** what the person sees in the device list, "Chrome on Android" */
    label: text({ nullable: true }),
    created_at: text(),
    last_ok_at: text({ nullable: true }),
    /** sends that failed since the last one that reached it */
    failures: integer(),
  },
  indexes: [{ name: 'push_devices_user', columns: ['user_id'] }],
});
