/**
 * A day's call sheet, composed from what the schedule, the armory, the
 * concerns and the ledger hold. Pure: the service loads the facts, this
 * decides what the sheet says, so a published version is exactly a function
 * of what was on record when it was published (S4).
 */
import { involvesFirearms } from '../schedule/scenes.js';
import { instantOf, localTime } from '../schedule/calendar.js';
import { dayLight, type DayLight, type LightTarget } from '../light/sun.js';
import { revisionOf, type Revision } from './revision.js';

export const CONCERN_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface SheetScene {
  id: string;
  number: string;
  description: string;
  hazards: string[];
  aimedAtPerson: boolean;
  intExt: string | null;
  timeOfDay: string | null;
  locationId: string | null;
  eighths: number | null;
  castIds: string[];
}

export interface SheetLocation {
  id: string;
  name: string;
  address: string | null;
  latitude: number;
  longitude: number;
  elevationM: number | null;
  timezone: string;
  hospital: { name: string; address: string; phone?: string | undefined; driveMinutes?: number | undefined } | null;
  parking: string | null;
  notes: string | null;
  mapUrl: string;
}

export interface SheetMember {
  userId: string;
  name: string;
  roles: string[];
  department: string | null;
  phone: string | null;
}

export interface WalkieChannel {
  channel: string;
  use: string;
}

/** A scene's risk assessment in force (S5), or none. */
export interface SheetAssessment {
  status: 'current' | 'stale';
  staleBecause: string | null;
  controls: Array<{ hazard: string; control: string }>;
}

/** Everything a call sheet is made of, as loaded by the service. */
export interface SheetFacts {
  productionId: string;
  production: { name: string; timezone: string };
  version: number;
  day: { id: string; date: string; generalCall: string | null; shootingCall: string | null; notes: string | null };
  /** the day's place in the schedule: day `number` of `of` */
  dayNumber: number;
  dayCount: number;
  /** the day's scenes, in shooting order */
  scenes: SheetScene[];
  /** the day's locations, in the order the unit moves */
  locations: SheetLocation[];
  /** light targets by location id */
  targets: ReadonlyMap<string, readonly LightTarget[]>;
  members: ReadonlyMap<string, SheetMember>;
  duties: ReadonlyArray<{ userId: string; duty: string }>;
  times: ReadonlyArray<{ userId: string; call: string; wrap: string }>;
  assessments: ReadonlyMap<string, SheetAssessment>;
  /** F5: the scenes each recorded safety meeting of the day covered, and when it was held */
  meetings: ReadonlyArray<{ sceneIds: string[]; heldAt: string }>;
  /** F10: when each scene's latest consultation was recorded */
  consultations: ReadonlyMap<string, string>;
  openConcerns: Record<(typeof CONCERN_SEVERITIES)[number], number>;
  holds: ReadonlyArray<{ incidentId: string; kind: string; since: string }>;
  stops: ReadonlyArray<{ id: string; raisedAt: string; location: string | null }>;
  ledger: { treeSize: number; rootHash: string; keyHash: string; checkpoint: string };
  /** the next shoot day, for the advance schedule */
  next: { date: string; number: number; scenes: SheetScene[] } | null;
  draft: { notes: string | null; walkieChannels: WalkieChannel[]; medicId: string | null };
  /** the set's public stop page, for the QR code */
  stopUrl: string;
}

/** The day's light at a location as the sheet prints it: the events and windows, not the sun's path (a screen draws that). */
export type SheetLight = Pick<
  DayLight,
  'timezone' | 'polar' | 'sunrise' | 'sunset' | 'civilDawn' | 'civilDusk' | 'solarNoon' | 'sunriseAzimuth' | 'sunsetAzimuth' | 'goldenHour' | 'blueHour' | 'remarks'
> & {
  targets: Array<{ id: string; name: string; windows: Array<{ start: string; end: string }>; suggestedCall: string | null }>;
};

