// Hours of a shoot day (S3): each person's call and wrap as the wall clock on
// set reads them. A wrap earlier than the call is after midnight, on the next
// day; both become instants in the production's zone, across DST as well.
// Saving answers the turnaround, weekly-hours and weekend-rest warnings.
import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import {
  addDays,
  AlertPanel,
  canRecordHours,
  canReadHours,
  dateWords,
  dayPath,
  instantOf,
  Loading,
  localDate,
  localTime,
  restPath,
  useProblemInView,
  useScheduleData,
  type RuleAlert,
  type ScheduleData,
  type ScheduleDay,
} from './shared.js';

type Times = Extract<Awaited<ReturnType<typeof api.dayTimes>>, { ok: true }>['data']['times'];
type Entry = { call: string; wrap: string };


/** The call and wrap of a row as instants: a wrap at or before the call is on the next day. */
function instants(day: ScheduleDay, entry: Entry, timeZone: string): { call: Date; wrap: Date; nextDay: boolean } | null {
  if (!entry.call || !entry.wrap) return null;
  const nextDay = entry.wrap <= entry.call;
  return { call: instantOf(day.date, entry.call, timeZone), wrap: instantOf(nextDay ? addDays(day.date, 1) : day.date, entry.wrap, timeZone), nextDay };
}

function workedText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? t('schedule.hours.worked', { hours }) : t('schedule.hours.workedMinutes', { hours, minutes: minutes % 60 });
}

function HoursForm({ productionId, data, day, times, editable }: { productionId: string; data: ScheduleData; day: ScheduleDay; times: Times; editable: boolean }) {
  const { t } = useTranslation();
  const box = useRef<HTMLElement>(null);
  const zone = data.timezone;
  const [entries, setEntries] = useState<Record<string, Entry>>(() =>
    Object.fromEntries(times.map((time) => [time.userId, { call: localTime(time.call, zone), wrap: localTime(time.wrap, zone) }])),
  );
  const [people, setPeople] = useState<string[]>(() =>
    [...new Set([...day.duties.map((d) => d.userId), ...times.map((time) => time.userId)])].sort((a, b) => data.nameOf(a).localeCompare(data.nameOf(b))),
  );
  const [adding, setAdding] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [alerts, setAlerts] = useState<{ list: RuleAlert[]; round: number }>({ list: [], round: 0 });
  const [done, setDone] = useState('');
  const submit = useSubmit((body: Parameters<typeof api.setDayTimes>[2], options) => api.setDayTimes(productionId, day.id, body, options));
  useProblemInView(box, submit.problem);
  const others = data.members.filter((m) => !people.includes(m.userId)).sort((a, b) => a.name.localeCompare(b.name));

  function set(userId: string, field: keyof Entry, value: string): void {
    setEntries((was) => ({ ...was, [userId]: { call: '', wrap: '', ...was[userId], [field]: value } }));
  }

  async function save(): Promise<void> {
    const half = people.filter((id) => Boolean(entries[id]?.call) !== Boolean(entries[id]?.wrap));
    setMissing(half);
    if (half.length > 0) {
      setDone('');
      document.getElementById(`call-${half[0]}`)?.focus();
      return;
    }
    const list = people.flatMap((userId) => {
      const at = instants(day, entries[userId] ?? { call: '', wrap: '' }, zone);
      return at ? [{ userId, call: at.call.toISOString(), wrap: at.wrap.toISOString() }] : [];
    });
    const result = await submit.run({ times: list });
    if (!result) return;
    const warnings = result.data.alerts.map((a) => ({ rule: a.rule, text: t('schedule.hours.alert', { name: data.nameOf(a.userId), kind: t(`schedule.hours.kind.${a.kind}`), detail: a.detail }) }));
    setAlerts((was) => ({ list: warnings, round: was.round + 1 }));
    setDone(warnings.length === 0 ? t('schedule.hours.savedClean', { count: list.length }) : t('schedule.hours.savedWarnings', { count: list.length }));
  }

  return (
    <section ref={box} className="sched-hours-box" aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t('schedule.hours.heading')}</h2>
      <p className="hint">{t('schedule.hours.hint', { zone: zone.replaceAll('_', ' ') })}</p>
      <AlertPanel title={t('schedule.hours.alertsTitle')} alerts={alerts.list} round={alerts.round} />
      <div className="form-error" role="alert">
        {submit.problem && <p>{submit.problem.detail}</p>}
        {missing.length > 0 && <p>{t('schedule.hours.missing', { names: missing.map(data.nameOf).join(', ') })}</p>}
      </div>
      {people.length === 0 && <p>{t('schedule.hours.nobody')}</p>}
      <ul className="sched-hours">
        {people.map((userId) => {
          const entry = entries[userId] ?? { call: '', wrap: '' };
          const at = instants(day, entry, zone);
          const name = data.nameOf(userId);
          const invalid = missing.includes(userId);
          return (
            <li key={userId} className={`sched-hour${invalid ? ' field--invalid' : ''}`}>
              <span className="sched-hour-name">{name}</span>
              <span className="field">
                <label htmlFor={`call-${userId}`}>{t('schedule.hours.call')}</label>
                <input id={`call-${userId}`} type="time" aria-label={t('schedule.hours.callOf', { name })} value={entry.call} readOnly={!editable} aria-invalid={invalid || undefined} onChange={(e) => set(userId, 'call', e.target.value)} />
              </span>
              <span className="field">
                <label htmlFor={`wrap-${userId}`}>{t('schedule.hours.wrap')}</label>
                <input id={`wrap-${userId}`} type="time" aria-label={t('schedule.hours.wrapOf', { name })} value={entry.wrap} readOnly={!editable} aria-invalid={invalid || undefined} onChange={(e) => set(userId, 'wrap', e.target.value)} />
              </span>
              <span className="sched-hour-sum">
                {at ? (at.nextDay ? t('schedule.hours.workedNextDay', { worked: workedText(at.wrap.getTime() - at.call.getTime()), date: dateWords(localDate(at.wrap, zone), 'short') }) : workedText(at.wrap.getTime() - at.call.getTime())) : ''}
              </span>
            </li>
          );
        })}
      </ul>
      {editable && (
        <>
          {others.length > 0 && (
            <div className="sched-add">
              <label htmlFor="hours-person">{t('schedule.hours.notOnRoster')}</label>
              <div className="sched-add-row">
                <select id="hours-person" value={adding} onChange={(e) => setAdding(e.target.value)}>
                  <option value="">{t('schedule.choosePerson')}</option>
                  {others.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    if (!adding) return;
                    setPeople([...people, adding]);
                    setAdding('');
                  }}
                >
                  {t('schedule.add')}
                </button>
              </div>
            </div>
          )}
          <p className="status status--done" role="status">
            {done}
          </p>
          <button type="button" className="button button--primary sched-save" onClick={() => void save()} aria-disabled={submit.busy || undefined}>
            {submit.busy ? t('schedule.working') : t('schedule.hours.save')}
          </button>
        </>
      )}
    </section>
  );
}

