/**
 * S3: rest between a person's working days. Calls and wraps are instants
 * (UTC), so every length of rest is real elapsed time, right across midnight
 * and the nights the clocks change; days and weeks are read in the
 * production's time zone, as the crew live them.
 */

import { addDays, wallClock, weekOf } from './calendar.js';

/** The agreement's thresholds: a per-production setting, changed only by the safety advisor and the producer together. */
export interface RestAgreement {
  /** hours between a wrap and the next call: crew, and performers */
  turnaroundHours: { crew: number; performer: number };
  /** a week with more working hours than this is flagged for a risk review */
  weeklyHours: number;
  /** hours off after a run of five working days, and after six */
  weekendRestHours: { afterFiveDays: number; afterSixDays: number };
}

/** SAFETY_RULES.md S3 and API.md: IATSE-style defaults. */
export const DEFAULT_REST_AGREEMENT: RestAgreement = {
  turnaroundHours: { crew: 10, performer: 12 },
  weeklyHours: 60,
  weekendRestHours: { afterFiveDays: 54, afterSixDays: 32 },
};

/** One person's working day: when they were called and when they wrapped. */
export interface WorkDay {
  /** the shoot day's date, YYYY-MM-DD in the production's zone */
  date: string;
  call: string;
  wrap: string;
}

export type RestKind = 'turnaround' | 'weekly_hours' | 'weekend_rest';

export interface RestAlert {
  rule: 'S3';
  kind: RestKind;
  /** the date of the day the alert is about */
  date: string;
  detail: string;
}

const HOUR = 3_600_000;

const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;

/** A wrap of the day before must come before the call: a day whose wrap is before its call is not a day. */
export function workDayProblems(day: WorkDay): string | null {
  return Date.parse(day.wrap) > Date.parse(day.call) ? null : 'the wrap must come after the call';
}

/**
 * Every S3 warning for one person's days (in any order): a turnaround under
 * the rest period, a week over its hours, and a short weekend rest: after five
 * days in a row the next call waits the longer rest, after six the shorter
 * one, and a seventh day in a row has had no weekend rest at all.
 */
export function restAlerts(days: readonly WorkDay[], role: 'crew' | 'performer', agreement: RestAgreement, timeZone: string): RestAlert[] {
  const sorted = [...days].sort((a, b) => Date.parse(a.call) - Date.parse(b.call));
  const alerts: RestAlert[] = [];
  const turnaround = agreement.turnaroundHours[role];
  let streak = 0;
  for (let i = 0; i < sorted.length; i++) {
    const day = sorted[i]!;
    const before = sorted[i - 1];
    const consecutive = before !== undefined && addDays(before.date, 1) === day.date;
    if (before) {
      const rest = Date.parse(day.call) - Date.parse(before.wrap);
      if (rest < turnaround * HOUR) {
        alerts.push({
          rule: 'S3',
          kind: 'turnaround',
          date: day.date,
          detail: `${hours(rest)} h between the wrap (${wallClock(before.wrap, timeZone)}) and the call (${wallClock(day.call, timeZone)}); the agreement is ${turnaround} h.`,
        });
      }
      if (consecutive && streak >= 6) {
        alerts.push({ rule: 'S3', kind: 'weekend_rest', date: day.date, detail: `Day ${streak + 1} in a row: no ${agreement.weekendRestHours.afterSixDays} h weekend rest after six days.` });
      } else if (!consecutive && streak >= 5) {
        const needed = streak >= 6 ? agreement.weekendRestHours.afterSixDays : agreement.weekendRestHours.afterFiveDays;
        if (rest < needed * HOUR) {
          alerts.push({
            rule: 'S3',
            kind: 'weekend_rest',
            date: day.date,
            detail: `${hours(rest)} h of weekend rest after ${streak} days in a row; the agreement is ${needed} h.`,
          });
        }
      }
    }
    streak = consecutive ? streak + 1 : 1;
  }
  const weeks = new Map<string, number>();
  for (const day of sorted) weeks.set(weekOf(day.date), (weeks.get(weekOf(day.date)) ?? 0) + (Date.parse(day.wrap) - Date.parse(day.call)));
  for (const [monday, worked] of weeks) {
    if (worked > agreement.weeklyHours * HOUR) {
      alerts.push({
        rule: 'S3',
        kind: 'weekly_hours',
        date: monday,
        detail: `${hours(worked)} h worked in the week of ${monday}, over ${agreement.weeklyHours} h: review the risk of fatigue.`,
      });
    }
  }
  return alerts;
}
