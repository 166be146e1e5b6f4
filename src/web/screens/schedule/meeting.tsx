// "Mark meeting done" (F5), made for a phone on set: tick the scenes it
// covered and the people who stood in it, say whether the action was walked
// through and what the abort and emergency plans are; the time defaults to now.
import { useRef, useState } from 'react';
import { api, type Problem } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import {
  assessmentWords,
  canRecordMeeting,
  CheckGroup,
  checkedValues,
  dateWords,
  dayPath,
  dutyLabels,
  hazardLabels,
  instantOf,
  Loading,
  localDate,
  localTime,
  todayPath,
  useProblemInView,
  useScheduleData,
  type ScheduleData,
  type ScheduleDay,
} from './shared.js';

type MeetingBody = Parameters<typeof api.recordMeeting>[1];

function MeetingForm({ productionId, data, day }: { productionId: string; data: ScheduleData; day: ScheduleDay }) {
  const { go } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const submit = useSubmit((body: MeetingBody, options) => api.recordMeeting(productionId, body, options));
  const [typed, setTyped] = useState<Problem | null>(null);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);
  const zone = data.timezone;
  const [now] = useState(() => new Date());
  const scenes = day.sceneIds.map((id) => data.sceneById(id)).filter((s) => s !== undefined);
  const risky = scenes.filter((s) => s.hazards.length > 0);
  const rostered = new Set(day.duties.map((d) => d.userId));
  const people = [...data.members].sort((a, b) => Number(rostered.has(b.userId)) - Number(rostered.has(a.userId)) || a.name.localeCompare(b.name));
  const dutiesOf = (userId: string) => day.duties.filter((d) => d.userId === userId).map((d) => dutyLabels[d.duty]);
  const hospitals = day.locationIds
    .map((id) => data.schedule.locations.find((l) => l.id === id))
    .filter((l) => l?.hospital)
    .map((l) => `${l!.hospital!.name}, ${l!.hospital!.address}${l!.hospital!.driveMinutes !== undefined ? `, ${l!.hospital!.driveMinutes} min from ${l!.name}` : ''}`);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const heldDate = text(form, 'heldDate');
    const heldTime = text(form, 'heldTime');
    const invalid: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(heldDate)) invalid.heldDate = 'Choose the day it was held.';
    if (!/^\d{2}:\d{2}$/.test(heldTime)) invalid.heldTime = 'Enter the time it was held.';
    const body: MeetingBody = {
      shootDayId: day.id,
      sceneIds: checkedValues(form, 'sceneIds'),
      attendeeIds: checkedValues(form, 'attendeeIds'),
      heldAt: invalid.heldDate || invalid.heldTime ? '' : instantOf(heldDate, heldTime, zone).toISOString(),
      walkthrough: checkedValues(form, 'walkthrough').length > 0,
      abortPlan: text(form, 'abortPlan'),
      emergencyPlan: text(form, 'emergencyPlan'),
    };
    if (body.sceneIds.length === 0) invalid.sceneIds = 'Tick the scenes the meeting covered.';
    if (body.attendeeIds.length === 0) invalid.attendeeIds = 'Tick everyone who attended.';
    if (!body.abortPlan) invalid.abortPlan = 'Say how anyone calls off the action, and what happens then.';
    if (!body.emergencyPlan) invalid.emergencyPlan = 'Say who calls, the medic, and the route to hospital.';
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: invalid });
      return;
    }
    setTyped(null);
    const done = await submit.run(body);
    if (done) go(todayPath(productionId, day.date), `Safety meeting recorded at ${localTime(done.data.meeting.heldAt, zone)} for scenes ${done.data.meeting.sceneIds.map((id) => data.sceneById(id)?.number).join(', ')}.`);
  }

  if (scenes.length === 0) {
    return (
      <p>
        This day has no scenes yet. <Link href={dayPath(productionId, day.id)}>Add its scenes first.</Link>
      </p>
    );
  }
  return (
    <div ref={box} className="sched-form">
      <Form label="Safety meeting" problem={problem} fields={['sceneIds', 'attendeeIds', 'heldDate', 'heldTime', 'heldAt', 'walkthrough', 'abortPlan', 'emergencyPlan']} onSubmit={(f) => void onSubmit(f)}>
        <CheckGroup
          name="sceneIds"
          legend="Scenes it covered"
          choices={scenes.map((s) => ({ value: s.id, label: `Scene ${s.number}`, sub: [s.hazards.map((h) => hazardLabels[h].toLowerCase()).join(', '), assessmentWords(s.riskAssessment, s.hazards)].filter(Boolean).join(' · ') }))}
          checked={(risky.length > 0 ? risky : scenes).map((s) => s.id)}
          error={problem?.fields.sceneIds}
        />
        <CheckGroup
          name="attendeeIds"
          legend="Who attended"
          hint="Tick everyone who stood in the meeting."
          choices={people.map((m) => ({ value: m.userId, label: m.name, sub: rostered.has(m.userId) ? dutiesOf(m.userId).join(', ') : rolesText(m.roles) }))}
          error={problem?.fields.attendeeIds}
        />
        <CheckGroup name="walkthrough" legend="Walk-through" choices={[{ value: 'yes', label: 'The action was walked through on the set' }]} checked={['yes']} error={problem?.fields.walkthrough} />
        <TextAreaField name="abortPlan" label="Abort plan" hint="How anyone calls off the action, and what happens then." rows={3} className="sched-prose" />
        <TextAreaField
          name="emergencyPlan"
          label="Emergency plan"
          hint={hospitals.length > 0 ? `Nearest hospital: ${hospitals.join('; ')}.` : 'The medic, the route to hospital, who calls.'}
          rows={3}
          className="sched-prose"
        />
        <div className="sched-row">
          <Field name="heldDate" label="Held on" type="date" defaultValue={localDate(now, zone)} hint="Now, unless it is recorded later" />
          <Field name="heldTime" label="At" type="time" defaultValue={localTime(now, zone)} hint={`Local time (${zone.replaceAll('_', ' ')})`} />
        </div>
        <SubmitButton busy={submit.busy}>Record the meeting</SubmitButton>
      </Form>
    </div>
  );
}

export function MeetingScreen({ productionId, dayId }: { productionId: string; dayId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const day = data.state === 'ready' ? data.data.schedule.shootDays.find((d) => d.id === dayId) : undefined;
  return (
    <Page title="Safety meeting" wide>
      {day && (
        <p className="lead">
          <Link href={dayPath(productionId, day.id)}>{dateWords(day.date)}</Link>
        </p>
      )}
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && !day && <p role="alert">This shoot day is not on the schedule.</p>}
      {data.state === 'ready' && day && (canRecordMeeting(roles) ? <MeetingForm productionId={productionId} data={data.data} day={day} /> : <p>The 1st AD, the safety advisor or the armorer records the safety meeting.</p>)}
    </Page>
  );
}
