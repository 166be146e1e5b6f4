// A firearm's history in the set's words: who handed what to whom, with which
// rounds in it and who witnessed it, never an id. The rounds in the firearm at
// each step are followed from its first event, as the server counts them.
import type { AmmunitionLot, FirearmEvent, RoundCount, Scene } from '../../api.js';
import { dayText, lotRoundsText, roundsText, sceneText, type RosterDay } from '../armory-shared.js';

export interface HistoryLine {
  id: string;
  at: string;
  ledgerIndex: number;
  type: FirearmEvent['type'];
  /** an unintended discharge, a misfire: drawn as the danger it was */
  danger: boolean;
  text: string;
}

interface Names {
  lots: readonly AmmunitionLot[];
  scenes: readonly Scene[];
  days: readonly RosterDay[];
  nameOf: (userId: string) => string;
}

const list = new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' });

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function roundList(value: unknown): RoundCount[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((r: unknown) => {
    const round = r as { lotId?: unknown; count?: unknown };
    return typeof round?.lotId === 'string' && typeof round.count === 'number' && round.count > 0 ? [{ lotId: round.lotId, count: round.count }] : [];
  });
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Rounds that left the firearm between two loads, by lot: what an unload returned to the lots. */
function returned(before: readonly RoundCount[], after: readonly RoundCount[]): RoundCount[] {
  return before.flatMap((r) => {
    const left = r.count - (after.find((a) => a.lotId === r.lotId)?.count ?? 0);
    return left > 0 ? [{ lotId: r.lotId, count: left }] : [];
  });
}

function returnedText(rounds: readonly RoundCount[], lots: readonly AmmunitionLot[]): string {
  return list.format(rounds.map((r) => `${lotRoundsText(r.count, lots.find((l) => l.id === r.lotId)).replace(' from lot ', ' back to lot ')}`));
}

function sceneOf(names: Names, data: Record<string, unknown>): string | undefined {
  const sceneId = str(data.sceneId);
  return sceneId ? sceneText(names.scenes.find((s) => s.id === sceneId)) : undefined;
}

function sentence(event: FirearmEvent, loaded: RoundCount[], names: Names): { text: string; loaded: RoundCount[]; danger?: boolean } {
  const { data } = event;
  const actor = names.nameOf(event.actorId);
  const inIt = (rounds: readonly RoundCount[]) => (rounds.length > 0 ? `with ${roundsText(rounds, names.lots)} in it` : 'empty');
  const scene = sceneOf(names, data);
  const note = str(data.note);
  switch (event.type) {
    case 'check_out': {
      const day = names.days.find((d) => d.id === str(data.shootDayId));
      return { text: `${actor} took it out of storage${day ? ` for ${dayText(day.date)}${day.location ? ` at ${day.location}` : ''}` : ''}.`, loaded };
    }
    case 'inspect': {
      const rounds = roundList(data.rounds);
      const barrel = data.barrelClear === true ? 'barrel clear' : 'barrel NOT clear';
      if (data.load === 'empty') {
        const back = returned(loaded, rounds);
        const what = back.length > 0 ? `${actor} unloaded it: ${returnedText(back, names.lots)}; inspected empty, ${barrel}. COLD.` : `${actor} inspected it empty, ${barrel}. COLD.`;
        return { text: what, loaded: [] };
      }
      const hot = data.load === 'blank' ? 'HOT' : 'COLD';
      return { text: `${actor} inspected it loaded with ${roundsText(rounds, names.lots)}, ${barrel}. ${hot}.`, loaded: rounds };
    }
    case 'hand_off': {
      const to = names.nameOf(str(data.toUserId) ?? '');
      const witnesses = ids(data.confirmations).map(names.nameOf);
      const confirmed = witnesses.length > 0 ? ` ${list.format(witnesses)} confirmed with their PINs that they were shown it.` : '';
      return { text: `${actor} handed it to ${to}${scene ? ` for ${scene}` : ''}, ${inIt(loaded)}.${confirmed}`, loaded };
    }
    case 'return': {
      const from = names.nameOf(str(data.fromUserId) ?? '');
      return { text: `${from} handed it back to ${actor}, ${inIt(loaded)}; ${from} confirmed with their PIN. It needs an inspection before it moves on.`, loaded };
    }
    case 'discharge': {
      const fired = roundList(data.rounds);
      const left = loaded.map((r) => ({ lotId: r.lotId, count: r.count - (fired.find((f) => f.lotId === r.lotId)?.count ?? 0) })).filter((r) => r.count > 0);
      const intended = data.intended === true;
      const what = `${intended ? 'Fired in the scene' : 'UNINTENDED DISCHARGE'}, recorded by ${actor}: ${fired.length > 0 ? `${roundsText(fired, names.lots)} fired` : 'no rounds named'}${scene ? `, in ${scene}` : ''}.`;
      return { text: `${what}${note ? ` “${note}”` : ''}${intended ? '' : ' Firearms on hold and work stopped (F11).'}`, loaded: left, danger: !intended };
    }
    case 'misfire':
      return { text: `MISFIRE recorded by ${actor}${scene ? `, in ${scene}` : ''}.${note ? ` “${note}”` : ''} Firearms on hold and work stopped (F11).`, loaded, danger: true };
    case 'check_in':
      return { text: `${actor} checked it in to storage, empty.`, loaded: [] };
  }
}

/** The history as the API gives it (newest first), in sentences, newest first. */
export function historyLines(history: readonly FirearmEvent[], names: Names): HistoryLine[] {
  let loaded: RoundCount[] = [];
  const lines = [...history].reverse().map((event) => {
    const said = sentence(event, loaded, names);
    loaded = said.loaded;
    return { id: event.id, at: event.at, ledgerIndex: event.ledgerIndex, type: event.type, danger: said.danger === true, text: said.text };
  });
  return lines.reverse();
}
