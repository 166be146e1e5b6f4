import { expect } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { PASSWORD, SETUP_TOKEN, type TestApp } from './harness.js';

export interface Person {
  id: string;
  email: string;
  token: string;
  pin: string;
}

let counter = 0;

/** Runs first-run setup and returns the first user, who then creates productions. */
export async function setUpFirstUser(t: TestApp, name = 'Dana Producer'): Promise<Person> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.test`;
  const res = await t.call('POST', '/api/setup', { body: { setupToken: SETUP_TOKEN, email, name, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(201);
  const { user, token } = res.json();
  return { id: user.id, email, token, pin: '' };
}

export async function createProduction(t: TestApp, producer: Person, name = 'Dust Devil') {
  const res = await t.call('POST', '/api/productions', {
    token: producer.token,
    body: { name, timezone: 'America/Denver' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().production as { id: string; name: string; timezone: string; setCode: string };
}

/** The safety advisor each production's test crew has, who confirms the deciding roles the producer grants after them. */
const advisors = new Map<string, Person>();

/**
 * Invites a new person with `roles` and accepts for them: a signed-in member
 * with a PIN. A deciding role (armorer, safety advisor) granted once the
 * production has a safety advisor is confirmed by that advisor, as on set.
 */
export async function addPerson(t: TestApp, inviter: Person, productionId: string, roles: Role[], name?: string): Promise<Person> {
  counter += 1;
  const label = name ?? `${roles.join('-')} ${counter}`;
  const email = `person${counter}.${Date.now()}@example.test`;
  const invite = await t.call('POST', `/api/productions/${productionId}/members`, {
    token: inviter.token,
    body: { email, name: label, roles },
  });
  expect(invite.statusCode, invite.body).toBe(201);
  const code = invite.json().invitation.code as string;
  const pin = String(1000 + (counter % 9000));
  const accept = await t.call('POST', `/api/invitations/${code}/accept`, { body: { name: label, password: PASSWORD, pin } });
  expect(accept.statusCode, accept.body).toBe(201);
  const person = { id: accept.json().user.id as string, email, token: accept.json().token as string, pin };
  if (invite.json().proposal) {
    const advisor = advisors.get(productionId);
    expect(advisor, 'a deciding role waits for the safety advisor, and this production has none in the test').toBeDefined();
    const confirmed = await t.call('PATCH', `/api/productions/${productionId}/members/${person.id}`, { token: advisor!.token, body: { roles } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  }
  if (roles.includes('safety_advisor') && !advisors.has(productionId)) advisors.set(productionId, person);
  return person;
}
