import path from 'node:path';
import type { Role } from '../domain/roles.js';
import type { Hazard } from '../domain/schedule/scenes.js';
import { openStore } from '../store/index.js';
import { inTransaction, reader, type ServiceDeps } from '../services/context.js';
import { loadOrCreateSigner } from '../services/keys.js';
import { blobsIn } from '../services/blobs.js';
import { SecretHasher, newId } from '../services/secrets.js';
import { acceptInvitation, addMember, createProduction, recordTraining, setContact, updateMember, type PublicProduction } from '../services/productions.js';
import { localDate } from '../domain/schedule/calendar.js';
import { createShootDay } from '../services/schedule/days.js';
import { assessScene, createScene } from '../services/schedule/scenes.js';
import { createLocation } from '../services/schedule/locations.js';
import { setDuties } from '../services/schedule/roster.js';
import { recordMeeting } from '../services/schedule/meetings.js';
import { addFirearm, addLot } from '../services/armory/inventory.js';
import { run, runAs, type Command } from '../services/command.js';
import { isRefused } from '../services/problem.js';
import type { UserRow } from '../store/schema.js';
import { setupToken, type ServeConfig } from './config.js';

/** Everyone's password in the demo: short enough to type on a phone, long enough to be accepted. */
const PASSWORD = 'dust-devil-demo';

interface DemoPerson {
  name: string;
  /** the part before @dustdevil.test */
  login: string;
  roles: Role[];
  department: string;
  pin: string;
  trained?: boolean;
}

/** A fictional western: everyone a set needs. The producer, Dana, is made first. */
const CREW: DemoPerson[] = [
  { name: 'Rosa Delgado', login: 'rosa', roles: ['upm'], department: 'Production', pin: '2222' },
  { name: 'Sam Whitlock', login: 'sam', roles: ['first_ad'], department: 'Assistant Directors', pin: '3333' },
  { name: 'Ines Okafor', login: 'ines', roles: ['safety_advisor'], department: 'Safety', pin: '4444' },
  { name: 'Hank Morrow', login: 'hank', roles: ['armorer'], department: 'Armory', pin: '5555', trained: true },
  { name: 'Lu Chen', login: 'lu', roles: ['property_master'], department: 'Props', pin: '6666' },
  { name: 'Clay Barrett', login: 'clay', roles: ['performer'], department: 'Cast', pin: '7777', trained: true },
  { name: 'June Harlow', login: 'june', roles: ['performer'], department: 'Cast', pin: '8888', trained: true },
  { name: 'Dr. Amara Reyes', login: 'amara', roles: ['medic'], department: 'Medical', pin: '9999' },
  { name: 'Teo Lindqvist', login: 'teo', roles: ['department_head'], department: 'Camera', pin: '1212' },
  { name: 'Maya Stone', login: 'maya', roles: ['crew'], department: 'Grip', pin: '1313' },
];

const SCENES: Array<{ number: string; description: string; hazards: Hazard[]; aimedAtPerson?: boolean; intExt: 'INT' | 'EXT'; timeOfDay: 'day' | 'night' | 'dawn' | 'dusk'; eighths: number }> = [
  { number: '12', description: 'Main street at dawn: Cole rides into Red Mesa.', hazards: ['animals'], intExt: 'EXT', timeOfDay: 'dawn', eighths: 6 },
  { number: '27', description: 'Saloon standoff: Cole draws on the Marshal, one blank fired upward.', hazards: ['firearms', 'blanks'], intExt: 'INT', timeOfDay: 'night', eighths: 11 },
  { number: '31', description: 'River crossing with the herd.', hazards: ['water', 'animals'], intExt: 'EXT', timeOfDay: 'day', eighths: 9 },
  { number: '44', description: 'Stagecoach chase along the ridge.', hazards: ['vehicles', 'stunts', 'animals'], intExt: 'EXT', timeOfDay: 'day', eighths: 14 },
  {
    number: '58',
    description: 'Showdown at the corral: Ada fires toward camera through a shielded port.',
    hazards: ['firearms', 'blanks'],
    aimedAtPerson: true,
    intExt: 'EXT',
    timeOfDay: 'dusk',
    eighths: 8,
  },
];

const ZONE = 'America/Denver';

