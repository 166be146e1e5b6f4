import { describe, expect, it } from 'vitest';
import { refusals } from '../../src/domain/refusal.js';
import { DEFAULT_ARMORY_SETTINGS, hotCold, type Firearm, type Member, type Scene, type ShootDay, type SafetyMeeting } from '../../src/domain/armory/model.js';
import {
  f1ArmorerOnDuty,
  f1CheckedOutFor,
  f1DayOpen,
  f2NoOtherDuty,
  f3UncoveredDays,
  f4Ammunition,
  f5SafetyMeeting,
  f6Custody,
  f7Confirmed,
  f7Inspected,
  f9Wrap,
  f9WrapOnce,
  f10Consultation,
  f10Consulted,
  f11Corrected,
  f11NoHold,
  f12Decision,
  f12Trained,
  handOffDecisions,
  inspectionAllowed,
  mayRecordDischarge,
  returnConfirmed,
  returnFrom,
  roundProblems,
  uninspectedCheckIn,
  type HandOffFacts,
} from '../../src/domain/armory/rules.js';

const hank: Member = { userId: 'hank', roles: ['armorer'], trained: true };
const clay: Member = { userId: 'clay', roles: ['performer'], trained: true };
const sam: Member = { userId: 'sam', roles: ['first_ad'], trained: false };
const lu: Member = { userId: 'lu', roles: ['property_master'], trained: true };
const members = new Map([hank, clay, sam, lu].map((m) => [m.userId, m]));

const saloon: Scene = { id: 's27', hazards: ['firearms', 'blanks'], aimedAtPerson: false };
const corral: Scene = { id: 's58', hazards: ['firearms', 'blanks'], aimedAtPerson: true };
const day: ShootDay = { id: 'd2', sceneIds: ['s27', 's58'], duties: [{ userId: 'hank', duty: 'armorer' }] };
const meeting: SafetyMeeting = {
  shootDayId: 'd2',
  sceneIds: ['s27'],
  heldAt: '2026-12-02T14:00:00Z',
  attendeeIds: ['hank', 'clay', 'sam'],
  walkthrough: true,
  abortPlan: 'Anyone calls "cease fire"; armorer clears the weapon.',
  emergencyPlan: 'Medic at video village; ambulance route via gate 2.',
};
const withHank: Firearm = {
  id: 'colt-1',
  state: 'with_armorer',
  holderId: 'hank',
  shootDayId: 'd2',
  lastCustodyChangeAt: '2026-12-02T15:00:00Z',
  latestInspection: { at: '2026-12-02T15:05:00Z', byUserId: 'hank', load: 'dummy', rounds: [{ lotId: 'lot-d', count: 6 }], barrelClear: true },
};
const now = '2026-12-02T15:08:00Z';

describe('F1: a firearm leaves storage only on a day with a trained armorer rostered', () => {
  it('allows with Hank rostered and trained', () => expect(f1ArmorerOnDuty(day, members)).toEqual({ allowed: true }));
  it('refuses a day with nobody rostered as armorer', () =>
    expect(f1ArmorerOnDuty({ ...day, duties: [] }, members)).toMatchObject({ allowed: false, rule: 'F1' }));
  it('refuses when the rostered armorer has no training on file', () =>
    expect(f1ArmorerOnDuty(day, new Map([['hank', { ...hank, trained: false }]]))).toMatchObject({ rule: 'F1', reason: expect.stringMatching(/training/) }));
  it('lets a firearm work the day it was checked out for', () => expect(f1CheckedOutFor(withHank, day)).toEqual({ allowed: true }));
  it('lets a firearm out for today or a day to come', () => {
    expect(f1DayOpen({ date: '2026-12-02', wrappedAt: null }, '2026-12-02')).toEqual({ allowed: true });
    expect(f1DayOpen({ date: '2026-12-03', wrappedAt: null }, '2026-12-02')).toEqual({ allowed: true });
  });
  it('keeps it in storage for a day that is over or already wrapped', () => {
    expect(f1DayOpen({ date: '2026-12-01', wrappedAt: null }, '2026-12-02')).toMatchObject({ rule: 'F1', reason: expect.stringMatching(/is over/) });
    expect(f1DayOpen({ date: '2026-12-02', wrappedAt: '2026-12-03T03:10:00Z' }, '2026-12-02')).toMatchObject({ rule: 'F1', reason: expect.stringMatching(/has wrapped/) });
  });
  it("refuses a hand-off for another day's scene: that day starts from storage under its own armorer", () =>
    expect(f1CheckedOutFor(withHank, { ...day, id: 'd3' })).toMatchObject({ rule: 'F1', reason: expect.stringMatching(/another shoot day/) }));
});

