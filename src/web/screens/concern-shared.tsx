// How a concern (S2) reads on set, shared by the handler's screens and the
// anonymous reporter's follow-up page: its category, severity, status, rung of
// the ladder and the time left to acknowledge it; and the one-field forms
// (a message, a note, a resolution) both sides write with.
import { useEffect, useState } from 'react';
import type { ApiResult, ConcernCategory, ConcernStatus, EscalationLevel, RequestOptions, Severity } from '../api.js';
import { Form, SubmitButton, TextAreaField, text, useSubmit } from '../components/form.js';
import { rolesText } from '../roles.js';
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

/** 15 -> "15 min", 120 -> "2 h", 90 -> "1 h 30 min", 4320 -> "3 days". */
export function durationText(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  if (whole < 48 * 60) {
    const hours = Math.floor(whole / 60);
    const rest = whole % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.round(whole / 1440);
  return `${days} days`;
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
