import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser } from '../support/world.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('a producer sets up, creates a production and invites an armorer', async () => {
    const health = await t.call('GET', '/api/health');
    expect(health.json()).toMatchObject({ status: 'ok', setupNeeded: true });
    const producer = await setUpFirstUser(t);
    const production = await createProduction(t, producer);
    const armorer = await addPerson(t, producer, production.id, ['armorer']);
    const me = await t.call('GET', '/api/me', { token: armorer.token });
    expect(me.json().memberships).toEqual([
      expect.objectContaining({ productionId: production.id, roles: ['armorer'] }),
    ]);
  });
});
