import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startApp, type TestApp } from '../support/harness.js';
import { createProduction, setUpFirstUser, type Person } from '../support/world.js';

describe("a person's language, kept on the server", () => {
  let t: TestApp;
  let dana: Person;
  let pid: string;
  beforeAll(async () => {
    t = await startApp();
    dana = await setUpFirstUser(t);
    pid = (await createProduction(t, dana)).id;
  });
  afterAll(() => t.close());

  const locale = async (who: Person) => (await t.call('GET', '/api/me', { token: who.token })).json().user.locale as unknown;

  it('starts with no choice, so emails and printouts are in English', async () => {
    expect(await locale(dana)).toBeNull();
  });

  it('keeps the language the producer chooses and reads it back', async () => {
    const res = await t.call('PUT', '/api/me/locale', { token: dana.token, body: { locale: 'es' } });
    expect(res.statusCode, res.body).toBe(204);
    expect(await locale(dana)).toBe('es');
    expect((await t.call('PUT', '/api/me/locale', { token: dana.token, body: { locale: 'uk' } })).statusCode).toBe(204);
    expect(await locale(dana)).toBe('uk');
  });

  it('goes back to no choice with null', async () => {
    expect((await t.call('PUT', '/api/me/locale', { token: dana.token, body: { locale: null } })).statusCode).toBe(204);
    expect(await locale(dana)).toBeNull();
  });

  it('refuses a language Setbook does not speak, naming the field', async () => {
    for (const body of [{ locale: 'fr' }, { locale: 'ES' }, { locale: 7 }, {}]) {
      const res = await t.call('PUT', '/api/me/locale', { token: dana.token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['locale']);
    }
    expect(await locale(dana)).toBeNull();
  });

  it('needs someone signed in', async () => {
    expect((await t.call('PUT', '/api/me/locale', { body: { locale: 'es' } })).statusCode).toBe(401);
  });

  it('is not a safety fact: choosing a language writes nothing to the ledger', async () => {
    const checkpoint = async () => {
      const res = await t.call('GET', `/api/productions/${pid}/ledger/checkpoint`, { token: dana.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { treeSize: number };
    };
    const before = await checkpoint();
    await t.call('PUT', '/api/me/locale', { token: dana.token, body: { locale: 'es' } });
    expect((await checkpoint()).treeSize).toBe(before.treeSize);
  });

  it("takes the inviter's choice for someone new, until they choose their own", async () => {
    const invite = await t.call('POST', `/api/productions/${pid}/members`, {
      token: dana.token,
      body: { email: 'marisol@example.test', name: 'Marisol Vega', roles: ['crew'], locale: 'es' },
    });
    expect(invite.statusCode, invite.body).toBe(201);
    const accept = await t.call('POST', `/api/invitations/${invite.json().invitation.code as string}/accept`, { body: { name: 'Marisol Vega', password: PASSWORD, pin: '4821' } });
    expect(accept.statusCode, accept.body).toBe(201);
    expect(accept.json().user.locale).toBe('es');
    const marisol = { token: accept.json().token as string } as Person;
    await t.call('PUT', '/api/me/locale', { token: marisol.token, body: { locale: 'uk' } });
    expect(await locale(marisol)).toBe('uk');
    const bad = await t.call('POST', `/api/productions/${pid}/members`, {
      token: dana.token,
      body: { email: 'ivan@example.test', name: 'Ivan', roles: ['crew'], locale: 'de' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['locale']);
  });
});
