// What every device shows while work is stopped (S1): a full-screen red
// takeover until this device acknowledges the stop, then a red banner on every
// screen until the safety advisor lifts it.
import { useEffect, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { Stop } from '../api.js';
import { soundAlarm } from '../alarm.js';
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
  return useMemo(() => timeFormat(zone, clockOptions), [zone]);
}

export function raisedByText(stop: Stop): string {
  return stop.raisedBy ? `Raised by ${stop.raisedBy.name}` : 'Raised anonymously';
}

/** Where, who and when of a stop, as rows of the caller's description list. */
export function WhereWhoWhen({ stop, times }: { stop: Stop; times: Intl.DateTimeFormat }) {
  return (
    <>
      <div>
        <dt>Where</dt>
        <dd>{stop.location ?? 'Not given'}</dd>
      </div>
      <div>
        <dt>Who</dt>
        <dd>{raisedByText(stop)}</dd>
      </div>
      <div>
        <dt>When</dt>
        <dd>
          <time dateTime={stop.raisedAt}>{times.format(new Date(stop.raisedAt))}</time>
        </dd>
      </div>
    </>
  );
}

/** The alarm repeats while the takeover waits for someone to acknowledge it. */
const alarmEveryMs = 6_000;

/** Tab and Shift+Tab cycle inside the takeover; the rest of the app is inert meanwhile anyway. */
function trapFocus(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>('button, a[href], input, [tabindex]:not([tabindex="-1"])')];
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
          WORK STOPPED
        </h2>
        <div id="takeover-details">
          <p className="takeover-reason">{stop.reason ?? 'No reason given'}</p>
          <dl className="takeover-facts">
            <WhereWhoWhen stop={stop} times={clock} />
          </dl>
          {others > 0 && <p>{others === 1 ? 'Another stop is active too.' : `${others} other stops are active too.`}</p>}
          <p>Stop what you are doing and make it safe. Work stays stopped until the safety advisor lifts the stop.</p>
        </div>
        <button ref={ack} type="button" className="takeover-ack" onClick={() => stops?.acknowledge(stop.id)}>
          Acknowledge
        </button>
      </div>
    </div>
  );
}

/** Every active stop, as a banner above each screen; it takes focus when a takeover is acknowledged. */
export function StopBanner({ focusRef }: { focusRef: RefObject<HTMLElement | null> }) {
  const stops = useStops();
  const clock = useStopClock();
  if (!stops) return null;
  const active = stops.stops.filter((s) => s.status === 'active');
  if (active.length === 0) return null;
  const base = `/productions/${encodeURIComponent(stops.productionId)}/stops`;
  return (
    <section className="stop-banner" aria-labelledby="stop-banner-title" ref={focusRef} tabIndex={-1}>
      <h2 id="stop-banner-title" className="stop-banner-title">
        Work stopped
      </h2>
      <ul className="stop-banner-list">
        {active.map((stop) => (
          <li key={stop.id}>
            <Link href={`${base}/${encodeURIComponent(stop.id)}`}>
              <span className="stop-banner-what">{stop.reason ?? 'No reason given'}</span>
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
