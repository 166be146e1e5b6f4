// Which custody actions can pass their rules right now, and why the others
// cannot: the same rules the server decides with (domain/armory/rules.ts), asked
// in the browser before anyone types a PIN. The server still decides, and
// records, every attempt.
import { DEFAULT_ARMORY_SETTINGS, type Firearm as RuleFirearm, type Member as RuleMember, type ShootDay as RuleDay } from '../../../domain/armory/model.js';
import {
  f1ArmorerOnDuty,
  f1CheckedOutFor,
  f1DayOpen,
  f2NoOtherDuty,
  f6Custody,
  f7Inspected,
  f11NoHold,
  f12Trained,
  inspectionAllowed,
  isArmorer,
  mayRecordDischarge,
  uninspectedCheckIn,
} from '../../../domain/armory/rules.js';
import { refuse, refusals, type Decision, type Refusal } from '../../../domain/refusal.js';
import { handOffDuringStop } from '../../../domain/stops.js';
import type { Firearm } from '../../api.js';
import { t } from '../../i18n.js';
import { firearmName, type CrewMember, type RosterDay } from '../armory-shared.js';

export type Action = 'check_out' | 'inspect' | 'hand_off' | 'return' | 'unload' | 'check_in' | 'discharge' | 'misfire';

export interface Readiness {
  action: Action;
  /** the rules that would refuse it now; none means it can pass */
  blockedBy: Refusal[];
  /** the step that clears the way, when there is one on this screen */
  first?: string;
}

export interface CustodyFacts {
  firearm: Firearm;
  myId: string;
  people: readonly CrewMember[];
  trained: ReadonlySet<string>;
  days: readonly RosterDay[];
  /** today on the production's calendar, YYYY-MM-DD */
  today: string;
  hold: boolean;
  activeStops: number;
  now: number;
}

export function ruleMembers(people: readonly CrewMember[], trained: ReadonlySet<string>): Map<string, RuleMember> {
  return new Map(people.map((m) => [m.userId, { userId: m.userId, roles: m.roles, trained: trained.has(m.userId) }]));
}

function ruleFirearm(firearm: Firearm): RuleFirearm {
  return {
    id: firearm.id,
    state: firearm.state,
    holderId: firearm.holderId,
    shootDayId: firearm.shootDayId,
    latestInspection: firearm.lastInspection,
    lastCustodyChangeAt: firearm.lastCustodyChangeAt,
    label: firearmName(firearm),
  };
}

/** Shoot days a firearm may still be checked out for: today and later, in date order. A past day is no day to take a gun out. */
export function upcomingDays(days: readonly RosterDay[], today: string): RosterDay[] {
  return days.filter((d) => d.date >= today).sort((a, b) => a.date.localeCompare(b.date));
}

/** F1 for each day a firearm could be checked out for: still to be shot, not wrapped, with a trained armorer on its roster. */
export function checkOutChoices(facts: Pick<CustodyFacts, 'days' | 'today' | 'people' | 'trained'>): { day: RosterDay; refused: Refusal[] }[] {
  const members = ruleMembers(facts.people, facts.trained);
  return upcomingDays(facts.days, facts.today).map((day) => ({ day, refused: refusals([f1DayOpen(day, facts.today), f1ArmorerOnDuty(day, members)]) }));
}

/** The firearm was inspected since it last changed hands (F7, and what check-in asks). */
export function inspectedSinceCustodyChange(firearm: Firearm): boolean {
  return firearm.lastInspection !== null && firearm.lastInspection.at >= firearm.lastCustodyChangeAt;
}

function checkOutDay(facts: CustodyFacts): Decision {
  const choices = checkOutChoices(facts);
  if (choices.length === 0) return refuse('F1', 'armory.readiness.noDay');
  return choices.find((c) => c.refused.length === 0) ? { allowed: true } : choices[0]!.refused[0]!;
}

function handOff(facts: CustodyFacts, firearm: RuleFirearm, me: RuleMember | undefined, members: Map<string, RuleMember>): Decision[] {
  const performers = [...members.values()].filter((m) => m.roles.includes('performer'));
  const recipient = performers.find((m) => m.trained) ?? performers[0];
  const day = facts.days.find((d) => d.id === facts.firearm.shootDayId);
  const firstAd = [...members.values()].some((m) => m.roles.includes('first_ad'));
  const decisions: Decision[] = [f6Custody('hand_off', firearm, me, recipient), f12Trained(recipient)];
  if (day) {
    const ruleDay: RuleDay = { id: day.id, sceneIds: day.sceneIds, duties: day.duties };
    decisions.push(f1ArmorerOnDuty(ruleDay, members), f1CheckedOutFor(firearm, ruleDay), f2NoOtherDuty(ruleDay, facts.myId));
    if (day.sceneIds.length === 0) decisions.push(refuse('F5', 'armory.readiness.noScenes'));
  }
  decisions.push(
    f7Inspected(firearm, facts.myId, new Date(facts.now).toISOString(), DEFAULT_ARMORY_SETTINGS),
    firstAd ? { allowed: true } : refuse('F7', 'armory.readiness.noFirstAd'),
    f11NoHold(facts.hold ? { incidentId: '' } : null),
    handOffDuringStop(facts.activeStops),
  );
  return decisions;
}

/**
 * Every action this person could take on the firearm in its state, each with
 * the rules that stand in its way. A person who is not the armorer is told
 * once, in `note`, rather than offered actions that F6 refuses.
 */
export function custodyReadiness(facts: CustodyFacts): { actions: Readiness[]; note: string | null } {
  const members = ruleMembers(facts.people, facts.trained);
  const me = members.get(facts.myId);
  const firearm = ruleFirearm(facts.firearm);
  const actions: Readiness[] = [];
  const add = (action: Action, decisions: Decision[]) => actions.push({ action, blockedBy: refusals(decisions) });
  const armorer = isArmorer(me);
  const recorder = mayRecordDischarge(me, 'discharge').allowed;

  if (armorer) {
    if (facts.firearm.state === 'stored') add('check_out', [f6Custody('check_out', firearm, me), checkOutDay(facts)]);
    if (facts.firearm.state === 'with_armorer') {
      add('inspect', [inspectionAllowed(firearm, me)]);
      add('hand_off', handOff(facts, firearm, me, members));
      // Unloading is an inspection that finds it empty: the rounds go back to their lots, and check-in can follow.
      const unload = facts.firearm.loaded.length > 0 || !inspectedSinceCustodyChange(facts.firearm);
      if (unload) add('unload', [inspectionAllowed(firearm, me)]);
      add('check_in', [f6Custody('check_in', firearm, me), uninspectedCheckIn(firearm, facts.firearm.loaded)]);
      if (unload) actions[actions.length - 1]!.first = t('armory.readiness.unloadFirst');
    }
    if (facts.firearm.state === 'with_performer') add('return', [f6Custody('return', firearm, me)]);
  }
  if (recorder && facts.firearm.state !== 'stored') {
    add('discharge', [mayRecordDischarge(me, 'discharge')]);
    add('misfire', [mayRecordDischarge(me, 'misfire')]);
  }
  const notes = [
    !armorer && t('armory.readiness.onlyArmorer'),
    !recorder && facts.firearm.state !== 'stored' && t('armory.readiness.whoRecords'),
  ].filter((line): line is string => typeof line === 'string');
  return { actions, note: notes.length > 0 ? notes.join(' ') : null };
}