/** The calendar day `days` after `date`. */
function dayAfter(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * `setbook demo`: a production shooting today and tomorrow (in its own zone),
 * made through the same commands the API runs, each by the person who would
 * make it; prints how to open it and everyone's sign-in. Run again, it makes
 * another production for the same people.
 */
export async function demo(config: ServeConfig): Promise<number> {
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const deps: ServiceDeps = {
    store,
    hasher: new SecretHasher(config.scryptCost),
    signer: loadOrCreateSigner(config.dataDir),
    clock: () => new Date(),
    setupToken: setupToken(config.dataDir),
    blobs: blobsIn(config.dataDir),
  };
  try {
    const today = localDate(new Date(), ZONE);
    const producer = await demoPerson(deps, { name: 'Dana Price', login: 'dana', roles: ['producer'], department: 'Production', pin: '1111' });
    const { production } = (await run(deps, createProduction, { productionId: newId(), caller: { user: producer, roles: [] }, input: { name: `Dust Devil (demo, ${today})`, timezone: ZONE } })) as {
      production: PublicProduction;
    };
    const as = async <I, F, R>(user: UserRow, command: Command<I, F, R>, input: I): Promise<R> => {
      const answer = await runAs(deps, command, production.id, user, input);
      if (isRefused(answer)) throw new Error(`demo: ${answer.refused.map((r) => r.reason).join(' ')}`);
      return answer;
    };
    const people = new Map<string, UserRow>([['dana', producer]]);
    for (const person of CREW) {
      const email = `${person.login}@dustdevil.test`;
      const { invitation } = (await as(producer, addMember, { email, name: person.name, roles: person.roles, department: person.department })) as { invitation: { code: string } | null };
      if (invitation) await acceptInvitation(deps, invitation.code, { name: person.name, password: PASSWORD, pin: person.pin });
      people.set(person.login, (await reader(deps).users.byEmail(email))!);
    }
    const who = (login: string) => people.get(login)!;
    // The armorer's role waits for the safety advisor, who confirms what Dana proposed.
    for (const person of CREW.filter((p) => p.roles.includes('armorer'))) await as(who('ines'), updateMember, { userId: who(person.login).id, roles: person.roles });
    for (const person of CREW.filter((p) => p.trained)) await as(who('ines'), recordTraining, { userId: who(person.login).id, course: 'firearms_safety', completedOn: dayAfter(today, -30) });
    await as(who('maya'), setContact, { userId: who('maya').id, phone: '+1 505 555 0143', emergencyContact: 'Ruth Stone (mother), +1 505 555 0188' });

    const hospital = { name: 'Christus St. Vincent Regional Medical Center', address: '455 St Michaels Dr, Santa Fe, NM 87505', phone: '+1 505 913 3361', driveMinutes: 28 };
    type Made = { location: { id: string } };
    const ranch = ((await as(who('sam'), createLocation, { name: 'Bonanza Creek Ranch', address: '15 Bonanza Creek Ln, Santa Fe, NM', latitude: 35.5405, longitude: -106.0656, elevationM: 1890, hospital, parking: 'Base camp in the north field; crew parking by gate 2' })) as Made).location.id;
    const backlot = ((await as(who('sam'), createLocation, { name: 'Red Mesa backlot', latitude: 35.5417, longitude: -106.0702, elevationM: 1895, hospital, parking: 'Behind the livery stable' })) as Made).location.id;

    const scenes = new Map<string, string>();
    for (const scene of SCENES) {
      const made = (await as(who('sam'), createScene, { ...scene, locationId: scene.number === '27' ? backlot : ranch, castIds: [who('clay').id, who('june').id] })) as { scene: { id: string } };
      scenes.set(scene.number, made.scene.id);
    }
    const sceneIds = (...numbers: string[]) => numbers.map((n) => scenes.get(n)!);
    for (const scene of SCENES.filter((s) => s.hazards.includes('firearms'))) {
      await as(who('ines'), assessScene, {
        sceneId: scenes.get(scene.number)!,
        hazards: scene.hazards,
        controls: scene.hazards.map((hazard) => ({ hazard, control: hazard === 'firearms' ? 'Armorer holds every firearm between takes; cold unless handed off for the take' : 'Quarter loads; 20 ft to anyone; shields at camera' })),
      });
    }

    type Day = { shootDay: { id: string } };
    const todayId = ((await as(who('sam'), createShootDay, { date: today, sceneIds: sceneIds('27', '44'), locationIds: [backlot, ranch], generalCall: '06:00', shootingCall: '07:30' })) as Day).shootDay.id;
    const tomorrowId = ((await as(who('sam'), createShootDay, { date: dayAfter(today, 1), sceneIds: sceneIds('12', '58', '31'), locationIds: [ranch], generalCall: '05:15', shootingCall: '06:30', notes: 'Dawn call for scene 12: the dust behind the herd catches the low sun.' })) as Day).shootDay.id;
    for (const day of [todayId, tomorrowId]) {
      await as(who('sam'), setDuties, {
        shootDayId: day,
        duties: [
          { userId: who('hank').id, duty: 'armorer' },
          { userId: who('lu').id, duty: 'props' },
          { userId: who('sam').id, duty: 'first_ad' },
        ],
      });
    }

    const armorer = who('hank');
    await as(armorer, addFirearm, { serial: 'SAA-1873-0042', make: 'Colt', model: 'Single Action Army (blank-adapted)', kind: 'blank_firing' });
    await as(armorer, addFirearm, { serial: 'WIN-1892-0117', make: 'Winchester', model: '1892 (blank-adapted)', kind: 'blank_firing' });
    await as(armorer, addFirearm, { serial: 'RPL-0007', make: 'Denix', model: 'Peacemaker replica', kind: 'non_firing_replica' });
    await as(armorer, addLot, { lot: 'B-45C-2611', kind: 'blank', caliber: '.45 Colt', quantity: 100, load: 'quarter load' });
    await as(armorer, addLot, { lot: 'D-45C-2611', kind: 'dummy', caliber: '.45 Colt', quantity: 24, verification: { method: 'Rattle test and drilled primer check, every round, in front of the prop master' } });
    await as(who('sam'), recordMeeting, {
      shootDayId: todayId,
      sceneIds: sceneIds('27'),
      heldAt: new Date().toISOString(),
      attendeeIds: ['hank', 'sam', 'ines', 'clay', 'june'].map((login) => who(login).id),
      walkthrough: true,
      abortPlan: 'Anyone may call "cease fire"; the armorer clears every weapon before work resumes.',
      emergencyPlan: 'Medic at video village; ambulance staged at gate 2; Christus St. Vincent, 28 minutes.',
    });

    const out = process.stdout;
    out.write(`Created "${production.name}" (${production.id}): shooting today (${today}) and tomorrow, in ${ZONE}; set code ${production.setCode}.\n`);
    const elsewhere = config.dataDir === path.resolve('data') ? '' : ` -- --data-dir ${config.dataDir}`;
    out.write(`It is in ${config.databaseUrl ? 'the PostgreSQL database' : config.dataDir}: start Setbook on it with \`npm start${elsewhere}\`, open http://localhost:8080 and sign in.\n`);
    out.write(`Everyone's password: ${PASSWORD}\n\n`);
    const logins = [{ name: 'Dana Price', roles: 'producer', login: 'dana', pin: '1111' }, ...CREW.map((p) => ({ name: p.name, roles: p.roles.join(', '), login: p.login, pin: p.pin }))];
    const width = Math.max(...logins.map((l) => l.name.length));
    for (const login of logins) out.write(`  ${login.name.padEnd(width)}  ${login.roles.padEnd(16)}  ${`${login.login}@dustdevil.test`.padEnd(22)}  PIN ${login.pin}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The demo's producer: an account of their own (the first on a fresh instance, which then needs no setup), made once. */
async function demoPerson(deps: ServiceDeps, person: DemoPerson): Promise<UserRow> {
  const email = `${person.login}@dustdevil.test`;
  const existing = await reader(deps).users.byEmail(email);
  if (existing) return existing;
  const user: UserRow = {
    id: newId(),
    email,
    name: person.name,
    password_hash: await deps.hasher.hash(PASSWORD),
    pin_hash: await deps.hasher.hashPin(person.pin),
    created_at: new Date().toISOString(),
    locale: null,
  };
  await inTransaction(deps, (tx) => tx.repos.users.insert(user));
  return user;
}
