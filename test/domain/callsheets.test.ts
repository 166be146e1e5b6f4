import { describe, expect, it } from 'vitest';
import { revisionOf } from '../../src/domain/callsheets/revision.js';
import { acknowledgementsDue, composeSections, departmentOf, type SheetFacts } from '../../src/domain/callsheets/sheet.js';
import { onPaper } from '../../src/services/paper.js';

const saloon = { id: 's27', number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'], aimedAtPerson: true, intExt: 'INT', timeOfDay: 'night', locationId: 'ranch', eighths: 11, castIds: ['clay'] };
const wagon = { id: 's12', number: '12', description: 'The wagon arrives', hazards: [], aimedAtPerson: false, intExt: 'EXT', timeOfDay: 'day', locationId: null, eighths: 3, castIds: [] };

function facts(change: Partial<SheetFacts> = {}): SheetFacts {
  return {
    productionId: 'dust-devil',
    production: { name: 'Dust Devil', timezone: 'America/Denver' },
    version: 1,
    day: { id: 'd1', date: '2026-11-23', generalCall: '06:00', shootingCall: '07:30', notes: null },
    dayNumber: 3,
    dayCount: 40,
    scenes: [wagon, saloon],
    locations: [
      {
        id: 'ranch',
        name: 'Bonanza Creek Ranch',
        address: '15 Bonanza Creek Ln',
        latitude: 35.5405,
        longitude: -106.0656,
        elevationM: null,
        timezone: 'America/Denver',
        hospital: null,
        parking: null,
        notes: null,
        mapUrl: 'https://www.openstreetmap.org/?mlat=35.5405&mlon=-106.0656',
      },
    ],
    targets: new Map(),
    members: new Map([
      ['clay', { userId: 'clay', name: 'Clay Barrett', roles: ['performer'], department: null, phone: null }],
      ['amara', { userId: 'amara', name: 'Amara Reyes', roles: ['medic'], department: null, phone: '+1 505 555 0199' }],
      ['maya', { userId: 'maya', name: 'Maya Stone', roles: ['crew'], department: 'Grip', phone: null }],
    ]),
    duties: [
      { userId: 'clay', duty: 'performer' },
      { userId: 'amara', duty: 'medic' },
    ],
    times: [{ userId: 'maya', call: '2026-11-23T12:30:00.000Z', wrap: '2026-11-24T00:30:00.000Z' }],
    assessments: new Map(),
    meetings: [],
    consultations: new Map(),
    openConcerns: { critical: 0, high: 2, medium: 0, low: 1 },
    holds: [],
    stops: [],
    ledger: { treeSize: 12, rootHash: 'cm9vdA==', keyHash: '0a1b2c3d', checkpoint: 'setbook/production/dust-devil\n12\ncm9vdA==\n' },
    next: null,
    draft: { notes: null, walkieChannels: [], medicId: null },
    stopUrl: 'https://set.example/s/CALW2XUMB9',
    ...change,
  };
}

describe('revision colours', () => {
  it('prints the original on white and each revision on the next colour, then doubled', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => revisionOf(v).colour)).toEqual(['white', 'blue', 'pink', 'yellow', 'green', 'goldenrod', 'buff', 'salmon', 'cherry']);
    expect(revisionOf(10)).toEqual({ number: 9, colour: 'double white' });
    expect(revisionOf(11).colour).toBe('double blue');
    expect(revisionOf(19).colour).toBe('triple white');
    expect(revisionOf(1).number).toBe(0);
    expect(() => revisionOf(0)).toThrow(RangeError);
  });
});

