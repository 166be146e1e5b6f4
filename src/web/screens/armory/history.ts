// A firearm's history in the set's words: who handed what to whom, with which
// rounds in it and who witnessed it, never an id. The rounds in the firearm at
// each step are followed from its first event, as the server counts them.
import type { AmmunitionLot, FirearmEvent, RoundCount, Scene } from '../../api.js';
import { intlLocale, t } from '../../i18n.js';
import { dayText, lotReturnText, roundsText, sceneText, type RosterDay } from '../armory-shared.js';

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

/** "C and D": names or lots in the reader's language, built when the line is written. */
function list(items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(items);
}

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
  return list(rounds.map((r) => lotReturnText(r.count, lots.find((l) => l.id === r.lotId))));
}

function sceneOf(names: Names, data: Record<string, unknown>): string | undefined {
  const sceneId = str(data.sceneId);
  return sceneId ? sceneText(names.scenes.find((s) => s.id === sceneId)) : undefined;
}

/** Whole sentences, each its own key, joined with a space: each language orders its own words. */
const sentences = (...said: (string | false | undefined)[]): string => said.filter((s): s is string => typeof s === 'string' && s !== '').join(' ');

function sentence(event: FirearmEvent, loaded: RoundCount[], names: Names): { text: string; loaded: RoundCount[]; danger?: boolean } {
  const { data } = event;
  const actor = names.nameOf(event.actorId);
  const scene = sceneOf(names, data);
  const note = str(data.note);
  const quoted = note && t('armory.history.note', { note });
  const held = t('armory.history.held');
  switch (event.type) {
    case 'check_out': {
      const day = names.days.find((d) => d.id === str(data.shootDayId));
      if (!day) return { text: t('armory.history.checkOut', { actor }), loaded };
      const date = dayText(day.date);
      return {
        text: day.location ? t('armory.history.checkOutForAt', { actor, day: date, location: day.location }) : t('armory.history.checkOutFor', { actor, day: date }),
        loaded,
      };
    }
    case 'inspect': {
      const rounds = roundList(data.rounds);
      const barrel = data.barrelClear === true ? t('armory.inspection.barrelClear') : t('armory.inspection.barrelNotClear');
      if (data.load === 'empty') {
        const back = returned(loaded, rounds);
        const what =
          back.length > 0 ? t('armory.history.unloaded', { actor, returned: returnedText(back, names.lots), barrel }) : t('armory.history.inspectedEmpty', { actor, barrel });
        return { text: what, loaded: [] };
      }
      const values = { actor, rounds: roundsText(rounds, names.lots), barrel };
      return { text: data.load === 'blank' ? t('armory.history.inspectedHot', values) : t('armory.history.inspectedCold', values), loaded: rounds };
    }
    case 'hand_off': {
      const to = names.nameOf(str(data.toUserId) ?? '');
      const witnesses = ids(data.confirmations).map(names.nameOf);
      const rounds = roundsText(loaded, names.lots);
      const empty = loaded.length === 0;
      const handed = scene
        ? empty
          ? t('armory.history.handOffSceneEmpty', { actor, to, scene })
          : t('armory.history.handOffSceneLoaded', { actor, to, scene, rounds })
        : empty
          ? t('armory.history.handOffEmpty', { actor, to })
          : t('armory.history.handOffLoaded', { actor, to, rounds });
      return { text: sentences(handed, witnesses.length > 0 && t('armory.history.confirmed', { names: list(witnesses) })), loaded };
    }
    case 'return': {
      const from = names.nameOf(str(data.fromUserId) ?? '');
      const text =
        loaded.length > 0 ? t('armory.history.returnLoaded', { from, actor, rounds: roundsText(loaded, names.lots) }) : t('armory.history.returnEmpty', { from, actor });
      return { text, loaded };
    }
    case 'discharge': {
      const fired = roundList(data.rounds);
      const left = loaded.map((r) => ({ lotId: r.lotId, count: r.count - (fired.find((f) => f.lotId === r.lotId)?.count ?? 0) })).filter((r) => r.count > 0);
      const intended = data.intended === true;
      const values = { actor, scene, fired: fired.length > 0 ? t('armory.history.roundsFired', { rounds: roundsText(fired, names.lots) }) : t('armory.history.noRounds') };
      const what = intended
        ? scene
          ? t('armory.history.firedScene', values)
          : t('armory.history.fired', values)
        : scene
          ? t('armory.history.unintendedScene', values)
          : t('armory.history.unintended', values);
      return { text: sentences(what, quoted, !intended && held), loaded: left, danger: !intended };
    }
    case 'misfire':
      return { text: sentences(scene ? t('armory.history.misfireScene', { actor, scene }) : t('armory.history.misfire', { actor }), quoted, held), loaded, danger: true };
    case 'check_in':
      return { text: t('armory.history.checkIn', { actor }), loaded: [] };
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
