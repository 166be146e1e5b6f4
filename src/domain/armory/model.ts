/** The armory's facts as the rules read them: plain data, loaded by the use case. */

export type CustodyState = 'stored' | 'with_armorer' | 'with_performer';

/** F8: cold = empty or dummies; hot = blanks loaded. Derived from the latest inspection only. */
export type HotCold = 'cold' | 'hot';

export type Load = 'empty' | 'dummy' | 'blank';

export const FIREARM_KINDS = ['blank_firing', 'non_firing_replica', 'rubber', 'airsoft', 'disabled'] as const;
export type FirearmKind = (typeof FIREARM_KINDS)[number];

export const AMMUNITION_KINDS = ['blank', 'dummy'] as const;

export interface RoundCount {
  lotId: string;
  count: number;
}

export interface Inspection {
  at: string;
  byUserId: string;
  load: Load;
  rounds: RoundCount[];
  barrelClear: boolean;
}

export interface Firearm {
  id: string;
  state: CustodyState;
  /** who holds it now; null in storage */
  holderId: string | null;
  /** the shoot day it was last checked out for (F1, F9) */
  shootDayId?: string | null;
  latestInspection: Inspection | null;
  /** when custody last changed hands (check-out, hand-off, return) */
  lastCustodyChangeAt: string;
  /** how people name it: make, model and serial */
  label?: string;
}

export interface Member {
  userId: string;
  roles: readonly string[];
  /** F12: firearms safety training on file */
  trained: boolean;
}

export interface Scene {
  id: string;
  hazards: readonly string[];
  aimedAtPerson: boolean;
}

export interface ShootDay {
  id: string;
  sceneIds: readonly string[];
  /** the day's duty roster: who holds which duty */
  duties: ReadonlyArray<{ userId: string; duty: string }>;
}

export interface SafetyMeeting {
  shootDayId: string;
  sceneIds: readonly string[];
  heldAt: string;
  attendeeIds: readonly string[];
  walkthrough: boolean;
  abortPlan: string;
  emergencyPlan: string;
}

/** Per-production thresholds (SAFETY_RULES.md: a choice of ours, with these defaults). */
export interface ArmorySettings {
  /** F7: an inspection older than this must be repeated before a hand-off */
  inspectionWindowMinutes: number;
  /** F9: a firearm out of storage with no active scene longer than this alerts */
  idleOutsideStorageMinutes: number;
}

export const DEFAULT_ARMORY_SETTINGS: ArmorySettings = { inspectionWindowMinutes: 10, idleOutsideStorageMinutes: 15 };

/** F8: the status a person sees comes from the latest inspection, never from anyone's word. */
export function hotCold(inspection: Inspection | null): HotCold {
  return inspection?.load === 'blank' && inspection.rounds.some((r) => r.count > 0) ? 'hot' : 'cold';
}

export function involvesFirearms(scene: Pick<Scene, 'hazards'>): boolean {
  return scene.hazards.includes('firearms') || scene.hazards.includes('blanks');
}
