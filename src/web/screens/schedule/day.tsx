// A shoot day: its date, general and shooting call (local times), locations,
// notes and its scenes in the order they are shot, moved with up and down
// buttons; beside it the day's duty roster, whose F2 and F3 alerts come back
// the moment it is saved, and the way to the day's hours and safety meeting.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Problem, type Role } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { callSheetPath } from '../call-sheet/shared.js';
import { lightPath } from '../light/index.js';
import {
  addDays,
  AlertPanel,
  AssessmentMarker,
  assessmentWords,
  canPlan,
  canReadHours,
  canRecordMeeting,
  CheckGroup,
  checkedValues,
  dateWords,
  dayPath,
  duties,
  dutyLabels,
  HazardList,
  hoursPath,
  Loading,
  localDate,
  localTime,
  meetingPath,
  PlaceFacts,
  scenePath,
  sceneSlug,
  scenesText,
  todayPath,
  useProblemInView,
  useScheduleData,
  type Duty,
  type Place,
  type RuleAlert,
  type ScheduleData,
  type ScheduleDay,
} from './shared.js';

type DayBody = Parameters<typeof api.createShootDay>[1];

/** A rule's id reads the same in every language. */
const ruleF2 = 'F2';

/** The first free day from tomorrow on: where a 1st AD usually starts planning. */
function nextFreeDate(data: ScheduleData): string {
  const taken = new Set(data.schedule.shootDays.map((d) => d.date));
  let date = addDays(localDate(new Date(), data.timezone), 1);
  while (taken.has(date)) date = addDays(date, 1);
  return date;
}

/** The day's scenes in shooting order: up, down and remove buttons that keep focus where the hand is. */
function SceneOrder({ data, order, setOrder }: { data: ScheduleData; order: string[]; setOrder: (next: string[]) => void }) {
  const { t } = useTranslation();
  const [said, setSaid] = useState('');
  const [adding, setAdding] = useState('');
  const refocus = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const available = data.schedule.scenes.filter((s) => !order.includes(s.id)).sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  const number = (id: string) => data.sceneById(id)?.number ?? '';

  useEffect(() => {
    if (!refocus.current) return;
    list.current?.querySelector<HTMLElement>(`[data-focus="${refocus.current}"]`)?.focus();
    refocus.current = null;
  });

  function move(index: number, by: -1 | 1): void {
    const next = [...order];
    const [id] = next.splice(index, 1);
    next.splice(index + by, 0, id!);
    const at = index + by;
    // The button pressed may be gone at the edge of the list: focus its twin then.
    const direction = (by < 0 && at === 0) || (by > 0 && at === next.length - 1) ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down';
    refocus.current = `${direction}-${id}`;
    setOrder(next);
    setSaid(t('schedule.day.moved', { scene: number(id!), position: at + 1, of: next.length }));
  }

  function remove(index: number): void {
    const id = order[index]!;
    const next = order.filter((_, i) => i !== index);
    refocus.current = next[index] ? `remove-${next[index]}` : 'add';
    setOrder(next);
    setSaid(t('schedule.day.takenOff', { scene: number(id) }));
  }

  function add(): void {
    if (!adding) return;
    setOrder([...order, adding]);
    setSaid(t('schedule.day.added', { scene: number(adding), position: order.length + 1 }));
    setAdding('');
  }

  return (
    <fieldset className="sched-order">
      <legend>{t('schedule.day.order')}</legend>
      {order.length === 0 && <p className="hint">{t('schedule.day.noScenes')}</p>}
      <ol ref={list} className="sched-order-list">
        {order.map((id, index) => {
          const scene = data.sceneById(id);
          return (
            <li key={id} className="sched-order-item">
              <span className="sched-order-pos" aria-hidden="true">
                {index + 1}
              </span>
              <span className="sched-order-what">
                <strong>{t('schedule.sceneNumber', { number: scene?.number })}</strong> {scene?.description}
                {scene && (
                  <span className="sched-order-tags">
                    <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />
                    <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} />
                  </span>
                )}
              </span>
              <span className="sched-order-buttons">
                {index > 0 && (
                  <button type="button" className="button button--secondary sched-icon" data-focus={`up-${id}`} aria-label={t('schedule.day.moveUp', { number: scene?.number })} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                )}
                {index < order.length - 1 && (
                  <button type="button" className="button button--secondary sched-icon" data-focus={`down-${id}`} aria-label={t('schedule.day.moveDown', { number: scene?.number })} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                )}
                <button type="button" className="button button--secondary sched-icon" data-focus={`remove-${id}`} aria-label={t('schedule.day.takeOff', { number: scene?.number })} onClick={() => remove(index)}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {available.length > 0 && (
        <div className="sched-add">
          <label htmlFor="add-scene">{t('schedule.day.addScene')}</label>
          <div className="sched-add-row">
            <select id="add-scene" value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">{t('schedule.day.chooseScene')}</option>
              {available.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('schedule.sceneLine', { number: s.number, description: s.description })}
                  {assessmentWords(s.riskAssessment, s.hazards) && ` (${assessmentWords(s.riskAssessment, s.hazards)})`}
                </option>
              ))}
            </select>
            <button type="button" className="button button--secondary" data-focus="add" onClick={add}>
              {t('schedule.add')}
            </button>
          </div>
        </div>
      )}
      <p className="sr-only" role="status">
        {said}
      </p>
    </fieldset>
  );
}