export interface SheetPerson {
  userId: string;
  name: string;
  department: string;
  /** the person's call, an instant: their own time record, else the general call */
  call: string | null;
  /** the same on the production's wall clock */
  callLocal: string | null;
  /** whether `call` is the person's own time record rather than the general call */
  ownCall: boolean;
  duties: string[];
}

export interface SheetSceneLine {
  number: string;
  intExt: string | null;
  timeOfDay: string | null;
  description: string;
  eighths: number | null;
  cast: Array<{ userId: string; name: string }>;
  hazards: string[];
  location: string | null;
}

export interface Sections {
  production: { name: string; timezone: string };
  day: { date: string; number: number; of: number };
  revision: Revision & { version: number };
  calls: { general: string | null; shooting: string | null; people: SheetPerson[] };
  locations: Array<{
    id: string;
    name: string;
    address: string | null;
    mapUrl: string;
    parking: string | null;
    notes: string | null;
    hospital: SheetLocation['hospital'];
    light: SheetLight;
  }>;
  scenes: SheetSceneLine[];
  /** the next shoot day's scenes */
  advance: SheetSceneLine[];
  advanceDay: { date: string; number: number } | null;
  walkieChannels: WalkieChannel[];
  medic: { userId: string; name: string; phone: string | null } | null;
  notes: string | null;
  safety: {
    hazards: Array<{ sceneNumber: string; hazards: string[]; assessment: 'current' | 'stale' | 'missing'; controls: Array<{ hazard: string; control: string }> }>;
    meetings: Array<{ rule: 'F5' | 'F10'; sceneNumber: string; what: string; recordedAt: string | null }>;
    armorerOnDuty: { userId: string; name: string } | null;
    /** F1/F3: the day has firearm scenes and nobody rostered as armorer */
    armorerMissing: boolean;
    /** S2: counts only; never a word of a concern */
    openConcerns: Record<(typeof CONCERN_SEVERITIES)[number], number>;
    holds: Array<{ incidentId: string; kind: string; since: string }>;
    stops: Array<{ id: string; raisedAt: string; location: string | null }>;
    staleRiskAssessments: Array<{ sceneNumber: string; staleBecause: string }>;
    missingRiskAssessments: string[];
    ledger: { treeSize: number; rootHash: string; keyHash: string; checkpoint: string; pin: string; verify: string };
    stopUrl: string;
  };
}

/** A department for a person who has none on record: from what they do that day, else from their roles. */
const DEPARTMENT_OF: Record<string, string> = {
  producer: 'Production',
  upm: 'Production',
  first_ad: 'Assistant directors',
  performer: 'Cast',
  safety_advisor: 'Safety',
  medic: 'Medical',
  armorer: 'Armory',
  property_master: 'Props',
  props: 'Props',
  department_head: 'Heads of department',
  crew: 'Crew',
};

/** The order departments are listed in; any other department follows these, by name, before Crew. */
const DEPARTMENT_ORDER = ['Production', 'Assistant directors', 'Cast', 'Safety', 'Medical', 'Armory', 'Props', 'Heads of department'];

export function departmentOf(member: Pick<SheetMember, 'department' | 'roles'>, duties: readonly string[]): string {
  if (member.department) return member.department;
  for (const duty of duties) if (DEPARTMENT_OF[duty]) return DEPARTMENT_OF[duty];
  const role = Object.keys(DEPARTMENT_OF).find((r) => member.roles.includes(r));
  return role ? DEPARTMENT_OF[role]! : 'Crew';
}

function departmentRank(department: string): [number, string] {
  const known = DEPARTMENT_ORDER.indexOf(department);
  if (known >= 0) return [known, ''];
  return [department === 'Crew' ? DEPARTMENT_ORDER.length + 1 : DEPARTMENT_ORDER.length, department.toLowerCase()];
}

