// What every device shows while work is stopped (S1): a full-screen red
// takeover until this device acknowledges the stop, then a red banner on every
// screen until the safety advisor lifts it.
import { useEffect, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stop } from '../api.js';
import { soundAlarm } from '../alarm.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { useStops } from '../stops.js';
import { clockOptions, timeFormat } from '../time.js';

/** The newest active stop this device has not acknowledged, or null. */
export function useUnacknowledgedStop(): Stop | null {
  const stops = useStops();
  return stops?.stops.find((s) => s.status === 'active' && !stops.acked.has(s.id)) ?? null;
}

function useStopClock(): Intl.DateTimeFormat {
  const zone = useStops()?.production?.timezone;
  const { i18n } = useTranslation();
  return useMemo(() => timeFormat(zone, clockOptions), [zone, i18n.language]);
}

export function raisedByText(stop: Stop): string {
  return stop.raisedBy ? t('stops.raisedBy', { name: stop.raisedBy.name }) : t('stops.raisedAnonymously');
}

/** Where, who and when of a stop, as rows of the caller's description list. */
export function WhereWhoWhen({ stop, times }: { stop: Stop; times: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  return (
    <>
      <div>
        <dt>{t('stops.facts.where')}</dt>
        <dd>{stop.location ?? t('common.notGiven')}</dd>
      </div>
      <div>
        <dt>{t('stops.facts.who')}</dt>
        <dd>{raisedByText(stop)}</dd>
      </div>
      <div>
        <dt>{t('stops.facts.when')}</dt>
        <dd>
          <time dateTime={stop.raisedAt}>{times.format(new Date(stop.raisedAt))}</time>
        </dd>
      </div>
    </>
  );
}

/** The alarm repeats while the takeover waits for someone to acknowledge it. */
const alarmEveryMs = 6_000;

const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Tab and Shift+Tab cycle inside a takeover or a modal sheet; the rest of the app is inert
 * meanwhile anyway. Without it, Tab from the last control leaves the page for the
 * browser's own bar, and a keyboard user lands nowhere they can act.
 */
export function trapFocus(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

export function Takeover({ stop }: { stop: Stop }) {
  const { t } = useTranslation();
  const stops = useStops();
  const clock = useStopClock();
  const ack = useRef<HTMLButtonElement>(null);
  const others = (stops?.stops.filter((s) => s.status === 'active').length ?? 1) - 1;

  useEffect(() => {
    ack.current?.focus();
    soundAlarm();
    const timer = setInterval(soundAlarm, alarmEveryMs);
    return () => clearInterval(timer);
  }, [stop.id]);

  return (
    <div className="takeover" role="alertdialog" aria-modal="true" aria-labelledby="takeover-title" aria-describedby="takeover-details" onKeyDown={trapFocus}>
      <div className="takeover-body">
        <h2 id="takeover-title" className="takeover-title">
          {t('stops.takeover.title')}
        </h2>
        <div id="takeover-details">
          <p className="takeover-reason">{stop.reason ?? t('stops.noReason')}</p>
          <dl className="takeover-facts">
            <WhereWhoWhen stop={stop} times={clock} />
          </dl>
          {others > 0 && <p>{t('stops.takeover.others', { count: others })}</p>}
          <p>{t('stops.takeover.instructions')}</p>
        </div>
        <button ref={ack} type="button" className="takeover-ack" onClick={() => stops?.acknowledge(stop.id)}>
          {t('stops.takeover.acknowledge')}
        </button>
      </div>
    </div>
  );
}

/** Every active stop, as a banner above each screen; it takes focus when a takeover is acknowledged. */
export function StopBanner({ focusRef }: { focusRef: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const stops = useStops();
  const clock = useStopClock();
  if (!stops) return null;
  const active = stops.stops.filter((s) => s.status === 'active');
  if (active.length === 0) return null;
  const base = `/productions/${encodeURIComponent(stops.productionId)}/stops`;
  return (
    <section className="stop-banner" aria-labelledby="stop-banner-title" ref={focusRef} tabIndex={-1}>
      <h2 id="stop-banner-title" className="stop-banner-title">
        {t('stops.banner.title')}
      </h2>
      <ul className="stop-banner-list">
        {active.map((stop) => (
          <li key={stop.id}>
            <Link href={`${base}/${encodeURIComponent(stop.id)}`}>
              <span className="stop-banner-what">{stop.reason ?? t('stops.noReason')}</span>
              <span className="stop-banner-when">
                {stop.location ? `${stop.location} · ` : ''}
                {clock.format(new Date(stop.raisedAt))}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