function DayForm({ productionId, data, day, saved }: { productionId: string; data: ScheduleData; day: ScheduleDay | null; saved: () => void }) {
  const { t } = useTranslation();
  const { go } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const [order, setOrder] = useState<string[]>(day?.sceneIds ?? []);
  const create = useSubmit((body: DayBody, options) => api.createShootDay(productionId, body, options));
  const update = useSubmit((body: DayBody, options) => api.updateShootDay(productionId, day?.id ?? '', body, options));
  const submit = day ? update : create;
  const [typed, setTyped] = useState<Problem | null>(null);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const body: DayBody = {
      date: text(form, 'date'),
      sceneIds: order,
      locationIds: checkedValues(form, 'locationIds'),
      generalCall: text(form, 'generalCall') || null,
      shootingCall: text(form, 'shootingCall') || null,
      notes: text(form, 'notes') || null,
    };
    const invalid: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date)) invalid.date = t('schedule.day.chooseDate');
    if (body.generalCall && body.shootingCall && body.shootingCall < body.generalCall) invalid.shootingCall = t('schedule.day.callOrder');
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: t('schedule.correctFields'), fields: invalid });
      return;
    }
    setTyped(null);
    if (!day) {
      const done = await create.run(body);
      if (done) go(dayPath(productionId, done.data.shootDay.id), t('schedule.day.created', { date: dateWords(done.data.shootDay.date) }));
      return;
    }
    if (await update.run(body)) saved();
  }

  return (
    <div ref={box} className="sched-form">
      <Form label={day ? t('schedule.day.theDay') : t('schedule.day.new')} problem={problem} fields={['date', 'generalCall', 'shootingCall', 'locationIds', 'sceneIds', 'notes']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="date" label={t('schedule.day.date')} type="date" defaultValue={day?.date ?? nextFreeDate(data)} />
        <div className="sched-row">
          <Field name="generalCall" label={t('schedule.day.generalCall')} type="time" defaultValue={day?.generalCall ?? ''} hint={t('schedule.localTime', { zone: data.timezone.replaceAll('_', ' ') })} />
          <Field name="shootingCall" label={t('schedule.day.shootingCall')} type="time" defaultValue={day?.shootingCall ?? ''} hint={t('schedule.day.shootingCallHint')} />
        </div>
        {data.schedule.locations.length > 0 ? (
          <CheckGroup
            name="locationIds"
            legend={t('schedule.locations')}
            choices={data.schedule.locations.map((l) => ({ value: l.id, label: l.name }))}
            checked={day?.locationIds}
            error={problem?.fields.locationIds}
          />
        ) : (
          <p className="hint">{t('schedule.day.noLocations')}</p>
        )}
        <SceneOrder data={data} order={order} setOrder={setOrder} />
        {problem?.fields.sceneIds && <p className="field-error">{problem.fields.sceneIds}</p>}
        <TextAreaField name="notes" label={t('schedule.notesOptional')} defaultValue={day?.notes ?? ''} rows={3} className="sched-prose" />
        <SubmitButton busy={submit.busy}>{day ? t('schedule.day.save') : t('schedule.day.add')}</SubmitButton>
      </Form>
    </div>
  );
}