/** Who is on the day: everyone on its duty roster or with a call and wrap recorded for it. */
export function peopleOfDay(facts: Pick<SheetFacts, 'duties' | 'times'>): string[] {
  return [...new Set([...facts.duties.map((d) => d.userId), ...facts.times.map((t) => t.userId)])];
}

/** A person's call that day: their own time record, else the general call. */
export function callOf(facts: Pick<SheetFacts, 'day' | 'times' | 'production'>, userId: string): { call: string | null; own: boolean } {
  const own = facts.times.find((t) => t.userId === userId);
  if (own) return { call: own.call, own: true };
  const { day, production } = facts;
  return { call: day.generalCall ? instantOf(day.date, day.generalCall, production.timezone).toISOString() : null, own: false };
}

function people(facts: SheetFacts): SheetPerson[] {
  const list = peopleOfDay(facts).flatMap((userId) => {
    const member = facts.members.get(userId);
    if (!member) return [];
    const duties = facts.duties.filter((d) => d.userId === userId).map((d) => d.duty);
    const { call, own } = callOf(facts, userId);
    return [{ userId, name: member.name, department: departmentOf(member, duties), call, callLocal: call ? localTime(call, facts.production.timezone) : null, ownCall: own, duties }];
  });
  return list.sort((a, b) => {
    const [ra, na] = departmentRank(a.department);
    const [rb, nb] = departmentRank(b.department);
    return ra - rb || na.localeCompare(nb) || (a.call ?? '').localeCompare(b.call ?? '') || a.name.localeCompare(b.name);
  });
}

function sceneLine(scene: SheetScene, facts: Pick<SheetFacts, 'members' | 'locations'>): SheetSceneLine {
  return {
    number: scene.number,
    intExt: scene.intExt,
    timeOfDay: scene.timeOfDay,
    description: scene.description,
    eighths: scene.eighths,
    cast: scene.castIds.map((userId) => ({ userId, name: facts.members.get(userId)?.name ?? 'a former member' })),
    hazards: scene.hazards,
    location: facts.locations.find((l) => l.id === scene.locationId)?.name ?? null,
  };
}

function light(location: SheetLocation, date: string, targets: readonly LightTarget[]): SheetLight {
  const day = dayLight(location, date, targets);
  return {
    timezone: day.timezone,
    polar: day.polar,
    sunrise: day.sunrise,
    sunset: day.sunset,
    civilDawn: day.civilDawn,
    civilDusk: day.civilDusk,
    solarNoon: day.solarNoon,
    sunriseAzimuth: day.sunriseAzimuth,
    sunsetAzimuth: day.sunsetAzimuth,
    goldenHour: day.goldenHour,
    blueHour: day.blueHour,
    remarks: day.remarks,
    targets: day.targets.map((t) => ({ id: t.id, name: t.name, windows: t.windows, suggestedCall: t.suggestedCall })),
  };
}

/** F5 for every scene with firearms or blanks, F10 for every scene aiming toward a person: what must be on record before it is shot. */
function requiredMeetings(facts: SheetFacts): Sections['safety']['meetings'] {
  return facts.scenes.flatMap((scene) => {
    const needed: Sections['safety']['meetings'] = [];
    if (involvesFirearms(scene.hazards)) {
      const held = facts.meetings.filter((m) => m.sceneIds.includes(scene.id)).map((m) => m.heldAt).sort();
      needed.push({ rule: 'F5', sceneNumber: scene.number, what: 'Safety meeting: attendees, walk-through, abort and emergency plans', recordedAt: held[0] ?? null });
    }
    if (scene.aimedAtPerson) {
      needed.push({ rule: 'F10', sceneNumber: scene.number, what: 'Consultation of the armorer and the safety advisor on the shot aimed toward a person', recordedAt: facts.consultations.get(scene.id) ?? null });
    }
    return needed;
  });
}

