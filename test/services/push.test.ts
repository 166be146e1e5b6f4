import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { expectProblem } from '../support/routes.js';
import { SseClient } from '../support/sse.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { decryptPush, LocalPushService, readVapid, type Browser } from '../support/push-service.js';
import { isPushService, loadOrCreateVapidKeys, pushMessage, vapidSubject, type PushMessage, type PushNotice } from '../../src/services/notify/push.js';
import { locales } from '../../src/i18n/locales.js';
import { deviceLabel } from '../../src/services/notify/devices.js';

/**
 * Web Push end to end: each person's phone subscribes, a real write happens
 * through the API, and a push service on this machine receives the message,
 * decrypts it with the phone's keys and checks what the server claimed.
 */
describe('push to a phone in a pocket', () => {
  let t: TestApp;
  let service: LocalPushService;
  let dana: Person; // producer
  let sam: Person; // 1st AD
  let ines: Person; // safety advisor
  let ada: Person; // armorer
  let maya: Person; // grip
  let clay: Person; // performer
  let lou: Person; // department head
  let oona: Person; // crew on another production
  let pid: string;
  const phones = new Map<string, Browser>();

  const call = (who: Person, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.call(method, url, { token: who.token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const ok = async (status: number, sent: ReturnType<typeof call>) => {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    return res.statusCode === 204 ? null : res.json();
  };

  /** Gives `who` a phone subscribed to push, in `locale`. */
  const subscribe = async (who: Person, name: string, locale: 'en' | 'es' | 'uk' = 'en') => {
    const phone = service.browser(name);
    phones.set(name, phone);
    const { id } = await ok(201, call(who, 'POST', '/api/push/devices', { ...phone.subscription, locale, label: `${name}'s phone` }));
    return { phone, id: id as string };
  };

  /** What reached a phone since `from`, decrypted. */
  const received = (phone: Browser, from = 0) => service.to(phone).slice(from).map((d) => JSON.parse(decryptPush(phone, d.body)) as PushMessage);
  const settled = () => t.app.push!.settled();
  const deviceRow = async (id: string) => (await t.deps.store.db.selectFrom('push_devices').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

  beforeAll(async () => {
    service = await LocalPushService.start();
    t = await startApp({ push: { agent: service.agent, subject: 'mailto:safety@dustdevil.example', timeoutMs: 1_500 } });
    dana = await setUpFirstUser(t);
    pid = (await createProduction(t, dana, 'Dust Devil')).id;
    ines = await addPerson(t, dana, pid, ['safety_advisor'], 'Ines Okafor');
    sam = await addPerson(t, dana, pid, ['first_ad'], 'Sam Whitlock');
    ada = await addPerson(t, dana, pid, ['armorer'], 'Ada Quill');
    maya = await addPerson(t, dana, pid, ['crew'], 'Maya Stone');
    clay = await addPerson(t, dana, pid, ['performer'], 'Clay Barrett');
    lou = await addPerson(t, dana, pid, ['department_head'], 'Lou Ferris');
    const other = await createProduction(t, dana, 'Other Show');
    oona = await addPerson(t, dana, other.id, ['crew'], 'Oona Hale');
    await subscribe(dana, 'dana');
    await subscribe(ines, 'ines');
    await subscribe(sam, 'sam');
    await subscribe(ada, 'ada', 'uk');
    await subscribe(maya, 'maya', 'es');
    await subscribe(clay, 'clay');
    await subscribe(lou, 'lou');
    await subscribe(oona, 'oona');
  });
  afterAll(async () => {
    await t.close();
    await service.close();
  });

  const lift = async (stopId: string) => {
    await ok(200, call(ines, 'POST', `/api/productions/${pid}/stops/${stopId}/lift`, { resolution: 'Checked and cleared', confirmations: [{ userId: ines.id, pin: ines.pin }, { userId: sam.id, pin: sam.pin }] }));
    await settled();
  };

  it('a stop raised on set reaches the grip\'s phone, encrypted for it alone, in Spanish', async () => {
    const from = service.deliveries.length;
    const raised = await ok(201, call(clay, 'POST', `/api/productions/${pid}/stops`, { reason: 'Safety line on the crane looks frayed', location: 'Stage 2' }));
    await settled();
    const phone = phones.get('maya')!;
    const [delivery] = service.to(phone).filter((d) => service.deliveries.indexOf(d) >= from);
    expect(delivery).toBeDefined();
    expect(delivery!.headers['content-encoding']).toBe('aes128gcm');
    // The push service sees ciphertext only.
    expect(delivery!.body.toString('latin1')).not.toContain('crane');
    const message = JSON.parse(decryptPush(phone, delivery!.body)) as PushMessage;
    expect(message).toEqual({
      type: 'stop.raised',
      productionId: pid,
      title: 'ALTO en Dust Devil',
      body: 'Se detuvo el trabajo: Safety line on the crane looks frayed\nDónde: Stage 2',
      url: `/productions/${pid}/stops/${raised.stop.id}`,
      tag: `stop-${raised.stop.id}`,
    });
    // RFC 8030 section 5.2 and 5.3: a stop is kept an hour for a phone that is off, and sent at once.
    expect(delivery!.headers.ttl).toBe('3600');
    expect(delivery!.headers.urgency).toBe('high');

    // RFC 8292: the JWT is for this push service's origin, signed with the key browsers subscribed with.
    const vapid = readVapid(delivery!.headers.authorization);
    expect(vapid.verified).toBe(true);
    expect(vapid.header).toEqual({ typ: 'JWT', alg: 'ES256' });
    expect(vapid.claims.aud).toBe(service.origin);
    expect(vapid.claims.sub).toBe('mailto:safety@dustdevil.example');
    expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(vapid.claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    const { publicKey } = await ok(200, call(maya, 'GET', '/api/push/key'));
    expect(vapid.key).toBe(publicKey);

    // The armorer reads it in Ukrainian; everyone on the production hears it, nobody on another.
    expect(received(phones.get('ada')!).at(-1)).toMatchObject({ type: 'stop.raised', title: 'СТОП на Dust Devil' });
    for (const name of ['dana', 'ines', 'sam', 'clay', 'lou']) expect(received(phones.get(name)!).at(-1)).toMatchObject({ type: 'stop.raised', tag: `stop-${raised.stop.id}` });
    expect(service.to(phones.get('oona')!)).toHaveLength(0);

    await lift(raised.stop.id);
    const lifted = received(phone).at(-1)!;
    // The same tag: on the phone, the lift replaces the stop.
    expect(lifted).toMatchObject({ type: 'stop.lifted', title: 'Se levantó el ALTO en Dust Devil', tag: `stop-${raised.stop.id}` });
    const row = await deviceRow((await ok(200, call(maya, 'GET', '/api/push/devices'))).devices[0].id);
    expect(row).toMatchObject({ failures: 0, locale: 'es' });
    expect(row!.last_ok_at).not.toBeNull();
  });

  it('an F11 hold reaches the armorer, 1st AD, safety advisor and producer, and not the rest of the crew', async () => {
    const from = service.deliveries.length;
    const incident = await ok(201, call(maya, 'POST', `/api/productions/${pid}/armory/live-rounds`, { description: 'Brass case with a primer in the prop box', location: 'Saloon set' }));
    await settled();
    const holds = (name: string) => received(phones.get(name)!, service.to(phones.get(name)!).filter((d) => service.deliveries.indexOf(d) < from).length).filter((m) => m.type === 'hold.placed');
    for (const name of ['ada', 'sam', 'ines', 'dana']) expect(holds(name), name).toHaveLength(1);
    expect(holds('ada')[0]).toMatchObject({ title: 'Зброю заблоковано (F11)', url: `/productions/${pid}/armory`, tag: `hold-${incident.incident.id}` });
    expect(holds('dana')[0]!.body).toBe('Live round found on set on Dust Devil. No firearm moves until a corrective action and a new safety meeting.');
    for (const name of ['maya', 'clay', 'lou', 'oona']) expect(holds(name), name).toHaveLength(0);
    // The hold also stopped work, and that reaches everyone.
    expect(received(phones.get('clay')!).some((m) => m.type === 'stop.raised' && m.body.includes('F11'))).toBe(true);
  });

  it('an escalation reaches the people at its level only, and an anonymous reporter is never named', async () => {
    const from = new Map([...phones].map(([name, phone]) => [name, service.to(phone).length]));
    const words = 'Rigger on the grid without a harness';
    const reported = await ok(201, call(clay, 'POST', `/api/productions/${pid}/concerns`, { category: 'rigging', severity: 'high', description: words, anonymous: true, implicatedUserIds: [lou.id] }));
    await settled();
    const escalations = (name: string) => received(phones.get(name)!, from.get(name)).filter((m) => m.type === 'concern.escalated');
    // The first level of the default ladder: department heads and the safety advisor; Lou is implicated and hears nothing.
    expect(escalations('ines')).toEqual([
      {
        type: 'concern.escalated',
        productionId: pid,
        title: 'A safety concern needs you',
        body: 'A safety concern on Dust Devil (severity: high) is waiting for your acknowledgement.',
        url: `/productions/${pid}/concerns/${reported.concern.id}`,
        tag: `concern-${reported.concern.id}`,
      },
    ]);
    for (const name of ['lou', 'clay', 'maya', 'sam', 'ada', 'dana', 'oona']) expect(escalations(name), name).toHaveLength(0);
    for (const phone of phones.values()) {
      for (const message of received(phone, from.get(phone.name))) {
        const text = JSON.stringify(message);
        expect(text).not.toContain('Clay');
        expect(text).not.toContain(clay.id);
        expect(text).not.toContain('harness');
      }
    }
    expect(service.to(phones.get('ines')!).at(-1)!.headers.urgency).toBe('high');
  });

  it('a call sheet published reaches its recipients who are members, and nobody else', async () => {
    const day = (await ok(201, call(sam, 'POST', `/api/productions/${pid}/shoot-days`, { date: '2026-11-23', sceneIds: [] }))).shootDay.id as string;
    const sheet = (await ok(201, call(sam, 'POST', `/api/productions/${pid}/shoot-days/${day}/call-sheets`, {}))).callSheet.id as string;
    const from = new Map([...phones].map(([name, phone]) => [name, service.to(phone).length]));
    await ok(200, call(sam, 'POST', `/api/productions/${pid}/call-sheets/${sheet}/publish`, { recipientIds: [maya.id, ada.id] }));
    await settled();
    const sheets = (name: string) => received(phones.get(name)!, from.get(name)).filter((m) => m.type === 'callSheet.published');
    expect(sheets('maya')).toEqual([
      {
        type: 'callSheet.published',
        productionId: pid,
        title: 'Hoja de llamado publicada',
        body: 'lun, 23 de nov, versión 1, Dust Devil. Ábrela para ver tu llamado.',
        url: `/productions/${pid}/schedule/days/${day}/call-sheet`,
        tag: `call-sheet-${day}`,
      },
    ]);
    expect(sheets('ada')[0]!.title).toBe('Виклик на зйомку опубліковано');
    for (const name of ['dana', 'ines', 'sam', 'clay', 'lou', 'oona']) expect(sheets(name), name).toHaveLength(0);
    // No personal link travels in a push: the person opens the sheet in the app.
    expect(JSON.stringify(sheets('maya'))).not.toContain('/call-sheet/');
    expect(service.to(phones.get('maya')!).at(-1)!.headers.urgency).toBe('normal');
  });

  it('a subscription the push service says is gone (410) is removed; another failure is counted', async () => {
    const gone = await subscribe(clay, 'clay-old-phone');
    const broken = await subscribe(clay, 'clay-tablet');
    service.answers.set('clay-old-phone', 410);
    service.answers.set('clay-tablet', 500);
    const raised = await ok(201, call(maya, 'POST', `/api/productions/${pid}/stops`, { reason: 'Horse spooked near the camera cart' }));
    await settled();
    expect(await deviceRow(gone.id)).toBeNull();
    expect(await deviceRow(broken.id)).toMatchObject({ failures: 1, last_ok_at: null });
    service.answers.delete('clay-tablet');
    await lift(raised.stop.id);
    expect(await deviceRow(broken.id)).toMatchObject({ failures: 0 });
    await ok(204, call(clay, 'DELETE', `/api/push/devices/${broken.id}`));
  });

  it('each person sees and removes only their own devices; another person\'s is a 404', async () => {
    t.clock.advance(60_000);
    const { id } = await subscribe(sam, 'sam-laptop');
    const mine = (await ok(200, call(sam, 'GET', '/api/push/devices'))).devices as Array<{ id: string; label: string; service: string; locale: string }>;
    expect(mine.map((d) => d.label)).toEqual(["sam's phone", "sam-laptop's phone"]);
    expect(mine[0]).toMatchObject({ service: new URL(service.origin).host, locale: 'en', failures: 0 });
    // The list never shows the endpoint itself: it is a capability to push to that browser.
    expect(JSON.stringify(mine)).not.toContain('/push/');
    expect((await ok(200, call(maya, 'GET', '/api/push/devices'))).devices.map((d: { id: string }) => d.id)).not.toContain(id);
    expectProblem(await call(maya, 'DELETE', `/api/push/devices/${id}`), 404);
    expectProblem(await call(oona, 'DELETE', `/api/push/devices/${id}`), 404);
    expect(await deviceRow(id)).not.toBeNull();
    await ok(204, call(sam, 'DELETE', `/api/push/devices/${id}`));
    expectProblem(await call(sam, 'DELETE', `/api/push/devices/${id}`), 404);
    expectProblem(await t.call('GET', '/api/push/devices'), 401);
  });

  it('subscribing again from the same browser updates it, and a browser handed to someone else becomes theirs', async () => {
    const shared = service.browser('shared-tablet');
    phones.set('shared-tablet', shared);
    const first = await ok(201, call(dana, 'POST', '/api/push/devices', shared.subscription, { 'accept-language': 'uk-UA,uk;q=0.9', 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36' }));
    const again = await ok(201, call(oona, 'POST', '/api/push/devices', { ...shared.subscription, locale: 'es' }));
    expect(again.id).toBe(first.id);
    expect(await deviceRow(first.id)).toMatchObject({ user_id: oona.id, locale: 'es', label: null });
    expect((await ok(200, call(dana, 'GET', '/api/push/devices'))).devices.map((d: { id: string }) => d.id)).not.toContain(first.id);
    expect(deviceLabel('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36')).toBe('Chrome · Android');
    await ok(204, call(oona, 'DELETE', `/api/push/devices/${first.id}`));
  });

  it('refuses a subscription that is not an https push service, or whose keys are not base64url', async () => {
    const phone = service.browser('bad');
    for (const body of [
      { ...phone.subscription, endpoint: 'http://127.0.0.1:6379/' },
      { ...phone.subscription, endpoint: 'file:///etc/passwd' },
      { ...phone.subscription, keys: { p256dh: 'not base64!', auth: phone.subscription.keys.auth } },
      { endpoint: phone.endpoint },
    ]) {
      expectProblem(await call(maya, 'POST', '/api/push/devices', body), 400);
    }
  });

  it('with no internet the stop is still raised at once and reaches the open app; the failure is counted on the device', async () => {
    // A push service nobody can reach: the port is closed, as Apple's, Google's and Mozilla's are from a set with no internet.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = service.browser('maya-offline', `https://localhost:${port}`);
    const { id } = await ok(201, call(maya, 'POST', '/api/push/devices', offline.subscription));
    // And one that takes the connection and never answers, as a half-working uplink does.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hanging = service.browser('clay-hanging', `https://localhost:${(silent.address() as net.AddressInfo).port}`);
    const stuck = (await ok(201, call(clay, 'POST', '/api/push/devices', hanging.subscription))).id as string;

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as net.AddressInfo;
    // The set's base tablet, signed in and plugged in, on the set's Wi-Fi.
    const tablet = await SseClient.connect(`http://127.0.0.1:${address.port}/api/productions/${pid}/live?deviceId=base-tablet`, { authorization: `Bearer ${sam.token}` });
    await tablet.waitFor((e) => e.event === 'ready');

    const started = Date.now();
    const res = await call(maya, 'POST', `/api/productions/${pid}/stops`, { reason: 'Generator smoking by the trailers' });
    expect(res.statusCode, res.body).toBe(201);
    expect(Date.now() - started).toBeLessThan(1000);
    const event = await tablet.waitFor((e) => e.event === 'stop.raised');
    expect(JSON.parse(event.data).stop.reason).toBe('Generator smoking by the trailers');
    await tablet.close();

    await settled();
    expect(await deviceRow(id)).toMatchObject({ failures: 1, last_ok_at: null });
    expect(await deviceRow(stuck)).toMatchObject({ failures: 1, last_ok_at: null });
    await lift(res.json().stop.id);
    expect(await deviceRow(id)).toMatchObject({ failures: 2 });
    silent.close();
  });
});

describe('push keys and subject', () => {
  it('makes the VAPID key pair once and keeps it in the data directory, readable by the server alone', () => {
    const dir = fs.mkdtempSync(`${process.env.TMPDIR ?? '/tmp'}/setbook-vapid-`);
    const first = loadOrCreateVapidKeys(dir);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(loadOrCreateVapidKeys(dir)).toEqual(first);
    expect(fs.statSync(`${dir}/push-vapid.json`).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the configured from-address as the subject, or the placeholder when none is configured', () => {
    expect(vapidSubject('Dust Devil Safety <safety@dustdevil.example>')).toBe('mailto:safety@dustdevil.example');
    expect(vapidSubject('safety@dustdevil.example')).toBe('mailto:safety@dustdevil.example');
    expect(vapidSubject('Setbook <setbook@localhost>')).toBe('mailto:safety@setbook.invalid');
    expect(vapidSubject(undefined)).toBe('mailto:safety@setbook.invalid');
  });
});

describe('push messages', () => {
  const notices: PushNotice[] = [
    { type: 'stop.raised', productionId: 'p1', stopId: 's1', reason: null, location: null },
    { type: 'stop.lifted', productionId: 'p1', stopId: 's1' },
    { type: 'hold.placed', productionId: 'p1', incidentId: 'i1', kind: 'unintended_discharge' },
    { type: 'hold.placed', productionId: 'p1', incidentId: 'i1', kind: 'misfire' },
    { type: 'hold.lifted', productionId: 'p1', incidentId: 'i1' },
    { type: 'concern.escalated', productionId: 'p1', concernId: 'c1', severity: 'critical', why: 'climbed', userIds: [] },
    { type: 'callSheet.published', productionId: 'p1', callSheetId: 'cs1', shootDayId: 'd1', date: '2026-11-23', version: 2, userIds: [] },
  ];

  it.each(locales)('every message reads in %s, every word from the catalogue', (locale) => {
    for (const notice of notices) {
      const message = pushMessage(notice, 'Dust Devil', locale);
      expect(message.title, notice.type).not.toMatch(/push\.|{{/);
      expect(message.body, notice.type).not.toMatch(/push\.|{{/);
      expect(message.url.startsWith('/productions/p1/')).toBe(true);
    }
  });

  it('a stop with no reason tells the crew what to do', () => {
    expect(pushMessage(notices[0]!, 'Dust Devil', 'en').body).toBe('Work has stopped. Stop what you are doing and wait for the safety advisor.');
    expect(pushMessage(notices[3]!, 'Dust Devil', 'uk').body).toContain('Осічка');
  });
});

describe('the push services a device may name', () => {
  it("are the browsers' own by default: a host, or any host under its domain, and nothing else", () => {
    expect(isPushService('https://fcm.googleapis.com/fcm/send/abc')).toBe(true);
    expect(isPushService('https://updates.push.services.mozilla.com/wpush/v2/abc')).toBe(true);
    expect(isPushService('https://web.push.apple.com/QGx')).toBe(true);
    expect(isPushService('https://wns2-par02p.notify.windows.com/w/?token=abc')).toBe(true);
    expect(isPushService('https://127.0.0.1:8443/api/me')).toBe(false);
    expect(isPushService('https://fcm.googleapis.com.evil.example/x')).toBe(false);
    expect(isPushService('https://notfcm.googleapis.com/x')).toBe(false);
    expect(isPushService('https://push.local/x', ['push.local'])).toBe(true);
    expect(isPushService('https://10.0.0.5/x', 'any')).toBe(true);
  });

  it('a subscription naming another address is a 400 on its endpoint, and nothing is kept; a browser service is taken', async () => {
    const service = await LocalPushService.start();
    // As `setbook serve` runs with SETBOOK_PUSH_SERVICES unset.
    const t = await startApp({ push: { services: undefined } });
    try {
      const dana = await setUpFirstUser(t);
      const phone = service.browser('dana');
      const refused = await t.call('POST', '/api/push/devices', { token: dana.token, body: phone.subscription });
      expect(expectProblem(refused, 400).errors?.map((e) => e.path)).toEqual(['endpoint']);
      expect(await t.deps.store.db.selectFrom('push_devices').selectAll().execute()).toEqual([]);

      const fcm = { ...phone.subscription, endpoint: 'https://fcm.googleapis.com/fcm/send/dana-phone' };
      expect((await t.call('POST', '/api/push/devices', { token: dana.token, body: fcm })).statusCode).toBe(201);
    } finally {
      await t.close();
      await service.close();
    }
  });
});
