// How a concern (S2) reads on set, shared by the handler's screens and the
// anonymous reporter's follow-up page: its category, severity, status, rung of
// the ladder and the time left to acknowledge it; and the one-field forms
// (a message, a note, a resolution) both sides write with; and the alert that
// tells a handler, on any screen, that a concern has just reached them.
import { useEffect, useState } from 'react';
import type { ApiResult, ConcernCategory, ConcernStatus, EscalationLevel, RequestOptions, Severity } from '../api.js';
import { soundConcernAlert } from '../alarm.js';
import { Form, SubmitButton, TextAreaField, text, useSubmit } from '../components/form.js';
import { useLive } from '../live-provider.js';
import { rolesText } from '../roles.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useStops } from '../stops.js';
import type { CATEGORIES, SEVERITIES } from '../../domain/concerns/escalation.js';

/** The order the report screen offers them in: the commonest hazards on a set first. */
export const categoryLabels = {
  firearms: 'Firearms',
  stunts: 'Stunts',
  rigging: 'Rigging',
  vehicles: 'Vehicles',
  pyro: 'Pyrotechnics',
  electrical: 'Electrical',
  fatigue: 'Fatigue',
  health: 'Health',
  harassment: 'Harassment',
  environment: 'Environment',
  other: 'Other',
} as const satisfies Record<(typeof CATEGORIES)[number], string> & Record<ConcernCategory, string>;

export const severityLabels = {
  critical: { word: 'Critical', sub: 'Someone could be hurt now' },
  high: { word: 'High', sub: 'Serious: needs action today' },
  medium: { word: 'Medium', sub: 'Needs fixing soon' },
  low: { word: 'Low', sub: 'Worth knowing about' },
} as const satisfies Record<(typeof SEVERITIES)[number], unknown> & Record<Severity, unknown>;

export const categories = Object.keys(categoryLabels) as ConcernCategory[];
export const severities = Object.keys(severityLabels) as Severity[];

export function categoryText(category: string): string {
  return categoryLabels[category as ConcernCategory] ?? category;
}

export function severityText(severity: string): string {
  return severityLabels[severity as Severity]?.word ?? severity;
}

