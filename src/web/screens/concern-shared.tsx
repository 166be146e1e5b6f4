// How a concern (S2) reads on set, shared by the handler's screens and the
// anonymous reporter's follow-up page: its category, severity, status, rung of
// the ladder and the time left to acknowledge it; and the one-field forms
// (a message, a note, a resolution) both sides write with; and the alert that
// tells a handler, on any screen, that a concern has just reached them.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiResult, ConcernCategory, ConcernStatus, EscalationLevel, RequestOptions, Severity } from '../api.js';
import { soundConcernAlert } from '../alarm.js';
import { Form, SubmitButton, TextAreaField, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { useLive } from '../live-provider.js';
import { rolesText } from '../roles.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useStops } from '../stops.js';
import type { CATEGORIES, SEVERITIES } from '../../domain/concerns/escalation.js';

// The words below are looked up each time they are read, never at module load: they follow the language shown now.

/** The order the report screen offers them in: the commonest hazards on a set first. */
export const categoryLabels = {
  firearms: () => t('concerns.category.firearms'),
  stunts: () => t('concerns.category.stunts'),
  rigging: () => t('concerns.category.rigging'),
  vehicles: () => t('concerns.category.vehicles'),
  pyro: () => t('concerns.category.pyro'),
  electrical: () => t('concerns.category.electrical'),
  fatigue: () => t('concerns.category.fatigue'),
  health: () => t('concerns.category.health'),
  harassment: () => t('concerns.category.harassment'),
  environment: () => t('concerns.category.environment'),
  other: () => t('concerns.category.other'),
} as const satisfies Record<(typeof CATEGORIES)[number], () => string> & Record<ConcernCategory, () => string>;

/** A severity's word and what it means on set, read in the language shown now. */
function severityWords(word: () => string, sub: () => string): { readonly word: string; readonly sub: string } {
  return {
    get word() {
      return word();
    },
    get sub() {
      return sub();
    },
  };
}

export const severityLabels = {
  critical: severityWords(
    () => t('concerns.severity.critical'),
    () => t('concerns.severity.criticalSub'),
  ),
  high: severityWords(
    () => t('concerns.severity.high'),
    () => t('concerns.severity.highSub'),
  ),
  medium: severityWords(
    () => t('concerns.severity.medium'),
    () => t('concerns.severity.mediumSub'),
  ),
  low: severityWords(
    () => t('concerns.severity.low'),
    () => t('concerns.severity.lowSub'),
  ),
} as const satisfies Record<(typeof SEVERITIES)[number], unknown> & Record<Severity, unknown>;

export const categories = Object.keys(categoryLabels) as ConcernCategory[];
export const severities = Object.keys(severityLabels) as Severity[];

export function categoryText(category: string): string {
  return categoryLabels[category as ConcernCategory]?.() ?? category;
}

export function severityText(severity: string): string {
  return severityLabels[severity as Severity]?.word ?? severity;
}

export const statusLabels: Readonly<Record<ConcernStatus, string>> = {
  get open() {
    return t('concerns.status.open');
  },
  get acknowledged() {
    return t('concerns.status.acknowledged');
  },
  get resolved() {
    return t('concerns.status.resolved');
  },
};

/** "level 1 of 3": people count the ladder's rungs from one. */
export function levelText(level: number, levels: number): string {
  return t('concerns.level', { level: level + 1, levels });
}

/** 15 -> "15 min", 120 -> "2 h", 90 -> "1 h 30 min", 2880 -> "2 days", 0.05 -> "3 s": exact, so an edited deadline reads back as typed. */
export function durationText(minutes: number): string {
  const seconds = Math.round(minutes * 60);
  // Up to two days people count in hours ("24 h", as the S2 defaults are written), beyond that in days.
  const days = seconds >= 2 * 86_400 ? Math.floor(seconds / 86_400) : 0;
  const hours = Math.floor((seconds - days * 86_400) / 3600);
  const mins = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  const parts = [
    days > 0 && t('concerns.duration.days', { count: days }),
    hours > 0 && t('concerns.duration.hours', { count: hours }),
    mins > 0 && t('concerns.duration.minutes', { count: mins }),
    secs > 0 && t('concerns.duration.seconds', { count: secs }),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : t('concerns.duration.minutes', { count: 0 });
}

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/**
 * Seconds in the unit a word names: "s", "min", "minutes", "hrs", "days", "wk",
 * and the same in Spanish and Ukrainian, so a deadline shown in any of them reads back as typed.
 */
function unitOf(word: string): number | undefined {
  if (/^(s|secs?|seconds?|seg|segundos?|с|сек|секунд[аи]?)$/u.test(word)) return unitSeconds.s;
  if (/^(m|mins?|minutes?|minutos?|хв|хвилин[аи]?)$/u.test(word)) return unitSeconds.m;
  if (/^(h|hrs?|hours?|horas?|год|годин[аи]?)$/u.test(word)) return unitSeconds.h;
  if (/^(d|days?|días?|dias?|дн|день|дні|днів)$/u.test(word)) return unitSeconds.d;
  if (/^(w|wks?|weeks?|sem|semanas?|тиж|тиждень|тижні|тижнів)$/u.test(word)) return unitSeconds.w;
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
  const token = /\s*(\d+(?:\.\d+)?|\.\d+)\s*(\p{L}*)\.?\s*(?:(?:and|y|і|та|,)\s*)?/uy;
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
    return { text: ms < 60_000 ? t('concerns.timeLeft.underMinute') : t('concerns.timeLeft.left', { time: durationText(Math.ceil(ms / 60_000)) }), overdue: false };
  }
  const minutes = Math.floor(-ms / 60_000);
  return { text: minutes < 1 ? t('concerns.timeLeft.overdueUnderMinute') : t('concerns.timeLeft.overdue', { time: durationText(minutes) }), overdue: true };
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
  const count = level.emails.length;
  const roles = level.roles.length > 0 ? rolesText(level.roles) : null;
  const emails = count > 0 ? t('concerns.who.emails', { count }) : null;
  if (roles && emails) return t('concerns.who.rolesAndEmails', { roles, emails });
  return roles ?? emails ?? t('concerns.who.nobody');
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

/** Whole sentences by severity, since the adjective agrees with "concern" in Spanish and Ukrainian. */
function alertText(alert: ConcernAlert): string {
  const climbed = alert.reason === 'climbed';
  switch (alert.severity) {
    case 'critical':
      return climbed ? t('concerns.alert.climbedCritical') : t('concerns.alert.reportedCritical');
    case 'high':
      return climbed ? t('concerns.alert.climbedHigh') : t('concerns.alert.reportedHigh');
    case 'medium':
      return climbed ? t('concerns.alert.climbedMedium') : t('concerns.alert.reportedMedium');
    case 'low':
      return climbed ? t('concerns.alert.climbedLow') : t('concerns.alert.reportedLow');
  }
}

function whenText(deadline: string | null, now: number): string {
  if (!deadline) return t('concerns.alert.top');
  const ms = Date.parse(deadline) - now;
  if (ms < 0) return t('concerns.alert.runOut');
  return ms < 60_000 ? t('concerns.alert.withinMinute') : t('concerns.alert.within', { time: durationText(Math.ceil(ms / 60_000)) });
}

function AlertItem({ alert, productionId, now, dismiss }: { alert: ConcernAlert; productionId: string; now: number; dismiss: () => void }) {
  const { t } = useTranslation();
  const href = `/productions/${encodeURIComponent(productionId)}/concerns/${encodeURIComponent(alert.concernId)}`;
  return (
    <div className={urgent(alert) ? 'concern-alert concern-alert--urgent' : 'concern-alert'}>
      <p className="concern-alert-text">
        {urgent(alert) && <strong className="concern-alert-badge">{alert.reason === 'climbed' ? t('concerns.alert.escalated') : t('concerns.alert.critical')}</strong>} {alertText(alert)}
      </p>
      <p className="concern-alert-when">{whenText(alert.ackDeadline, now)}</p>
      <div className="concern-alert-actions">
        <Link className="button button--primary" href={href} onClick={dismiss}>
          {t('concerns.alert.open')}
        </Link>
        <button type="button" className="button button--secondary" onClick={dismiss}>
          {t('concerns.alert.dismiss')}
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
