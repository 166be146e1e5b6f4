// What the armory board and a firearm's page share: the crew's names, the
// schedule, the live refresh, and how a firearm's place and load read on set.
import { useEffect, useMemo } from 'react';
import { api, type AmmunitionLot, type Firearm, type Member, type RoundCount, type Scene, type ShootDay } from '../api.js';
import { useLive } from '../live-provider.js';
import { useStops } from '../stops.js';
import { clockOptions, dateTimeOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';

export const armoryPath = (productionId: string) => `/productions/${encodeURIComponent(productionId)}/armory`;

export const firearmKinds = [
  { value: 'blank_firing', label: 'Blank-firing' },
  { value: 'non_firing_replica', label: 'Non-firing replica' },
  { value: 'rubber', label: 'Rubber' },
  { value: 'airsoft', label: 'Airsoft' },
  { value: 'disabled', label: 'Disabled' },
] as const;

export function kindText(kind: string): string {
  return firearmKinds.find((k) => k.value === kind)?.label ?? kind;
}

/** The crew and the schedule, as names and choices for the armory's forms. */
export function useCrewAndSchedule(productionId: string) {
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId));
  const [schedule] = useResource(`${productionId}/schedule`, () => api.schedule(productionId));
  const people: Member[] = members.state === 'ready' ? members.data.members : [];
  const scenes: Scene[] = schedule.state === 'ready' ? schedule.data.scenes : [];
  const days: ShootDay[] = schedule.state === 'ready' ? schedule.data.shootDays : [];
  const nameOf = (userId: string | null | undefined) => (userId ? (people.find((m) => m.userId === userId)?.name ?? 'someone') : 'nobody');
  return { people, scenes, days, nameOf };
}

/** Reads the armory again whenever a firearm or the hold changes, and when the live stream (re)connects. */
export function useArmoryRefresh(reload: () => void): void {
  const listen = useLive()?.listen;
  useEffect(
    () =>
      listen?.((signal) => {
        if (signal.type === 'open' || signal.type === 'firearm.status' || signal.type === 'armory.hold') reload();
      }),
    [listen, reload],
  );
}

export function useArmoryTimes(): { clock: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat } {
  const zone = useStops()?.production?.timezone;
  return useMemo(() => ({ clock: timeFormat(zone, clockOptions), dateTime: timeFormat(zone, dateTimeOptions) }), [zone]);
}

export function whereText(firearm: Firearm, nameOf: (userId: string | null) => string): string {
  return firearm.state === 'stored' ? 'In storage' : `With ${nameOf(firearm.holderId)}`;
}

/** HOT or COLD comes from the armorer's last inspection only (F8): this badge shows it, nobody sets it. */
export function HotCold({ status }: { status: Firearm['status'] }) {
  return (
    <span className={`hotcold hotcold--${status}`} title={status === 'hot' ? 'Blanks loaded, from the last inspection' : 'Empty or dummies, from the last inspection'}>
      {status === 'hot' ? 'HOT' : 'COLD'}
    </span>
  );
}

export function roundsText(rounds: readonly RoundCount[], lots: readonly AmmunitionLot[]): string {
  const counted = rounds.filter((r) => r.count > 0);
  if (counted.length === 0) return 'none';
  return counted
    .map((r) => {
      const lot = lots.find((l) => l.id === r.lotId);
      return `${r.count} × ${lot ? `${lot.kind} (lot ${lot.lot})` : 'rounds'}`;
    })
    .join(', ');
}

export function inspectionText(
  inspection: Firearm['lastInspection'],
  lots: readonly AmmunitionLot[],
  nameOf: (userId: string) => string,
  clock: Intl.DateTimeFormat,
): string {
  if (!inspection) return 'Not inspected yet';
  const load = { empty: 'Empty', dummy: 'Dummies', blank: 'Blanks' }[inspection.load];
  const barrel = inspection.barrelClear ? 'barrel clear' : 'barrel NOT clear';
  return `${clock.format(new Date(inspection.at))} · ${load}, ${roundsText(inspection.rounds, lots)} · ${barrel} · by ${nameOf(inspection.byUserId)}`;
}

export function sceneText(scene: Scene | undefined): string {
  return scene ? `Scene ${scene.number}: ${scene.description}` : 'Scene';
}