describe('F2: the armorer does nothing but the guns', () => {
  it('allows an armorer with no other duty', () => expect(f2NoOtherDuty(day, 'hank')).toEqual({ allowed: true }));
  it('refuses an armorer also on props that day', () =>
    expect(f2NoOtherDuty({ ...day, duties: [...day.duties, { userId: 'hank', duty: 'props' }] }, 'hank')).toMatchObject({ rule: 'F2', reason: expect.stringMatching(/props/) }));
});

describe('F3: every firearm day has an armorer booked', () => {
  const scenes = new Map([saloon, corral, { id: 's12', hazards: ['animals'], aimedAtPerson: false }].map((s) => [s.id, s]));
  it('finds no gap when the firearm day is covered', () => expect(f3UncoveredDays([day], scenes)).toEqual([]));
  it('flags a firearm day without an armorer, and ignores a day without guns', () => {
    const gap = { id: 'd3', sceneIds: ['s58'], duties: [] };
    const horses = { id: 'd1', sceneIds: ['s12'], duties: [] };
    expect(f3UncoveredDays([day, gap, horses], scenes).map((d) => d.id)).toEqual(['d3']);
  });
});

describe('F4: no live rounds, and dummies are verified', () => {
  it('accepts blanks and verified dummies', () => {
    expect(f4Ammunition('blank', undefined)).toEqual({ allowed: true });
    expect(f4Ammunition('dummy', { method: 'rattle test and drilled primer check', byUserId: 'hank' })).toEqual({ allowed: true });
  });
  it('refuses live ammunition outright', () => expect(f4Ammunition('live', { method: 'x', byUserId: 'hank' })).toMatchObject({ rule: 'F4' }));
  it('refuses a dummy lot nobody verified', () => expect(f4Ammunition('dummy', undefined)).toMatchObject({ rule: 'F4', reason: expect.stringMatching(/verification/) }));
});

describe('F5: a safety meeting before the first hand-off of the scene', () => {
  it('allows after a complete meeting for the scene', () => expect(f5SafetyMeeting([meeting], 'd2', 's27')).toEqual({ allowed: true }));
  it('refuses a scene the meeting did not cover', () => expect(f5SafetyMeeting([meeting], 'd2', 's58')).toMatchObject({ rule: 'F5' }));
  it('refuses a meeting without a walk-through or emergency plan', () =>
    expect(f5SafetyMeeting([{ ...meeting, walkthrough: false, emergencyPlan: ' ' }], 'd2', 's27')).toMatchObject({
      rule: 'F5',
      reason: expect.stringMatching(/walk-through, an emergency plan/),
    }));
});

describe('F6: storage -> armorer -> performer -> armorer -> storage, by the armorer only', () => {
  it('lets the armorer hand her firearm to a performer', () => expect(f6Custody('hand_off', withHank, hank, clay)).toEqual({ allowed: true }));
  it('refuses the 1st AD handing the revolver to the performer', () =>
    expect(f6Custody('hand_off', withHank, sam, clay)).toMatchObject({ rule: 'F6', reason: expect.stringMatching(/Only the armorer/) }));
  it('refuses a property master who does not hold the armorer role', () =>
    expect(f6Custody('check_out', { ...withHank, state: 'stored', holderId: null }, lu)).toMatchObject({ rule: 'F6' }));
  it('refuses a hand-off straight from storage', () =>
    expect(f6Custody('hand_off', { ...withHank, state: 'stored', holderId: null }, hank, clay)).toMatchObject({ rule: 'F6', reason: expect.stringMatching(/in storage/) }));
  it('refuses handing a firearm to someone who is not a performer', () => expect(f6Custody('hand_off', withHank, hank, sam)).toMatchObject({ rule: 'F6' }));
  it('allows taking it back from the performer and checking it in', () => {
    expect(f6Custody('return', { ...withHank, state: 'with_performer', holderId: 'clay' }, hank)).toEqual({ allowed: true });
    expect(f6Custody('check_in', withHank, hank)).toEqual({ allowed: true });
  });
});