/** The medic the 1st AD named, else the one rostered as medic that day. */
function medicOf(facts: SheetFacts): Sections['medic'] {
  const id = facts.draft.medicId ?? facts.duties.find((d) => d.duty === 'medic')?.userId ?? null;
  const member = id ? facts.members.get(id) : undefined;
  return member ? { userId: member.userId, name: member.name, phone: member.phone } : null;
}

/** What the printed checkpoint line pins: `setbook verify` takes it as `--checkpoint <size>:<root>`. */
export function pinOf(ledger: { treeSize: number; rootHash: string }): string {
  return `${ledger.treeSize}:${ledger.rootHash}`;
}

export function verifyCommand(productionId: string, ledger: { treeSize: number; rootHash: string }): string {
  return `setbook verify setbook-ledger-${productionId}.ndjson --checkpoint ${pinOf(ledger)}`;
}

export function composeSections(facts: SheetFacts): Sections {
  const armorer = facts.duties.find((d) => d.duty === 'armorer');
  const armorerName = armorer ? facts.members.get(armorer.userId)?.name : undefined;
  const hazardous = facts.scenes.filter((scene) => scene.hazards.length > 0);
  return {
    production: facts.production,
    day: { date: facts.day.date, number: facts.dayNumber, of: facts.dayCount },
    revision: { version: facts.version, ...revisionOf(facts.version) },
    calls: { general: facts.day.generalCall, shooting: facts.day.shootingCall, people: people(facts) },
    locations: facts.locations.map((location) => ({
      id: location.id,
      name: location.name,
      address: location.address,
      mapUrl: location.mapUrl,
      parking: location.parking,
      notes: location.notes,
      hospital: location.hospital,
      light: light(location, facts.day.date, facts.targets.get(location.id) ?? []),
    })),
    scenes: facts.scenes.map((scene) => sceneLine(scene, facts)),
    advance: facts.next?.scenes.map((scene) => sceneLine(scene, facts)) ?? [],
    advanceDay: facts.next ? { date: facts.next.date, number: facts.next.number } : null,
    walkieChannels: facts.draft.walkieChannels,
    medic: medicOf(facts),
    notes: [facts.day.notes, facts.draft.notes].filter((note): note is string => Boolean(note)).join('\n\n') || null,
    safety: {
      hazards: hazardous.map((scene) => {
        const assessment = facts.assessments.get(scene.id);
        return { sceneNumber: scene.number, hazards: scene.hazards, assessment: assessment?.status ?? 'missing', controls: assessment?.controls ?? [] };
      }),
      meetings: requiredMeetings(facts),
      armorerOnDuty: armorer ? { userId: armorer.userId, name: armorerName ?? 'the armorer' } : null,
      armorerMissing: !armorer && facts.scenes.some((scene) => involvesFirearms(scene.hazards)),
      openConcerns: facts.openConcerns,
      holds: [...facts.holds],
      stops: [...facts.stops],
      staleRiskAssessments: facts.scenes.flatMap((scene) => {
        const assessment = facts.assessments.get(scene.id);
        return assessment?.status === 'stale' ? [{ sceneNumber: scene.number, staleBecause: assessment.staleBecause ?? 'the scene changed' }] : [];
      }),
      missingRiskAssessments: hazardous.filter((scene) => !facts.assessments.has(scene.id)).map((scene) => scene.number),
      ledger: { ...facts.ledger, pin: pinOf(facts.ledger), verify: verifyCommand(facts.productionId, facts.ledger) },
      stopUrl: facts.stopUrl,
    },
  };
}

/**
 * Who has not acknowledged the safety section, as the 1st AD's day shows it:
 * `pending` until the general call, `unacknowledged` once it has passed.
 */
export function acknowledgementsDue<P extends { safetyAckAt: string | null }>(recipients: readonly P[], generalCall: string | null, now: string) {
  const waiting = recipients.filter((r) => r.safetyAckAt === null);
  const due = generalCall !== null && now >= generalCall;
  return { pending: due ? [] : waiting, unacknowledged: due ? waiting : [] };
}
