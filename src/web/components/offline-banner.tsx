// Says that a screen shows what this phone last saw, not what is true now:
// kept data is never shown without it (last-seen.ts).
import { useTranslation } from 'react-i18next';
import { useStops } from '../stops.js';
import { timeFormat } from '../time.js';
import type { Resource } from '../use-resource.js';

/** The oldest moment among the resources shown from this phone's copy, or null when all are fresh. */
export function oldestSeen(resources: ReadonlyArray<Resource<unknown>>): string | null {
  const seen = resources.flatMap((r) => (r.state === 'ready' && r.seenAt ? [r.seenAt] : []));
  return seen.length > 0 ? seen.reduce((a, b) => (a < b ? a : b)) : null;
}

/** "Offline: showing what this phone last saw at 14:32", in the production's zone; nothing when the data is fresh. */
export function OfflineBanner({ seenAt, timeZone }: { seenAt: string | null | undefined; timeZone?: string | undefined }) {
  const { t } = useTranslation();
  const productionZone = useStops()?.production?.timezone;
  const zone = timeZone ?? productionZone;
  if (!seenAt) return null;
  const at = new Date(seenAt);
  const time = timeFormat(zone, { hour: '2-digit', minute: '2-digit' }).format(at);
  const day = timeFormat(zone, { day: 'numeric', month: 'short' });
  const today = day.format(at) === day.format(new Date());
  return (
    <p className="offline-banner" role="status">
      {today ? t('offline.lastSeenAt', { time }) : t('offline.lastSeenOn', { day: day.format(at), time })}
    </p>
  );
}