describe('F7: inspected since it changed hands, and shown to the performer and the 1st AD', () => {
  it('allows a fresh inspection by the armorer after the last custody change', () =>
    expect(f7Inspected(withHank, 'hank', now, DEFAULT_ARMORY_SETTINGS)).toEqual({ allowed: true }));
  it('refuses when the firearm was out of her sight since the inspection', () =>
    expect(f7Inspected({ ...withHank, lastCustodyChangeAt: '2026-12-02T15:06:00Z' }, 'hank', now, DEFAULT_ARMORY_SETTINGS)).toMatchObject({ rule: 'F7' }));
  it('refuses an inspection older than the window', () =>
    expect(f7Inspected(withHank, 'hank', '2026-12-02T15:20:00Z', DEFAULT_ARMORY_SETTINGS)).toMatchObject({ rule: 'F7', reason: expect.stringMatching(/15 minutes old/) }));
  it('needs both the performer\'s and the 1st AD\'s PIN', () => {
    expect(f7Confirmed(new Set(['clay', 'sam']), 'clay', ['sam'])).toEqual({ allowed: true });
    expect(f7Confirmed(new Set(['clay']), 'clay', ['sam'])).toMatchObject({ rule: 'F7', reason: expect.stringMatching(/the 1st AD must/) });
  });
});

describe('F8: hot or cold comes only from the latest inspection', () => {
  it('is cold with dummies and hot with blanks loaded', () => {
    expect(hotCold(withHank.latestInspection)).toBe('cold');
    expect(hotCold({ ...withHank.latestInspection!, load: 'blank', rounds: [{ lotId: 'lot-b', count: 1 }] })).toBe('hot');
    expect(hotCold(null)).toBe('cold');
  });
});

describe('F9: wrap only with every firearm stored and every round accounted for', () => {
  it('allows a reconciled day', () => expect(refusals(f9Wrap([{ ...withHank, state: 'stored' }], [{ lotId: 'b', issued: 12, fired: 5, returned: 7 }]))).toEqual([]));
  it('wraps a day once: a second wrap is refused with when the first was', () =>
    expect(f9WrapOnce('2026-12-03T03:10:00Z')).toMatchObject({ rule: 'F9', reason: expect.stringMatching(/already wrapped \(2026-12-03T03:10:00Z\)/) }));
  it('refuses a firearm still out and a missing round', () => {
    const found = refusals(f9Wrap([withHank], [{ lotId: 'b', label: 'B-45-1', issued: 12, fired: 5, returned: 6 }]));
    expect(found.map((r) => r.rule)).toEqual(['F9', 'F9']);
    expect(found[1]!.reason).toMatch(/^Lot B-45-1: 12 issued, 5 fired, 6 returned\. Find the 1 missing round/);
  });
});

describe('F10: a shot toward a person needs a consultation on record', () => {
  it('allows an ordinary scene, or an aimed one after consultation', () => {
    expect(f10Consultation(saloon, false)).toEqual({ allowed: true });
    expect(f10Consultation(corral, true)).toEqual({ allowed: true });
  });
  it('refuses the corral shot toward camera without one', () => expect(f10Consultation(corral, false)).toMatchObject({ rule: 'F10' }));
});

describe('F11: an incident holds every firearm', () => {
  it('allows without a hold', () => expect(f11NoHold(null)).toEqual({ allowed: true }));
  it('refuses during a hold', () => expect(f11NoHold({ incidentId: 'i1' })).toMatchObject({ rule: 'F11' }));
});

describe('F12: nobody untrained receives a firearm', () => {
  it('allows a trained performer', () => expect(f12Trained(clay)).toEqual({ allowed: true }));
  it('refuses an untrained performer', () => expect(f12Trained({ ...clay, trained: false })).toMatchObject({ rule: 'F12' }));
});

describe('a hand-off answers to every rule at once', () => {
  const facts: HandOffFacts = {
    firearm: withHank,
    actor: hank,
    recipient: clay,
    day,
    scene: saloon,
    meetings: [meeting],
    consulted: false,
    members,
    hold: null,
    activeStops: 0,
    now,
    settings: DEFAULT_ARMORY_SETTINGS,
  };
  it('goes through on the correct day', () => expect(refusals(handOffDecisions(facts))).toEqual([]));
  it('reports every rule that refuses, not just the first', () => {
    const found = refusals(handOffDecisions({ ...facts, actor: sam, scene: corral, hold: { incidentId: 'i' }, activeStops: 1 }));
    expect(new Set(found.map((r) => r.rule))).toEqual(new Set(['F6', 'F5', 'F7', 'F10', 'F11', 'S1']));
  });
  it('asks F1 for the day of the hand-off, not only at check-out', () => {
    const unrostered = { ...day, id: 'd3', duties: [] };
    expect(refusals(handOffDecisions({ ...facts, day: unrostered, meetings: [{ ...meeting, shootDayId: 'd3' }] })).map((r) => r.rule)).toEqual(['F1', 'F1']);
  });
});

