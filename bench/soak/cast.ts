/**
 * The soak's production, set up through the API as a real one is: the
 * producer (first-run setup), a grip whose token every phone's stream uses
 * (as the fan-out bench does), a safety advisor and a 1st AD who lift stops,
 * an armorer, and one performer per firearm, trained, on a shoot day with its
 * safety meeting held, each firearm checked out to the armorer. Follows
 * bench/armory/handoff.ts.
 */
import { PASSWORD, SETUP_TOKEN } from '../../test/support/harness.js';
import { sleep } from '../fanout/common.js';
import type { Api } from './api.js';

export interface Person {
  id: string;
  token: string;
  pin: string;
}

export interface Cast {
  pid: string;
  producer: Person;
  grip: Person;
  advisor: Person;
  firstAd: Person;
  armorer: Person;
  performers: Person[];
  firearms: string[];
  lotId: string;
  dayId: string;
  sceneId: string;
}

const isoDate = (daysFromToday: number) => new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

export async function castProduction(api: Api, firearmCount: number): Promise<Cast> {
  const setup = await api.json<{ token: string; user: { id: string } }>(
    'POST',
    '/api/setup',
    null,
    { setupToken: SETUP_TOKEN, email: 'producer@soak.test', name: 'Soak Producer', password: PASSWORD },
    201,
  );
  const producer: Person = { id: setup.user.id, token: setup.token, pin: '' };
  const { production } = await api.json<{ production: { id: string } }>('POST', '/api/productions', producer.token, { name: 'Soak', timezone: 'UTC' }, 201);
  const p = (suffix: string) => `/api/productions/${production.id}${suffix}`;

  let people = 0;
  const person = async (name: string, roles: string[]): Promise<Person> => {
    people += 1;
    const pin = String(2000 + people * 7);
    const { invitation } = await api.json<{ invitation: { code: string } }>('POST', p('/members'), producer.token, { email: `person${people}@soak.test`, name, roles }, 201);
    for (;;) {
      const accepted = await api.send('POST', `/api/invitations/${invitation.code}/accept`, null, { name, password: PASSWORD, pin });
      // Invitation codes are rate limited per address (30 a minute): the whole cast accepts from this one machine.
      if (accepted.status === 429) {
        await sleep(2000);
        continue;
      }
      if (accepted.status !== 201) throw new Error(`accepting ${name}'s invitation answered ${accepted.status}: ${accepted.body.slice(0, 300)}`);
      const body = JSON.parse(accepted.body) as { token: string; user: { id: string } };
      return { id: body.user.id, token: body.token, pin };
    }
  };
  const grip = await person('Gus Grip', ['crew']);
  const advisor = await person('Ines Advisor', ['safety_advisor']);
  const firstAd = await person('Sam Whitlock', ['first_ad']);
  const armorer = await person('Hank Morrow', ['armorer']);
  const performers: Person[] = [];
  for (let i = 0; i < firearmCount; i++) performers.push(await person(`Performer ${i + 1}`, ['performer']));
  for (const who of [armorer, ...performers]) {
    await api.json('POST', p('/trainings'), producer.token, { userId: who.id, course: 'firearms_safety', completedOn: isoDate(-30) }, 201);
  }

  const { scene } = await api.json<{ scene: { id: string } }>('POST', p('/scenes'), producer.token, { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] }, 201);
  const { shootDay } = await api.json<{ shootDay: { id: string } }>('POST', p('/shoot-days'), producer.token, { date: isoDate(0), sceneIds: [scene.id] }, 201);
  await api.json('PUT', p(`/shoot-days/${shootDay.id}/duties`), producer.token, { duties: [{ userId: armorer.id, duty: 'armorer' }] }, 200);
  await api.json(
    'POST',
    p('/safety-meetings'),
    armorer.token,
    {
      shootDayId: shootDay.id,
      sceneIds: [scene.id],
      heldAt: new Date().toISOString(),
      attendeeIds: [armorer.id, firstAd.id, ...performers.map((x) => x.id)],
      walkthrough: true,
      abortPlan: 'Cease fire on "hold".',
      emergencyPlan: 'Medic on set; nearest hospital 12 minutes away.',
    },
    201,
  );
  const { lot } = await api.json<{ lot: { id: string } }>(
    'POST',
    p('/ammunition'),
    armorer.token,
    { lot: 'D-1', kind: 'dummy', caliber: '.45', quantity: 10_000, verification: { method: 'rattle test' } },
    201,
  );
  const firearms: string[] = [];
  for (let i = 0; i < firearmCount; i++) {
    const { firearm } = await api.json<{ firearm: { id: string } }>('POST', p('/firearms'), armorer.token, { serial: `SOAK-${i + 1}`, make: 'Colt', model: 'SAA', kind: 'blank_firing' }, 201);
    await api.json('POST', p(`/firearms/${firearm.id}/events`), armorer.token, { type: 'check_out', shootDayId: shootDay.id }, 201);
    firearms.push(firearm.id);
  }
  return { pid: production.id, producer, grip, advisor, firstAd, armorer, performers, firearms, lotId: lot.id, dayId: shootDay.id, sceneId: scene.id };
}