type DutyRow = { userId: string; duty: Duty };

/** The duty a person most likely holds that day: their first role that is a duty. */
function likelyDuty(roles: readonly Role[]): Duty {
  return duties.find((d) => (roles as readonly string[]).includes(d)) ?? 'crew';
}

/** A roster reads in the order of the duties, the armorer first. */
function byDuty<R extends { duty: Duty }>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => duties.indexOf(a.duty) - duties.indexOf(b.duty));
}

/** F2, F3: who holds which duty on the day. Saving answers the alerts the roster raises. */
function Roster({ productionId, data, day, saved }: { productionId: string; data: ScheduleData; day: ScheduleDay; saved: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLElement>(null);
  const [rows, setRows] = useState<DutyRow[]>(day.duties);
  const [person, setPerson] = useState('');
  const [duty, setDuty] = useState<Duty>('crew');
  const [alerts, setAlerts] = useState<{ list: RuleAlert[]; round: number }>({ list: [], round: 0 });
  const [done, setDone] = useState('');
  const submit = useSubmit((body: { duties: DutyRow[] }, options) => api.setDuties(productionId, day.id, body, options));
  useProblemInView(box, submit.problem);
  const key = (list: readonly DutyRow[]) => JSON.stringify(list.map((d) => `${d.userId} ${d.duty}`).sort());
  const dirty = key(rows) !== key(day.duties);
  const members = [...data.members].sort((a, b) => a.name.localeCompare(b.name));

  function choose(userId: string): void {
    setPerson(userId);
    const member = data.members.find((m) => m.userId === userId);
    if (member) setDuty(likelyDuty(member.roles));
  }

  function add(): void {
    if (!person || rows.some((r) => r.userId === person && r.duty === duty)) return;
    setRows([...rows, { userId: person, duty }]);
    setDone(t('schedule.roster.added', { name: data.nameOf(person), duty: dutyLabels[duty] }));
    setPerson('');
  }

  async function save(): Promise<void> {
    const result = await submit.run({ duties: rows });
    if (!result) return;
    const words = (message: string) => message.replace(/\d{4}-\d{2}-\d{2}/g, (date) => dateWords(date));
    const list = result.data.alerts.map((a) => ({ rule: a.rule, text: a.shootDayId === day.id ? words(a.message) : t('schedule.roster.anotherDay', { message: words(a.message) }) }));
    setAlerts((was) => ({ list, round: was.round + 1 }));
    setDone(list.length === 0 ? t('schedule.roster.savedClean') : t('schedule.roster.savedAlerts'));
    saved();
  }

  // F2, shown as the roster is made: the armorer of the day holding another duty.
  const armorerOfDay = rows.find((r) => r.duty === 'armorer')?.userId;
  const clashes = (row: DutyRow) => row.userId === armorerOfDay && row.duty !== 'armorer';
  const firearms = day.sceneIds.some((id) => data.sceneById(id)?.hazards.some((h) => h === 'firearms' || h === 'blanks'));
  return (
    <section ref={box} className="panel sched-roster" aria-labelledby="roster">
      <h2 id="roster" tabIndex={-1}>
        {t('schedule.roster.title')}
      </h2>
      {firearms && <p className="hint">{t('schedule.roster.firearmsHint')}</p>}
      <AlertPanel title={t('schedule.roster.alertsTitle')} alerts={alerts.list} round={alerts.round} />
      <div className="form-error" role="alert">
        {submit.problem && <p>{submit.problem.detail}</p>}
      </div>
      {rows.length === 0 ? (
        <p>{t('schedule.roster.empty')}</p>
      ) : (
        <ul className="sched-duties">
          {byDuty(rows).map((row) => (
            <li key={`${row.userId} ${row.duty}`} className={`sched-duty${row.duty === 'armorer' ? ' sched-duty--armorer' : ''}${clashes(row) ? ' sched-duty--clash' : ''}`}>
              <span>
                <strong>{data.nameOf(row.userId)}</strong>
                <span className="sched-duty-what">
                  {clashes(row) && <span className="rule">{ruleF2}</span>}
                  {dutyLabels[row.duty]}
                  {clashes(row) && t('schedule.roster.clash')}
                </span>
              </span>
              <button
                type="button"
                className="button button--secondary sched-icon"
                aria-label={t('schedule.roster.takeOff', { name: data.nameOf(row.userId), duty: dutyLabels[row.duty] })}
                onClick={() => {
                  setRows(rows.filter((r) => r !== row));
                  setDone(t('schedule.roster.takenOff', { name: data.nameOf(row.userId), duty: dutyLabels[row.duty] }));
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="sched-add sched-add--roster">
        <div className="field">
          <label htmlFor="roster-person">{t('schedule.roster.person')}</label>
          <select id="roster-person" value={person} onChange={(e) => choose(e.target.value)}>
            <option value="">{t('schedule.choosePerson')}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.roles.length > 0 ? rolesText(m.roles) : t('schedule.roster.noRole')})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="roster-duty">{t('schedule.roster.duty')}</label>
          <select id="roster-duty" value={duty} onChange={(e) => setDuty(e.target.value as Duty)}>
            {duties.map((d) => (
              <option key={d} value={d}>
                {dutyLabels[d]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--secondary" onClick={add} aria-disabled={!person || undefined}>
          {t('schedule.roster.add')}
        </button>
      </div>
      <p className="status" role="status">
        {dirty ? t('schedule.roster.notSaved') : ''}
        {done}
      </p>
      <button type="button" className="button button--primary sched-save" onClick={() => void save()} aria-disabled={submit.busy || undefined}>
        {submit.busy ? t('schedule.working') : t('schedule.roster.save')}
      </button>
    </section>
  );
}

function DayLinks({ productionId, day, roles, places }: { productionId: string; day: ScheduleDay; roles: readonly Role[]; places: readonly Place[] }) {
  const { t } = useTranslation();
  return (
    <nav className="sched-card-actions sched-day-links" aria-label={t('schedule.day.thisDay')}>
      <Link className="button button--primary" href={callSheetPath(productionId, day.id)}>
        {t('schedule.day.callSheet')}
      </Link>
      <Link className="button button--secondary" href={todayPath(productionId, day.date)}>
        {t('schedule.day.asCrewSees')}
      </Link>
      {canReadHours(roles) && (
        <Link className="button button--secondary" href={hoursPath(productionId, day.id)}>
          {t('schedule.hours.link')}
        </Link>
      )}
      {canRecordMeeting(roles) && (
        <Link className="button button--secondary" href={meetingPath(productionId, day.id)}>
          {t('schedule.day.markMeeting')}
        </Link>
      )}
      {day.locationIds.map((id) => {
        const place = places.find((l) => l.id === id);
        return place ? (
          <Link key={id} className="button button--secondary" href={lightPath(productionId, id, day.date)}>
            {t('schedule.day.lightAt', { place: place.name })}
          </Link>
        ) : null;
      })}
    </nav>
  );
}

function Meetings({ productionId, day, data }: { productionId: string; day: ScheduleDay; data: ScheduleData }) {
  const { t } = useTranslation();
  const [today] = useResource(`${productionId}/today/${day.date}`, () => api.today(productionId, day.date));
  if (today.state !== 'ready') return null;
  const meetings = today.data.meetings;
  return (
    <section className="panel" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">{t('schedule.day.meetings')}</h2>
      {meetings.length === 0 ? (
        <p>{t('schedule.day.noMeetings')}</p>
      ) : (
        <ul className="sched-list">
          {meetings.map((m) => (
            <li key={m.id}>
              {m.walkthrough
                ? t('schedule.day.meetingWalked', { time: localTime(m.heldAt, data.timezone), scenes: scenesText(m.sceneIds.map((id) => data.sceneById(id)?.number ?? '?')) })
                : t('schedule.day.meetingNotWalked', { time: localTime(m.heldAt, data.timezone), scenes: scenesText(m.sceneIds.map((id) => data.sceneById(id)?.number ?? '?')) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The day for someone who reads it rather than plans it. */
function DayFacts({ day, data }: { day: ScheduleDay; data: ScheduleData }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="day-facts">
      <h2 id="day-facts">{t('schedule.day.theDay')}</h2>
      <p>
        {day.generalCall ? t('schedule.generalCallAt', { time: day.generalCall }) : t('schedule.day.noGeneralCall')}
        {day.shootingCall && ` · ${t('schedule.shootingCallAt', { time: day.shootingCall })}`}
      </p>
      <ol className="sched-list">
        {day.sceneIds.map((id) => {
          const scene = data.sceneById(id);
          return scene ? (
            <li key={id}>
              {sceneSlug(scene) ? t('schedule.day.sceneSlugLine', { number: scene.number, slug: sceneSlug(scene), description: scene.description }) : t('schedule.sceneLine', { number: scene.number, description: scene.description })}{' '}
              <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} />
            </li>
          ) : null;
        })}
      </ol>
      {day.notes && <p className="prose-text">{day.notes}</p>}
      {day.locationIds.map((id) => {
        const place = data.schedule.locations.find((l) => l.id === id);
        return place ? (
          <div key={id}>
            <h3>{place.name}</h3>
            <PlaceFacts place={place} />
          </div>
        ) : null;
      })}
    </section>
  );
}

export function NewDayScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const [data, reload] = useScheduleData(productionId);
  return (
    <Page title={t('schedule.day.new')} wide>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && (
        <div className="sched-narrow">
          <DayForm productionId={productionId} data={data.data} day={null} saved={() => undefined} />
        </div>
      )}
    </Page>
  );
}

export function DayScreen({ productionId, dayId }: { productionId: string; dayId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const [saved, setSaved] = useState('');
  const day = data.state === 'ready' ? data.data.schedule.shootDays.find((d) => d.id === dayId) : undefined;
  const ready = data.state === 'ready';

  // The schedule's "Roster" link lands on the roster.
  useEffect(() => {
    if (ready && location.hash === '#roster') document.getElementById('roster')?.scrollIntoView({ block: 'start' });
  }, [ready]);

  const dayNumber = day && data.state === 'ready' ? [...data.data.schedule.shootDays].sort((a, b) => a.date.localeCompare(b.date)).indexOf(day) + 1 : 0;
  return (
    <Page title={day ? dateWords(day.date) : t('schedule.day.shootDay')} wide>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && !day && <p role="alert">{t('schedule.day.notOnSchedule')}</p>}
      {data.state === 'ready' && day && (
        <>
          <p className="lead">
            {t('schedule.dayOf', { number: dayNumber, of: data.data.schedule.shootDays.length })} · {data.data.productionName}
          </p>
          <DayLinks productionId={productionId} day={day} roles={roles} places={data.data.schedule.locations} />
          <p className="status status--done" role="status">
            {saved}
          </p>
          <div className="sched-split">
            <div>
              {canPlan(roles) ? (
                <section aria-labelledby="day-edit">
                  <h2 id="day-edit">{t('schedule.day.theDay')}</h2>
                  <DayForm
                    productionId={productionId}
                    data={data.data}
                    day={day}
                    saved={() => {
                      setSaved(t('schedule.day.saved'));
                      reload();
                    }}
                  />
                </section>
              ) : (
                <DayFacts day={day} data={data.data} />
              )}
            </div>
            <div>
              {canPlan(roles) ? (
                <Roster productionId={productionId} data={data.data} day={day} saved={reload} />
              ) : (
                <section className="panel" aria-labelledby="roster">
                  <h2 id="roster">{t('schedule.roster.title')}</h2>
                  <ul className="sched-duties">
                    {byDuty(day.duties).map((d) => (
                      <li key={`${d.userId} ${d.duty}`} className="sched-duty">
                        <strong>{data.data.nameOf(d.userId)}</strong> <span className="sched-duty-what">{dutyLabels[d.duty]}</span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              <Meetings productionId={productionId} day={day} data={data.data} />
              {day.sceneIds.length > 0 && (
                <p>
                  {t('schedule.day.scenesLabel')}{' '}
                  {day.sceneIds.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <Link href={scenePath(productionId, id)}>{data.data.sceneById(id)?.number}</Link>
                    </span>
                  ))}
                </p>
              )}
            </div>
          </div>
        </>
      )}
    </Page>
  );
}
