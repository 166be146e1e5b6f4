import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, startApp } from '../support/harness.js';
import { setUpFirstUser } from '../support/world.js';
import { expectProblem } from '../support/routes.js';

/** ASVS V3: a session ends on its own, and a token is worth nothing once it has ended. */
const t = await startApp();
afterAll(() => t.close());

const DAY = 86_400_000;

describe('a session', () => {
  it('works for 30 days from sign-in, then is refused (401) and must be signed in again', async () => {
    const producer = await setUpFirstUser(t);
    const login = await t.call('POST', '/api/auth/login', { body: { email: producer.email, password: PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    const token = login.json().token as string;

    t.clock.advance(30 * DAY - 60_000);
    expect((await t.call('GET', '/api/me', { token })).statusCode).toBe(200);
    t.clock.advance(2 * 60_000);
    expectProblem(await t.call('GET', '/api/me', { token }), 401);

    const again = await t.call('POST', '/api/auth/login', { body: { email: producer.email, password: PASSWORD } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().token).not.toBe(token);
    expect((await t.call('GET', '/api/me', { token: again.json().token })).statusCode).toBe(200);
  });

  it('is a new token at every sign-in, never the one sent along', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'dana.producer@example.test', password: PASSWORD },
      headers: { cookie: 'setbook_session=chosen-by-an-attacker' },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().token).not.toBe('chosen-by-an-attacker');
    expect(String(login.headers['set-cookie'])).not.toContain('chosen-by-an-attacker');
    expectProblem(await t.call('GET', '/api/me', { headers: { cookie: 'setbook_session=chosen-by-an-attacker' } }), 401);
  });
});
