import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD, SETUP_TOKEN, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { checkPins, pinRefusals } from '../../src/services/pins.js';
import { inTransaction } from '../../src/services/context.js';

describe('first run and signing in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('refuses setup with the wrong token and names every bad field', async () => {
    const wrong = await t.call('POST', '/api/setup', {
      body: { setupToken: 'guess', email: 'dana@example.test', name: 'Dana', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(403);
    const bad = await t.call('POST', '/api/setup', { body: { setupToken: SETUP_TOKEN, email: 'not-an-email', password: 'short' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'name', 'password']);
    expect((await t.call('GET', '/api/health')).json().setupNeeded).toBe(true);
  });

  it('lets the holder of the setup token in once, with an HttpOnly strict session cookie', async () => {
    const res = await t.call('POST', '/api/setup', {
      body: { setupToken: SETUP_TOKEN, email: 'Dana@Example.test', name: 'Dana Price', password: PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ email: 'dana@example.test', name: 'Dana Price', hasPin: false });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^setbook_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const again = await t.call('POST', '/api/setup', {
      body: { setupToken: SETUP_TOKEN, email: 'eve@example.test', name: 'Eve', password: PASSWORD },
    });
    expect(again.statusCode).toBe(409);
    expect((await t.call('GET', '/api/health')).json()).toMatchObject({ status: 'ok', setupNeeded: false });
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    const wrongPassword = await t.call('POST', '/api/auth/login', { body: { email: 'dana@example.test', password: 'not the password' } });
    const unknown = await t.call('POST', '/api/auth/login', { body: { email: 'nobody@example.test', password: 'not the password' } });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknown.json());
  });

  it('signs in, works with the cookie alone, and signs out for good', async () => {
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'DANA@example.test', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const token = login.json().token as string;
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const viaCookie = await t.call('GET', '/api/me', { headers: { cookie } });
    expect(viaCookie.json().user.email).toBe('dana@example.test');
    expect((await t.call('POST', '/api/auth/logout', { token })).statusCode).toBe(204);
    expect((await t.call('GET', '/api/me', { token })).statusCode).toBe(401);
  });

  it('locks sign-in for an email after ten wrong passwords, then lets it in after 15 minutes', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await t.call('POST', '/api/auth/login', { body: { email: 'dana@example.test', password: `wrong ${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.call('POST', '/api/auth/login', { body: { email: 'dana@example.test', password: PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * 60_000 + 1000);
    const later = await t.call('POST', '/api/auth/login', { body: { email: 'dana@example.test', password: PASSWORD } });
    expect(later.statusCode).toBe(200);
  });
});

describe('PINs', () => {
  let t: TestApp;
  let producer: Person;
  let armorer: Person;
  let productionId: string;
  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    productionId = (await createProduction(t, producer)).id;
    armorer = await addPerson(t, producer, productionId, ['armorer'], 'Hank Morrow');
  });
  afterAll(() => t.close());

  it('changes a PIN only with the password, and records that it changed but never the PIN', async () => {
    const wrong = await t.call('PUT', '/api/me/pin', { token: armorer.token, body: { pin: '4321', password: 'not it at all' } });
    expect(wrong.statusCode).toBe(403);
    const badPin = await t.call('PUT', '/api/me/pin', { token: armorer.token, body: { pin: '12', password: PASSWORD } });
    expect(badPin.statusCode).toBe(400);
    expect(badPin.json().errors).toEqual([{ path: 'pin', message: 'must be 4 to 8 digits' }]);
    const ok = await t.call('PUT', '/api/me/pin', { token: armorer.token, body: { pin: '48151623', password: PASSWORD } });
    expect(ok.statusCode).toBe(204);
    const entries = (await t.call('GET', `/api/productions/${productionId}/ledger/entries`, { token: producer.token })).json().entries;
    const pinSets = entries.filter((e: { entry: { type: string } }) => e.entry.type === 'pin.set');
    expect(pinSets.at(-1).entry.data).toEqual({ userId: armorer.id });
    expect(JSON.stringify(entries)).not.toContain('48151623');
    armorer.pin = '48151623';
  });

  it('locks a PIN after five wrong entries in 15 minutes, even when the sixth is right', async () => {
    // The path every PIN confirmation takes, once a command's rules have allowed it.
    const attempt = async (pin: string) => {
      const pins = await checkPins(t.deps, [{ userId: armorer.id, pin }]);
      return (await inTransaction(t.deps, (tx) => pinRefusals(tx, pins))).map(({ rule, reason }) => ({ rule, reason }));
    };
    expect(await attempt(armorer.pin)).toEqual([]);
    for (let i = 0; i < 5; i++) {
      expect(await attempt('0000')).toEqual([{ rule: 'PIN', reason: 'The PIN entered for Hank Morrow is not correct.' }]);
    }
    expect(await attempt(armorer.pin)).toEqual([{ rule: 'PIN', reason: 'The PIN of Hank Morrow is locked after five wrong entries; wait 15 minutes.' }]);
    t.clock.advance(15 * 60_000 + 1);
    expect(await attempt(armorer.pin)).toEqual([]);
  });

  it('checks at most five of twenty wrong guesses sent at once: the lockout counts before it checks', async () => {
    t.clock.advance(31 * 60_000);
    const verify = vi.spyOn(t.deps.hasher, 'verify');
    try {
      // Five-digit guesses: none of them is the armorer's four-digit PIN, so every check is a wrong one.
      const guesses = Array.from({ length: 20 }, (_, i) => checkPins(t.deps, [{ userId: armorer.id, pin: String(90_000 + i) }]));
      const results = (await Promise.all(guesses)).flat();
      expect(verify).toHaveBeenCalledTimes(5);
      expect(results.filter((r) => r.locked)).toHaveLength(15);
      expect(results.filter((r) => !r.locked && !r.matched)).toHaveLength(5);
    } finally {
      verify.mockRestore();
    }
  });
});

describe('guessing from one address', () => {
  it('slows a source that tries many passwords across many emails', async () => {
    const t = await startApp();
    const from = { remoteAddress: '192.0.2.50' };
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', ...from, payload: { email: `guess${i}@example.test`, password: 'hunter2hunter2' } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.51', payload: { email: 'x@example.test', password: 'hunter2hunter2' } });
    expect(elsewhere.statusCode).toBe(401);
    await t.close();
  });
});
