import crypto from 'node:crypto';
import type { Role } from '../domain/roles.js';
import type { Hazard } from '../domain/schedule.js';
import { openStore } from '../store/index.js';
import { inTransaction, reader, type ServiceDeps } from '../services/context.js';
import { loadOrCreateSigner } from '../services/keys.js';
import { SecretHasher, newId } from '../services/secrets.js';
import { acceptInvitation, addMember, createProduction, recordTraining } from '../services/productions.js';
import { createScene, createShootDay } from '../services/schedule.js';
import { addFirearm, addLot, recordMeeting, setDuties } from '../services/armory.js';
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
    const { production } = await createProduction(deps, producer, { name: `Dust Devil (demo ${tag})`, timezone: 'America/Denver' });
    const logins = [{ name: producer.name, roles: 'producer', email: producer.email, pin: '2399' }];
    const ids = new Map<string, string>();
    for (const [i, person] of CREW.entries()) {
      const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}+${tag}@dustdevil.example`;
      const { invitation } = await addMember(deps, producer, production.id, { email, name: person.name, roles: person.roles, department: person.department });
      const pin = String(2400 + i * 111);
      const { user } = await acceptInvitation(deps, invitation!.code, { name: person.name, password, pin });
      if (person.trained) {
        await recordTraining(deps, producer, production.id, { userId: user.id, course: 'firearms_safety', completedOn: '2026-10-30' });
      }
      logins.push({ name: person.name, roles: person.roles.join(', '), email, pin });
      ids.set(person.name, user.id);
    }
    const scenes: Array<{ id: string; number: string }> = [];
    for (const scene of SCENES) scenes.push((await createScene(deps, producer, production.id, scene)).scene);
    const sceneIds = (...numbers: string[]) => scenes.filter((s) => numbers.includes(s.number)).map((s) => s.id);
    await createShootDay(deps, producer, production.id, { date: '2026-12-01', sceneIds: sceneIds('12', '31'), location: 'Bonanza Creek Ranch' });
    const saloonDay = await createShootDay(deps, producer, production.id, { date: '2026-12-02', sceneIds: sceneIds('27', '44'), location: 'Red Mesa backlot' });
    const corralDay = await createShootDay(deps, producer, production.id, { date: '2026-12-03', sceneIds: sceneIds('58'), location: 'Corral, Bonanza Creek Ranch' });

    // The armory: Hank is the armorer of both firearm days and nothing else.
    const person = (name: string) => ids.get(name)!;
    for (const day of [saloonDay, corralDay]) {
      await setDuties(deps, producer, production.id, day.shootDay.id, [
        { userId: person('Hank Morrow'), duty: 'armorer' },
        { userId: person('Lu Chen'), duty: 'props' },
        { userId: person('Sam Whitlock'), duty: 'first_ad' },
      ]);
    }
    const armorer = (await reader(deps).users.byId(person('Hank Morrow')))!;
    await addFirearm(deps, armorer, production.id, { serial: 'SAA-1873-0042', make: 'Colt', model: 'Single Action Army (blank-adapted)', kind: 'blank_firing' });
    await addFirearm(deps, armorer, production.id, { serial: 'WIN-1892-0117', make: 'Winchester', model: '1892 (blank-adapted)', kind: 'blank_firing' });
    await addFirearm(deps, armorer, production.id, { serial: 'RPL-0007', make: 'Denix', model: 'Peacemaker replica', kind: 'non_firing_replica' });
    await addLot(deps, armorer, production.id, { lot: 'B-45C-2611', kind: 'blank', caliber: '.45 Colt', quantity: 100, load: 'quarter load' });
    await addLot(deps, armorer, production.id, { lot: 'D-45C-2611', kind: 'dummy', caliber: '.45 Colt', quantity: 24, verification: { method: 'Rattle test and drilled primer check, every round, in front of the prop master' } });
    await recordMeeting(deps, armorer, production.id, {
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
