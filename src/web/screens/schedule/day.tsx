// A shoot day: its date, general and shooting call (local times), locations,
// notes and its scenes in the order they are shot, moved with up and down
// buttons; beside it the day's duty roster, whose F2 and F3 alerts come back
// the moment it is saved, and the way to the day's hours and safety meeting.
import { useEffect, useRef, useState } from 'react';
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

/** The first free day from tomorrow on: where a 1st AD usually starts planning. */
function nextFreeDate(data: ScheduleData): string {
  const taken = new Set(data.schedule.shootDays.map((d) => d.date));
  let date = addDays(localDate(new Date(), data.timezone), 1);
  while (taken.has(date)) date = addDays(date, 1);
  return date;
}

/** The day's scenes in shooting order: up, down and remove buttons that keep focus where the hand is. */
function SceneOrder({ data, order, setOrder }: { data: ScheduleData; order: string[]; setOrder: (next: string[]) => void }) {
  const [said, setSaid] = useState('');
  const [adding, setAdding] = useState('');
  const refocus = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const available = data.schedule.scenes.filter((s) => !order.includes(s.id)).sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
  const label = (id: string) => `scene ${data.sceneById(id)?.number ?? ''}`;

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
    setSaid(`${label(id!)} moved to position ${at + 1} of ${next.length}.`);
  }

  function remove(index: number): void {
    const id = order[index]!;
    const next = order.filter((_, i) => i !== index);
    refocus.current = next[index] ? `remove-${next[index]}` : 'add';
    setOrder(next);
    setSaid(`${label(id)} taken off the day.`);
  }

  function add(): void {
    if (!adding) return;
    setOrder([...order, adding]);
    setSaid(`${label(adding)} added at position ${order.length + 1}.`);
    setAdding('');
  }

  return (
    <fieldset className="sched-order">
      <legend>Scenes, in shooting order</legend>
      {order.length === 0 && <p className="hint">No scenes on this day yet.</p>}
      <ol ref={list} className="sched-order-list">
        {order.map((id, index) => {
          const scene = data.sceneById(id);
          return (
            <li key={id} className="sched-order-item">
              <span className="sched-order-pos" aria-hidden="true">
                {index + 1}
              </span>
              <span className="sched-order-what">
                <strong>Scene {scene?.number}</strong> {scene?.description}
                {scene && (
                  <span className="sched-order-tags">
                    <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />
                    <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} />
                  </span>
                )}
              </span>
              <span className="sched-order-buttons">
                {index > 0 && (
                  <button type="button" className="button button--secondary sched-icon" data-focus={`up-${id}`} aria-label={`Move scene ${scene?.number} up`} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                )}
                {index < order.length - 1 && (
                  <button type="button" className="button button--secondary sched-icon" data-focus={`down-${id}`} aria-label={`Move scene ${scene?.number} down`} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                )}
                <button type="button" className="button button--secondary sched-icon" data-focus={`remove-${id}`} aria-label={`Take scene ${scene?.number} off the day`} onClick={() => remove(index)}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {available.length > 0 && (
        <div className="sched-add">
          <label htmlFor="add-scene">Add a scene</label>
          <div className="sched-add-row">
            <select id="add-scene" value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">Choose a scene</option>
              {available.map((s) => (
                <option key={s.id} value={s.id}>
                  Scene {s.number}: {s.description}
                  {assessmentWords(s.riskAssessment, s.hazards) && ` (${assessmentWords(s.riskAssessment, s.hazards)})`}
                </option>
              ))}
            </select>
            <button type="button" className="button button--secondary" data-focus="add" onClick={add}>
              Add
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
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date)) invalid.date = 'Choose the day.';
    if (body.generalCall && body.shootingCall && body.shootingCall < body.generalCall) invalid.shootingCall = 'The shooting call comes after the general call.';
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: invalid });
      return;
    }
    setTyped(null);
    if (!day) {
      const done = await create.run(body);
      if (done) go(dayPath(productionId, done.data.shootDay.id), `The shoot day of ${dateWords(done.data.shootDay.date)} is on the schedule. Now its roster.`);
      return;
    }
    if (await update.run(body)) saved();
  }

  return (
    <div ref={box} className="sched-form">
      <Form label={day ? 'The day' : 'New shoot day'} problem={problem} fields={['date', 'generalCall', 'shootingCall', 'locationIds', 'sceneIds', 'notes']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="date" label="Date" type="date" defaultValue={day?.date ?? nextFreeDate(data)} />
        <div className="sched-row">
          <Field name="generalCall" label="General call" type="time" defaultValue={day?.generalCall ?? ''} hint={`Local time (${data.timezone.replaceAll('_', ' ')})`} />
          <Field name="shootingCall" label="Shooting call" type="time" defaultValue={day?.shootingCall ?? ''} hint="When the camera first rolls" />
        </div>
        {data.schedule.locations.length > 0 ? (
          <CheckGroup
            name="locationIds"
            legend="Locations"
            choices={data.schedule.locations.map((l) => ({ value: l.id, label: l.name }))}
            checked={day?.locationIds}
            error={problem?.fields.locationIds}
          />
        ) : (
          <p className="hint">No locations yet: add one from the schedule to put its hospital on the day.</p>
        )}
        <SceneOrder data={data} order={order} setOrder={setOrder} />
        {problem?.fields.sceneIds && <p className="field-error">{problem.fields.sceneIds}</p>}
        <TextAreaField name="notes" label="Notes (optional)" defaultValue={day?.notes ?? ''} rows={3} className="sched-prose" />
        <SubmitButton busy={submit.busy}>{day ? 'Save the day' : 'Add shoot day'}</SubmitButton>
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
    setDone(`${data.nameOf(person)} added as ${dutyLabels[duty]}. Save the roster to keep it.`);
    setPerson('');
  }

  async function save(): Promise<void> {
    const result = await submit.run({ duties: rows });
    if (!result) return;
    const words = (message: string) => message.replace(/\d{4}-\d{2}-\d{2}/g, (date) => dateWords(date));
    const list = result.data.alerts.map((a) => ({ rule: a.rule, text: a.shootDayId === day.id ? words(a.message) : `Another day: ${words(a.message)}` }));
    setAlerts((was) => ({ list, round: was.round + 1 }));
    setDone(list.length === 0 ? 'Roster saved. It raises no F2 or F3 alert.' : 'Roster saved, with the alerts above.');
    saved();
  }

  // F2, shown as the roster is made: the armorer of the day holding another duty.
  const armorerOfDay = rows.find((r) => r.duty === 'armorer')?.userId;
  const clashes = (row: DutyRow) => row.userId === armorerOfDay && row.duty !== 'armorer';
  const firearms = day.sceneIds.some((id) => data.sceneById(id)?.hazards.some((h) => h === 'firearms' || h === 'blanks'));
  return (
    <section ref={box} className="panel sched-roster" aria-labelledby="roster">
      <h2 id="roster" tabIndex={-1}>
        Duty roster
      </h2>
      {firearms && <p className="hint">This day has firearm scenes: roster an armorer who does nothing else that day (F1, F2).</p>}
      <AlertPanel title="The roster is saved, and it raises these alerts" alerts={alerts.list} round={alerts.round} />
      <div className="form-error" role="alert">
        {submit.problem && <p>{submit.problem.detail}</p>}
      </div>
      {rows.length === 0 ? (
        <p>Nobody on the roster yet.</p>
      ) : (
        <ul className="sched-duties">
          {byDuty(rows).map((row) => (
            <li key={`${row.userId} ${row.duty}`} className={`sched-duty${row.duty === 'armorer' ? ' sched-duty--armorer' : ''}${clashes(row) ? ' sched-duty--clash' : ''}`}>
              <span>
                <strong>{data.nameOf(row.userId)}</strong>
                <span className="sched-duty-what">
                  {clashes(row) && <span className="rule">F2</span>}
                  {dutyLabels[row.duty]}
                  {clashes(row) && ': the armorer of the day holds no other duty'}
                </span>
              </span>
              <button
                type="button"
                className="button button--secondary sched-icon"
                aria-label={`Take ${data.nameOf(row.userId)} off as ${dutyLabels[row.duty]}`}
                onClick={() => {
                  setRows(rows.filter((r) => r !== row));
                  setDone(`${data.nameOf(row.userId)} taken off as ${dutyLabels[row.duty]}. Save the roster to keep it.`);
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
          <label htmlFor="roster-person">Person</label>
          <select id="roster-person" value={person} onChange={(e) => choose(e.target.value)}>
            <option value="">Choose a person</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.roles.length > 0 ? rolesText(m.roles) : 'no role'})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="roster-duty">Duty</label>
          <select id="roster-duty" value={duty} onChange={(e) => setDuty(e.target.value as Duty)}>
            {duties.map((d) => (
              <option key={d} value={d}>
                {dutyLabels[d]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--secondary" onClick={add} aria-disabled={!person || undefined}>
          Add to roster
        </button>
      </div>
      <p className="status" role="status">
        {dirty ? 'Not saved yet. ' : ''}
        {done}
      </p>
      <button type="button" className="button button--primary sched-save" onClick={() => void save()} aria-disabled={submit.busy || undefined}>
        {submit.busy ? 'Working…' : 'Save roster'}
      </button>
    </section>
  );
}

function DayLinks({ productionId, day, roles, places }: { productionId: string; day: ScheduleDay; roles: readonly Role[]; places: readonly Place[] }) {
  return (
    <nav className="sched-card-actions sched-day-links" aria-label="This day">
      <Link className="button button--primary" href={callSheetPath(productionId, day.id)}>
        Call sheet
      </Link>
      <Link className="button button--secondary" href={todayPath(productionId, day.date)}>
        The day as the crew sees it
      </Link>
      {canReadHours(roles) && (
        <Link className="button button--secondary" href={hoursPath(productionId, day.id)}>
          Hours
        </Link>
      )}
      {canRecordMeeting(roles) && (
        <Link className="button button--secondary" href={meetingPath(productionId, day.id)}>
          Mark safety meeting done
        </Link>
      )}
      {day.locationIds.map((id) => {
        const place = places.find((l) => l.id === id);
        return place ? (
          <Link key={id} className="button button--secondary" href={lightPath(productionId, id, day.date)}>
            Light at {place.name}
          </Link>
        ) : null;
      })}
    </nav>
  );
}

function Meetings({ productionId, day, data }: { productionId: string; day: ScheduleDay; data: ScheduleData }) {
  const [today] = useResource(`${productionId}/today/${day.date}`, () => api.today(productionId, day.date));
  if (today.state !== 'ready') return null;
  const meetings = today.data.meetings;
  return (
    <section className="panel" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Safety meetings</h2>
      {meetings.length === 0 ? (
        <p>None recorded for this day yet.</p>
      ) : (
        <ul className="sched-list">
          {meetings.map((m) => (
            <li key={m.id}>
              {localTime(m.heldAt, data.timezone)}: {scenesText(m.sceneIds.map((id) => data.sceneById(id)?.number ?? '?'))}
              {m.walkthrough ? ', walked through' : ', not walked through'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The day for someone who reads it rather than plans it. */
function DayFacts({ day, data }: { day: ScheduleDay; data: ScheduleData }) {
  return (
    <section className="panel" aria-labelledby="day-facts">
      <h2 id="day-facts">The day</h2>
      <p>
        {day.generalCall ? `General call ${day.generalCall}` : 'No general call yet'}
        {day.shootingCall && ` · Shooting call ${day.shootingCall}`}
      </p>
      <ol className="sched-list">
        {day.sceneIds.map((id) => {
          const scene = data.sceneById(id);
          return scene ? (
            <li key={id}>
              Scene {scene.number} {sceneSlug(scene) && `(${sceneSlug(scene)})`}: {scene.description} <AssessmentMarker assessment={scene.riskAssessment} hazards={scene.hazards} />
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
  const [data, reload] = useScheduleData(productionId);
  return (
    <Page title="New shoot day" wide>
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
    <Page title={day ? dateWords(day.date) : 'Shoot day'} wide>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && !day && <p role="alert">This shoot day is not on the schedule.</p>}
      {data.state === 'ready' && day && (
        <>
          <p className="lead">
            Day {dayNumber} of {data.data.schedule.shootDays.length} · {data.data.productionName}
          </p>
          <DayLinks productionId={productionId} day={day} roles={roles} places={data.data.schedule.locations} />
          <p className="status status--done" role="status">
            {saved}
          </p>
          <div className="sched-split">
            <div>
              {canPlan(roles) ? (
                <section aria-labelledby="day-edit">
                  <h2 id="day-edit">The day</h2>
                  <DayForm
                    productionId={productionId}
                    data={data.data}
                    day={day}
                    saved={() => {
                      setSaved('The day is saved.');
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
                  <h2 id="roster">Duty roster</h2>
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
                  Scenes:{' '}
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