describe('a call sheet composed from the day', () => {
  it('files people under their department, or the one their duty gives them', () => {
    expect(departmentOf({ department: 'Camera', roles: ['crew'] }, [])).toBe('Camera');
    expect(departmentOf({ department: null, roles: ['property_master', 'armorer'] }, ['armorer'])).toBe('Armory');
    expect(departmentOf({ department: null, roles: ['property_master'] }, [])).toBe('Props');
    expect(departmentOf({ department: null, roles: [] }, [])).toBe('Crew');
  });

  it('gives everyone on the roster or with a time their call: their own, else the general call', () => {
    const { calls } = composeSections(facts());
    expect(calls.people.map((p) => [p.department, p.name, p.callLocal, p.ownCall])).toEqual([
      ['Cast', 'Clay Barrett', '06:00', false],
      ['Medical', 'Amara Reyes', '06:00', false],
      ['Grip', 'Maya Stone', '05:30', true],
    ]);
  });

  it('F1/F3: says the armorer is missing on a day with firearm scenes and nobody rostered as armorer', () => {
    expect(composeSections(facts()).safety).toMatchObject({ armorerOnDuty: null, armorerMissing: true });
    expect(composeSections(facts({ scenes: [wagon] })).safety.armorerMissing).toBe(false);
    const rostered = composeSections(facts({ duties: [{ userId: 'clay', duty: 'armorer' }] })).safety;
    expect(rostered).toMatchObject({ armorerOnDuty: { userId: 'clay', name: 'Clay Barrett' }, armorerMissing: false });
  });

  it('F5 and F10: lists what must be on record before a firearm scene, and whether it is', () => {
    const none = composeSections(facts()).safety.meetings;
    expect(none.map((m) => [m.rule, m.sceneNumber, m.recordedAt])).toEqual([
      ['F5', '27', null],
      ['F10', '27', null],
    ]);
    const held = composeSections(facts({ meetings: [{ sceneIds: ['s27'], heldAt: '2026-11-23T12:45:00Z' }], consultations: new Map([['s27', '2026-11-20T18:00:00Z']]) })).safety.meetings;
    expect(held.map((m) => m.recordedAt)).toEqual(['2026-11-23T12:45:00Z', '2026-11-20T18:00:00Z']);
  });

  it('S5: shows each hazardous scene with its controls, and which assessments are stale or missing', () => {
    const assessed = composeSections(facts({ assessments: new Map([['s27', { status: 'stale', staleBecause: 'the location changed', controls: [{ hazard: 'firearms', control: 'Armorer on set' }] }]]) })).safety;
    expect(assessed.hazards).toEqual([{ sceneNumber: '27', hazards: ['firearms', 'blanks'], assessment: 'stale', controls: [{ hazard: 'firearms', control: 'Armorer on set' }] }]);
    expect(assessed.staleRiskAssessments).toEqual([{ sceneNumber: '27', staleBecause: 'the location changed' }]);
    expect(composeSections(facts()).safety.missingRiskAssessments).toEqual(['27']);
  });

  it('names the medic the 1st AD chose, else the one rostered, and keeps concern counts only', () => {
    expect(composeSections(facts()).medic).toEqual({ userId: 'amara', name: 'Amara Reyes', phone: '+1 505 555 0199' });
    expect(composeSections(facts({ draft: { notes: null, walkieChannels: [], medicId: 'maya' } })).medic).toMatchObject({ name: 'Maya Stone' });
    expect(composeSections(facts()).safety.openConcerns).toEqual({ critical: 0, high: 2, medium: 0, low: 1 });
  });

  it('prints the checkpoint as `setbook verify --checkpoint` takes it', () => {
    expect(composeSections(facts()).safety.ledger).toMatchObject({ pin: '12:cm9vdA==', verify: 'setbook verify setbook-ledger-dust-devil.ndjson --checkpoint 12:cm9vdA==' });
  });

  it('carries the day, its revision and its light, and nothing undefined', () => {
    const sections = composeSections(facts({ version: 2 }));
    expect(sections.day).toEqual({ date: '2026-11-23', number: 3, of: 40 });
    expect(sections.revision).toEqual({ version: 2, number: 1, colour: 'blue' });
    expect(sections.locations[0]!.light.sunrise).toMatch(/^2026-11-23T13:/);
    expect(JSON.stringify(sections)).toBe(JSON.stringify(JSON.parse(JSON.stringify(sections))));
  });
});

describe('who has not acknowledged', () => {
  const recipients = [
    { userId: 'a', safetyAckAt: null },
    { userId: 'b', safetyAckAt: '2026-11-23T11:00:00.000Z' },
  ];
  it('is pending before the general call and unacknowledged from it on', () => {
    expect(acknowledgementsDue(recipients, '2026-11-23T13:00:00.000Z', '2026-11-23T12:59:59.000Z')).toEqual({ pending: [recipients[0]], unacknowledged: [] });
    expect(acknowledgementsDue(recipients, '2026-11-23T13:00:00.000Z', '2026-11-23T13:00:00.000Z')).toEqual({ pending: [], unacknowledged: [recipients[0]] });
    expect(acknowledgementsDue(recipients, null, '2026-11-23T20:00:00.000Z')).toEqual({ pending: [recipients[0]], unacknowledged: [] });
  });
});

describe('text on paper', () => {
  it('keeps every letter the embedded fonts set, Cyrillic and accents too, and marks the rest', () => {
    expect(onPaper('Zoë Ñúñez – “Stage 2”')).toBe('Zoë Ñúñez – “Stage 2”');
    expect(onPaper('Čapek Dvořák, Łukasz')).toBe('Čapek Dvořák, Łukasz');
    expect(onPaper('Олена Ковальчук, зброяр: «холодна»')).toBe('Олена Ковальчук, зброяр: «холодна»');
    expect(onPaper('Ґанок, їжак, Євген, імʼя')).toBe('Ґанок, їжак, Євген, імʼя');
    expect(onPaper('王 🎬')).toBe('? ?');
    expect(onPaper('two\nlines')).toBe('two lines');
  });
});