export function HoursScreen({ productionId, dayId }: { productionId: string; dayId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const readable = canReadHours(roles);
  const [times, reloadTimes] = useResource(`${productionId}/times/${dayId}/${readable}`, () =>
    readable ? api.dayTimes(productionId, dayId) : Promise.resolve({ ok: true as const, data: { times: [] as Times } }),
  );
  const day = data.state === 'ready' ? data.data.schedule.shootDays.find((d) => d.id === dayId) : undefined;
  return (
    <Page title={day ? t('schedule.hours.titleOf', { date: dateWords(day.date, 'short') }) : t('schedule.hours.link')} wide>
      {day && (
        <p className="lead">
          <Link href={dayPath(productionId, day.id)}>{dateWords(day.date)}</Link>
          {day.generalCall && ` · ${t('schedule.generalCallAt', { time: day.generalCall })}`}
        </p>
      )}
      {!readable ? (
        <p>{t('schedule.hours.whoReads')}</p>
      ) : (
        <>
          <Loading resource={data.state === 'ready' ? times : data} retry={data.state === 'ready' ? reloadTimes : reload} />
          {data.state === 'ready' && !day && <p role="alert">{t('schedule.day.notOnSchedule')}</p>}
          {data.state === 'ready' && day && times.state === 'ready' && (
            <HoursForm productionId={productionId} data={data.data} day={day} times={times.data.times} editable={canRecordHours(roles)} />
          )}
          <p className="aside">
            <Trans i18nKey="schedule.hours.follow" components={{ a: <Link href={restPath(productionId)} /> }} />
          </p>
        </>
      )}
    </Page>
  );
}
