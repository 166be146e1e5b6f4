import crypto from 'node:crypto';
import type { Role } from '../domain/roles.js';
import type { Hazard } from '../domain/schedule/scenes.js';
import { openStore } from '../store/index.js';
import { inTransaction, reader, type ServiceDeps } from '../services/context.js';
import { loadOrCreateSigner } from '../services/keys.js';
import { SecretHasher, newId } from '../services/secrets.js';
import { acceptInvitation, addMember, createProduction, recordTraining, updateMember, type PublicProduction } from '../services/productions.js';
import { createScene, createShootDay } from '../services/schedule/days.js';
import { setDuties } from '../services/schedule/roster.js';
import { recordMeeting } from '../services/schedule/meetings.js';
import { addFirearm, addLot } from '../services/armory/inventory.js';
import { run, runAs, type Command } from '../services/command.js';
import { isRefused } from '../services/problem.js';
import type { UserRow } from '../store/schema.js';
import { setupToken, type ServeConfig } from './config.js';

interface DemoPerson {
  name: string;
  roles: Role[];
  department: string;
  trained?: boolean;
}

/** A fictional western: everyone a set needs, and days with guns, horses and a river crossing. */
const CREW: DemoPerson[] = [
  { name: 'Rosa Delgado', roles: ['upm'], department: 'Production' },
  { name: 'Sam Whitlock', roles: ['first_ad'], department: 'Assistant Directors' },
  { name: 'Ines Okafor', roles: ['safety_advisor'], department: 'Safety' },
  { name: 'Hank Morrow', roles: ['armorer'], department: 'Armory', trained: true },
  { name: 'Lu Chen', roles: ['property_master'], department: 'Props' },
  { name: 'Clay Barrett', roles: ['performer'], department: 'Cast', trained: true },
  { name: 'June Harlow', roles: ['performer'], department: 'Cast', trained: true },
  { name: 'Dr. Amara Reyes', roles: ['medic'], department: 'Medical' },
  { name: 'Teo Lindqvist', roles: ['department_head'], department: 'Camera' },
  { name: 'Maya Stone', roles: ['crew'], department: 'Grip' },
];

const SCENES: Array<{ number: string; description: string; hazards: Hazard[]; aimedAtPerson?: boolean }> = [
  { number: '12', description: 'Main street at dawn: Cole rides into Red Mesa.', hazards: ['animals'] },
  { number: '27', description: 'Saloon standoff: Cole draws on the Marshal, one blank fired upward.', hazards: ['firearms', 'blanks'] },
  { number: '31', description: 'River crossing with the herd.', hazards: ['water', 'animals'] },
  { number: '44', description: 'Stagecoach chase along the ridge.', hazards: ['vehicles', 'stunts', 'animals'] },
  {
    number: '58',
    description: 'Showdown at the corral: Ada fires toward camera through a shielded port.',
    hazards: ['firearms', 'blanks'],
    aimedAtPerson: true,
  },
];