export const statusLabels: Record<ConcernStatus, string> = {
  open: 'Waiting to be acknowledged',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** "level 1 of 3": people count the ladder's rungs from one. */
export function levelText(level: number, levels: number): string {
  return `level ${level + 1} of ${levels}`;
}

/** 15 -> "15 min", 120 -> "2 h", 90 -> "1 h 30 min", 2880 -> "2 days", 0.05 -> "3 s": exact, so an edited deadline reads back as typed. */
export function durationText(minutes: number): string {
  const seconds = Math.round(minutes * 60);
  // Up to two days people count in hours ("24 h", as the S2 defaults are written), beyond that in days.
  const days = seconds >= 2 * 86_400 ? Math.floor(seconds / 86_400) : 0;
  const hours = Math.floor((seconds - days * 86_400) / 3600);
  const mins = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  const parts = [days > 0 && `${days} days`, hours > 0 && `${hours} h`, mins > 0 && `${mins} min`, secs > 0 && `${secs} s`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '0 min';
}

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** Seconds in the unit a word names: "s", "min", "minutes", "hrs", "days", "wk". */
function unitOf(word: string): number | undefined {
  if (/^(s|secs?|seconds?)$/.test(word)) return unitSeconds.s;
  if (/^(m|mins?|minutes?)$/.test(word)) return unitSeconds.m;
  if (/^(h|hrs?|hours?)$/.test(word)) return unitSeconds.h;
  if (/^(d|days?)$/.test(word)) return unitSeconds.d;
  if (/^(w|wks?|weeks?)$/.test(word)) return unitSeconds.w;
  return undefined;
}

/**
 * A deadline as people write it, in minutes: "90", "1 h 30 min", "1h30", "1:30",
 * "1.5 hours", "2 days", "45 s". A bare number is minutes, or after hours the
 * minutes of the hour. Null when it cannot be read.
 */
export function parseDuration(input: string): number | null {
  const written = input.trim().toLowerCase().replace(/(\d),(\d)/g, '$1.$2');
  const clock = /^(\d+):([0-5]\d)$/.exec(written);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const token = /\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\.?\s*(?:(?:and|,)\s*)?/y;
  const parts: { value: number; word: string }[] = [];
  while (token.lastIndex < written.length) {
    const from = token.lastIndex;
    const found = token.exec(written);
    if (!found || token.lastIndex === from) return null;
    parts.push({ value: Number(found[1]), word: found[2] ?? '' });
  }
  if (parts.length === 0) return null;
  let total = 0;
  let larger = Infinity;
  for (const [index, { value, word }] of parts.entries()) {
    let unit = word === '' ? undefined : unitOf(word);
    if (word !== '' && unit === undefined) return null;
    // "1 h 30": a trailing number after hours is the hour's minutes; any other bare number is minutes, alone.
    if (unit === undefined) {
      if (parts.length > 1 && !(index === parts.length - 1 && larger === unitSeconds.h)) return null;
      unit = unitSeconds.m;
    }
    // Largest unit first, each once: "30 min 1 h" is more likely a slip than a deadline.
    if (unit >= larger) return null;
    larger = unit;
    total += value * unit;
  }
  // Counted in seconds and divided once: "3 s" must come out as the 0.05 minutes the ladder's floor is.
  return total / 60;
}

/** "12 min left", "overdue by 3 min"; null when nothing is running (acknowledged, or at the top of the ladder). */
export function timeLeftText(deadline: string | null, status: ConcernStatus, now: number): { text: string; overdue: boolean } | null {
  if (!deadline || status !== 'open') return null;
  const ms = new Date(deadline).getTime() - now;
  if (ms >= 0) {
    return { text: ms < 60_000 ? 'less than a minute left' : `${durationText(Math.ceil(ms / 60_000))} left`, overdue: false };
  }
  const minutes = Math.floor(-ms / 60_000);
  return { text: minutes < 1 ? 'overdue by less than a minute' : `overdue by ${durationText(minutes)}`, overdue: true };
}

/** The time now, read at every render and at least every `everyMs`: time left must count down on a screen nobody touches. */
export function useNow(everyMs = 15_000): number {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return Date.now();
}

/** Who a rung of the ladder reaches, in the set's words. */
export function levelWhoText(level: EscalationLevel): string {
  const emails = level.emails.length;
  const who = [...(level.roles.length > 0 ? [rolesText(level.roles)] : []), ...(emails > 0 ? [`${emails} external contact${emails === 1 ? '' : 's'} by email`] : [])];
  return who.join(' and ') || 'nobody yet: no external contacts are set up';
}

export function TimeLeft({ deadline, status, now }: { deadline: string | null; status: ConcernStatus; now: number }) {
  const left = timeLeftText(deadline, status, now);
  if (!left) return null;
  return <strong className={left.overdue ? 'time-left time-left--overdue' : 'time-left'}>{left.text}</strong>;
}

interface WriteFormProps {
  /** the form's name, and its button's unless `button` says otherwise */
  label: string;
  button?: string;
  field: { name: string; label: string; hint?: string; rows?: number };
  /** what to say when it is sent empty; without it an empty field is sent */
  required?: string;
  send: (value: string, options: RequestOptions) => Promise<ApiResult<unknown>>;
  done: () => void;
}

/** A form of one written field that empties itself once sent. */
export function WriteForm({ label, button, field, required, send, done }: WriteFormProps) {
  const submit = useSubmit<string, unknown>(send);
  async function write(form: HTMLFormElement): Promise<void> {
    const value = text(form, field.name);
    if (!(await submit.run(value, (v): Record<string, string> => (required && !v ? { [field.name]: required } : {})))) return;
    form.reset();
    done();
  }
  return (
    <Form label={label} problem={submit.problem} fields={[field.name]} onSubmit={(f) => void write(f)}>
      <TextAreaField name={field.name} label={field.label} hint={field.hint} rows={field.rows ?? 3} className="prose" maxLength={8000} />
      <SubmitButton busy={submit.busy}>{button ?? label}</SubmitButton>
    </Form>
  );
}

interface ConcernAlert {
  concernId: string;
  severity: Severity;
  reason: 'reported' | 'climbed';
  ackDeadline: string | null;
}

/** Someone could be hurt now, or nobody acknowledged it in time: an alarm, not news. */
const urgent = (alert: ConcernAlert) => alert.severity === 'critical' || alert.reason === 'climbed';

function alertText(alert: ConcernAlert): string {
  const what = `A ${severityText(alert.severity).toLowerCase()} concern`;
  return alert.reason === 'climbed' ? `${what} was not acknowledged in time and has climbed to you.` : `${what} was reported to you.`;
}

function whenText(deadline: string | null, now: number): string {
  if (!deadline) return 'It is at the top of the ladder: there is nobody left to climb to.';
  const ms = Date.parse(deadline) - now;
  if (ms < 0) return 'Its time to acknowledge has run out: it climbs to the next level any moment.';
  return `Acknowledge it within ${ms < 60_000 ? 'a minute' : durationText(Math.ceil(ms / 60_000))}, or it climbs to the next level.`;
}

function AlertItem({ alert, productionId, now, dismiss }: { alert: ConcernAlert; productionId: string; now: number; dismiss: () => void }) {
  const href = `/productions/${encodeURIComponent(productionId)}/concerns/${encodeURIComponent(alert.concernId)}`;
  return (
    <div className={urgent(alert) ? 'concern-alert concern-alert--urgent' : 'concern-alert'}>
      <p className="concern-alert-text">
        {urgent(alert) && <strong className="concern-alert-badge">{alert.reason === 'climbed' ? 'Escalated' : 'Critical'}</strong>} {alertText(alert)}
      </p>
      <p className="concern-alert-when">{whenText(alert.ackDeadline, now)}</p>
      <div className="concern-alert-actions">
        <Link className="button button--primary" href={href} onClick={dismiss}>
          Open the concern
        </Link>
        <button type="button" className="button button--secondary" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/**
 * A concern just routed to this person (S2), on whatever screen they are: a critical
 * one, or one that climbed because nobody acknowledged it, as an alert that beeps and
 * is read out at once; any other as news. Each stays until it is opened, dismissed,
 * acknowledged by someone, or climbs past this person.
 */
export function ConcernAlerts() {
  const listen = useLive()?.listen;
  const productionId = useStops()?.productionId;
  const userId = useSession().me?.user.id;
  const [alerts, setAlerts] = useState<ConcernAlert[]>([]);
  const now = useNow();

  useEffect(() => setAlerts([]), [productionId, userId]);
  useEffect(
    () =>
      listen?.((signal) => {
        if (signal.type === 'concern.escalated') {
          const others = (was: ConcernAlert[]) => was.filter((a) => a.concernId !== signal.concernId);
          if (!userId || !signal.notify.includes(userId)) {
            setAlerts(others);
            return;
          }
          const alert: ConcernAlert = { concernId: signal.concernId, severity: signal.severity, reason: signal.reason, ackDeadline: signal.ackDeadline };
          setAlerts((was) => [alert, ...others(was)]);
          if (urgent(alert)) soundConcernAlert();
        } else if (signal.type === 'concern.updated' && signal.status) {
          setAlerts((was) => was.filter((a) => a.concernId !== signal.concernId));
        }
      }),
    [listen, userId],
  );

  if (!productionId) return null;
  const dismiss = (concernId: string) => () => setAlerts((was) => was.filter((a) => a.concernId !== concernId));
  const item = (alert: ConcernAlert) => <AlertItem key={alert.concernId} alert={alert} productionId={productionId} now={now} dismiss={dismiss(alert.concernId)} />;
  // Both live regions are always there: one that appears already filled is not read out.
  return (
    <div className="concern-alerts">
      <div role="alert">{alerts.filter(urgent).map(item)}</div>
      <div role="status">{alerts.filter((a) => !urgent(a)).map(item)}</div>
    </div>
  );
}
