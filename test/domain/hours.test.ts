import { describe, expect, it } from 'vitest';
import { weekOf } from '../../src/domain/schedule/calendar.js';
import { DEFAULT_REST_AGREEMENT, restAlerts, type WorkDay } from '../../src/domain/schedule/hours.js';

const DENVER = 'America/Denver';
const day = (date: string, call: string, wrap: string): WorkDay => ({ date, call, wrap });
const kinds = (days: WorkDay[], role: 'crew' | 'performer' = 'crew') => restAlerts(days, role, DEFAULT_REST_AGREEMENT, DENVER).map((a) => a.kind);

/** A run of working days from `first`, 07:00 to 19:00 Denver (MST, UTC-7, in January). */
function run(first: string, count: number): WorkDay[] {
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(`${first}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + i);
    const d = date.toISOString().slice(0, 10);
    return day(d, `${d}T14:00:00Z`, `${d}T23:00:00Z`);
  });
}

describe('S3: the turnaround between a wrap and the next call', () => {
  it('allows ten and a half hours for the crew', () =>
    expect(kinds([day('2027-01-12', '2027-01-12T14:00:00Z', '2027-01-13T04:00:00Z'), day('2027-01-13', '2027-01-13T14:30:00Z', '2027-01-13T23:00:00Z')])).toEqual([]));

  it('warns at nine and a half hours, saying both times on the wall clock', () => {
    const alerts = restAlerts(
      [day('2027-01-12', '2027-01-12T14:00:00Z', '2027-01-13T05:00:00Z'), day('2027-01-13', '2027-01-13T14:30:00Z', '2027-01-13T23:00:00Z')],
      'crew',
      DEFAULT_REST_AGREEMENT,
      DENVER,
    );
    expect(alerts).toEqual([{ rule: 'S3', kind: 'turnaround', date: '2027-01-13', detail: '9.5 h between the wrap (Tue 12 Jan, 22:00) and the call (Wed 13 Jan, 07:30); the agreement is 10 h.' }]);
  });

  it('gives performers twelve hours: eleven is short for them, not for the crew', () => {
    const days = [day('2027-01-12', '2027-01-12T14:00:00Z', '2027-01-13T03:00:00Z'), day('2027-01-13', '2027-01-13T14:00:00Z', '2027-01-13T23:00:00Z')];
    expect(kinds(days, 'crew')).toEqual([]);
    expect(kinds(days, 'performer')).toEqual(['turnaround']);
  });

  it('counts real hours across the night the clocks go back: a wrap at 01:30 and a call at 10:30 are ten hours apart', () => {
    // 1 November 2026, Denver: 02:00 MDT becomes 01:00 MST. The wrap is the first 01:30 (MDT).
    const days = [day('2026-10-31', '2026-10-31T16:00:00Z', '2026-11-01T07:30:00Z'), day('2026-11-01', '2026-11-01T17:30:00Z', '2026-11-02T01:00:00Z')];
    expect(kinds(days)).toEqual([]);
  });

  it('counts real hours across the night the clocks go forward: 01:30 to 11:00 is only eight and a half', () => {
    // 8 March 2026, Denver: 02:00 MST becomes 03:00 MDT.
    const alerts = restAlerts(
      [day('2026-03-07', '2026-03-07T16:00:00Z', '2026-03-08T08:30:00Z'), day('2026-03-08', '2026-03-08T17:00:00Z', '2026-03-09T01:00:00Z')],
      'crew',
      DEFAULT_REST_AGREEMENT,
      DENVER,
    );
    expect(alerts.map((a) => a.detail)).toEqual(['8.5 h between the wrap (Sun 8 Mar, 01:30) and the call (Sun 8 Mar, 11:00); the agreement is 10 h.']);
  });
});

describe('S3: a week over sixty hours is flagged for a risk review', () => {
  it('allows five twelve-hour days', () => expect(kinds(run('2027-01-11', 5).map((d) => ({ ...d, wrap: d.wrap.replace('T23:00', 'T21:00') })))).not.toContain('weekly_hours'));
  it('flags five fourteen-hour days in one week', () => {
    // 06:00 to 20:00 Denver: fourteen hours, five days, seventy hours.
    const long = run('2027-01-11', 5).map((d) => ({ ...d, call: `${d.date}T13:00:00Z`, wrap: `${d.date}T03:00:00Z`.replace(d.date, new Date(Date.parse(`${d.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) }));
    expect(kinds(long)).toContain('weekly_hours');
    expect(restAlerts(long, 'crew', DEFAULT_REST_AGREEMENT, DENVER).find((a) => a.kind === 'weekly_hours')!.date).toBe('2027-01-11');
  });
  it('reads weeks from Monday', () => expect(weekOf('2027-01-17')).toBe('2027-01-11'));
});

describe('S3: weekend rest', () => {
  const next = (first: string, offsetDays: number, hoursAfterWrap: number, last: WorkDay): WorkDay => {
    const call = new Date(Date.parse(last.wrap) + hoursAfterWrap * 3_600_000).toISOString();
    const date = new Date(`${first}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + offsetDays);
    return day(date.toISOString().slice(0, 10), call, new Date(Date.parse(call) + 9 * 3_600_000).toISOString());
  };

  it('allows 56 hours off after five days', () => {
    const week = run('2027-01-11', 5);
    expect(kinds([...week, next('2027-01-11', 7, 56, week.at(-1)!)])).toEqual([]);
  });
  it('warns at 50 hours off after five days', () => {
    const week = run('2027-01-11', 5);
    expect(kinds([...week, next('2027-01-11', 7, 50, week.at(-1)!)])).toEqual(['weekend_rest']);
  });
  it('allows a sixth day, then 36 hours off', () => {
    const week = run('2027-01-11', 6);
    expect(kinds([...week, next('2027-01-11', 7, 36, week.at(-1)!)])).toEqual([]);
  });
  it('warns at 30 hours off after six days', () => {
    const week = run('2027-01-11', 6);
    expect(kinds([...week, next('2027-01-11', 7, 30, week.at(-1)!)])).toEqual(['weekend_rest']);
  });
  it('warns on a seventh day in a row (and that week is over sixty hours too)', () => {
    const alerts = restAlerts(run('2027-01-11', 7), 'crew', DEFAULT_REST_AGREEMENT, DENVER);
    expect(alerts.filter((a) => a.kind === 'weekend_rest').map((a) => a.date)).toEqual(['2027-01-17']);
    expect(alerts.map((a) => a.kind)).toEqual(['weekend_rest', 'weekly_hours']);
  });
});