describe('F8: only the armorer holding a firearm inspects it, and declares what is in it', () => {
  const lots = new Map([
    ['lot-d', { lot: 'D-45', kind: 'dummy' }],
    ['lot-b', { lot: 'B-45', kind: 'blank' }],
  ]);
  it('allows Hank to inspect the Colt he holds', () => expect(inspectionAllowed(withHank, hank)).toEqual({ allowed: true }));
  it('refuses the 1st AD calling it cold', () => expect(inspectionAllowed(withHank, sam)).toMatchObject({ rule: 'F8', reason: expect.stringMatching(/Only the armorer/) }));
  it('refuses an inspection of a firearm someone else holds', () => expect(inspectionAllowed({ ...withHank, holderId: 'clay', state: 'with_performer' }, hank)).toMatchObject({ rule: 'F8' }));
  it('allows dummies from a dummy lot', () => expect(refusals(roundProblems('dummy', [{ lotId: 'lot-d', count: 6 }], lots))).toEqual([]));
  it('refuses blanks declared as dummies, and an empty gun holding rounds', () => {
    expect(refusals(roundProblems('dummy', [{ lotId: 'lot-b', count: 1 }], lots))).toEqual([expect.objectContaining({ rule: 'F4', reason: expect.stringMatching(/Never mix/) })]);
    expect(refusals(roundProblems('empty', [{ lotId: 'lot-d', count: 1 }], lots))).toEqual([expect.objectContaining({ rule: 'F8' })]);
  });
});

describe('F6: a firearm comes back from the person holding it, who confirms', () => {
  const withClay = { ...withHank, state: 'with_performer' as const, holderId: 'clay' };
  it('allows taking it back from Clay with his PIN', () => {
    expect(returnFrom(withClay, 'clay')).toEqual({ allowed: true });
    expect(returnConfirmed(new Set(['clay']), 'clay')).toEqual({ allowed: true });
  });
  it('refuses taking it "back" from someone who does not hold it, or without his PIN', () => {
    expect(returnFrom(withClay, 'sam')).toMatchObject({ rule: 'F6' });
    expect(returnConfirmed(new Set(['sam']), 'clay')).toMatchObject({ rule: 'PIN' });
  });
  it('lets the armorer, the advisor or the 1st AD record a discharge, and nobody else', () => {
    expect(mayRecordDischarge(sam, 'discharge')).toEqual({ allowed: true });
    expect(mayRecordDischarge(clay, 'misfire')).toMatchObject({ rule: 'F6' });
  });
});

describe('F7 and F9: back into storage inspected and empty', () => {
  it('allows an inspected, empty firearm', () => expect(uninspectedCheckIn({ ...withHank, latestInspection: { ...withHank.latestInspection!, load: 'empty', rounds: [] } }, [])).toEqual({ allowed: true }));
  it('refuses one not inspected since it changed hands, or still loaded', () => {
    expect(uninspectedCheckIn({ ...withHank, lastCustodyChangeAt: '2026-12-02T15:07:00Z' }, [])).toMatchObject({ rule: 'F7' });
    expect(uninspectedCheckIn(withHank, [{ lotId: 'lot-d', count: 6 }])).toMatchObject({ rule: 'F9' });
  });
});

describe('F10 and F11: the two PINs of a consultation, the advisor\'s own on a corrective action', () => {
  const ines: Member = { userId: 'ines', roles: ['safety_advisor'], trained: false };
  it('allows the armorer and the safety advisor together', () => expect(f10Consulted([hank, ines])).toMatchObject({ decision: { allowed: true }, armorerId: 'hank', advisorId: 'ines' }));
  it('refuses the armorer alone, or with someone who is not the advisor', () => {
    expect(f10Consulted([hank]).decision).toMatchObject({ rule: 'F10' });
    expect(f10Consulted([hank, sam]).decision).toMatchObject({ rule: 'F10' });
  });
  it("allows a corrective action confirmed by the advisor's own PIN, and refuses one confirmed by someone else's", () => {
    expect(f11Corrected(new Set(['ines']), 'ines')).toEqual({ allowed: true });
    expect(f11Corrected(new Set(['sam']), 'ines')).toMatchObject({ rule: 'F11' });
  });
});

describe('F12: an armorer\'s request for training or time is never denied silently', () => {
  it('allows granting, and denying with a reason', () => {
    expect(f12Decision('granted', null)).toEqual({ allowed: true });
    expect(f12Decision('denied', 'Budget covers one more day of prep, not two; safety advisor to review')).toEqual({ allowed: true });
  });
  it('refuses a denial without a reason', () => {
    expect(f12Decision('denied', '  ')).toMatchObject({ allowed: false, rule: 'F12' });
    expect(f12Decision('denied', undefined)).toMatchObject({ rule: 'F12' });
  });
});