/** `setbook demo`: creates the production through the same use cases the API runs, and prints the sign-ins. */
export async function demo(config: ServeConfig): Promise<number> {
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const deps: ServiceDeps = {
    store,
    hasher: new SecretHasher(config.scryptCost),
    signer: loadOrCreateSigner(config.dataDir),
    clock: () => new Date(),
    setupToken: setupToken(config.dataDir),
  };
  try {
    const tag = crypto.randomBytes(2).toString('hex');
    const password = `dust-devil-${tag}`;
    const producer = await demoProducer(deps, `dana.price+${tag}@dustdevil.example`, password);
    const { production } = (await run(deps, createProduction, { productionId: newId(), caller: { user: producer, roles: [] }, input: { name: `Dust Devil (demo ${tag})`, timezone: 'America/Denver' } })) as {
      production: PublicProduction;
    };
    // Every write goes through the same commands the API runs, as the person who would make it.
    const as = async <I, F, R>(user: UserRow, command: Command<I, F, R>, input: I): Promise<R> => {
      const answer = await runAs(deps, command, production.id, user, input);
      if (isRefused(answer)) throw new Error(`demo: ${answer.refused.map((r) => r.reason).join(' ')}`);
      return answer;
    };
    const logins = [{ name: producer.name, roles: 'producer', email: producer.email, pin: '2399' }];
    const ids = new Map<string, string>();
    for (const [i, person] of CREW.entries()) {
      const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}+${tag}@dustdevil.example`;
      const { invitation } = (await as(producer, addMember, { email, name: person.name, roles: person.roles, department: person.department })) as { invitation: { code: string } };
      const pin = String(2400 + i * 111);
      const { user } = await acceptInvitation(deps, invitation!.code, { name: person.name, password, pin });
      if (person.trained) {
        await as(producer, recordTraining, { userId: user.id, course: 'firearms_safety', completedOn: '2026-10-30' });
      }
      logins.push({ name: person.name, roles: person.roles.join(', '), email, pin });
      ids.set(person.name, user.id);
    }
    // The armorer's role takes the safety advisor's confirmation too: Ines confirms what Dana proposed.
    const ines = (await reader(deps).users.byId(ids.get('Ines Okafor')!))!;
    for (const person of CREW.filter((p) => p.roles.includes('armorer'))) {
      await as(ines, updateMember, { userId: ids.get(person.name)!, roles: person.roles });
    }
    const scenes: Array<{ id: string; number: string }> = [];
    for (const scene of SCENES) scenes.push(((await as(producer, createScene, scene)) as { scene: { id: string; number: string } }).scene);
    const sceneIds = (...numbers: string[]) => scenes.filter((s) => numbers.includes(s.number)).map((s) => s.id);
    type Day = { shootDay: { id: string } };
    await as(producer, createShootDay, { date: '2026-12-01', sceneIds: sceneIds('12', '31'), location: 'Bonanza Creek Ranch' });
    const saloonDay = (await as(producer, createShootDay, { date: '2026-12-02', sceneIds: sceneIds('27', '44'), location: 'Red Mesa backlot' })) as Day;
    const corralDay = (await as(producer, createShootDay, { date: '2026-12-03', sceneIds: sceneIds('58'), location: 'Corral, Bonanza Creek Ranch' })) as Day;

    // The armory: Hank is the armorer of both firearm days and nothing else.
    const person = (name: string) => ids.get(name)!;
    for (const day of [saloonDay, corralDay]) {
      await as(producer, setDuties, {
        shootDayId: day.shootDay.id,
        duties: [
          { userId: person('Hank Morrow'), duty: 'armorer' },
          { userId: person('Lu Chen'), duty: 'props' },
          { userId: person('Sam Whitlock'), duty: 'first_ad' },
        ],
      });
    }
    const armorer = (await reader(deps).users.byId(person('Hank Morrow')))!;
    await as(armorer, addFirearm, { serial: 'SAA-1873-0042', make: 'Colt', model: 'Single Action Army (blank-adapted)', kind: 'blank_firing' });
    await as(armorer, addFirearm, { serial: 'WIN-1892-0117', make: 'Winchester', model: '1892 (blank-adapted)', kind: 'blank_firing' });
    await as(armorer, addFirearm, { serial: 'RPL-0007', make: 'Denix', model: 'Peacemaker replica', kind: 'non_firing_replica' });
    await as(armorer, addLot, { lot: 'B-45C-2611', kind: 'blank', caliber: '.45 Colt', quantity: 100, load: 'quarter load' });
    await as(armorer, addLot, { lot: 'D-45C-2611', kind: 'dummy', caliber: '.45 Colt', quantity: 24, verification: { method: 'Rattle test and drilled primer check, every round, in front of the prop master' } });
    await as(armorer, recordMeeting, {
      shootDayId: saloonDay.shootDay.id,
      sceneIds: sceneIds('27'),
      heldAt: '2026-12-02T14:00:00Z',
      attendeeIds: ['Hank Morrow', 'Sam Whitlock', 'Ines Okafor', 'Clay Barrett', 'June Harlow'].map(person),
      walkthrough: true,
      abortPlan: 'Anyone may call "cease fire"; the armorer clears every weapon before work resumes.',
      emergencyPlan: 'Medic at video village; ambulance staged at gate 2; nearest hospital Christus St. Vincent, 22 minutes.',
    });

    const out = process.stdout;
    out.write(`Created "${production.name}" (${production.id}), set code ${production.setCode}.\n`);
    out.write(`Everyone's password: ${password}\n\n`);
    const width = Math.max(...logins.map((l) => l.name.length));
    for (const login of logins) {
      out.write(`  ${login.name.padEnd(width)}  ${login.roles.padEnd(16)}  ${login.email.padEnd(44)}  PIN ${login.pin}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** The demo's producer: a new account (the first on a fresh instance, which then needs no setup). */
async function demoProducer(deps: ServiceDeps, email: string, password: string): Promise<UserRow> {
  const existing = await reader(deps).users.byEmail(email);
  if (existing) return existing;
  const user: UserRow = {
    id: newId(),
    email,
    name: 'Dana Price',
    password_hash: await deps.hasher.hash(password),
    pin_hash: await deps.hasher.hashPin('2399'),
    created_at: new Date().toISOString(),
  };
  await inTransaction(deps, (tx) => tx.repos.users.insert(user));
  return user;
}
