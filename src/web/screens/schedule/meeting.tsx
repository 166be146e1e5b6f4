// "Mark meeting done" (F5), made for a phone on set: tick the scenes it
// covered and the people who stood in it, say whether the action was walked
// through and what the abort and emergency plans are; the time defaults to now.
import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, type Problem } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { intlLocale } from '../../i18n.js';
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
  const { t } = useTranslation();
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
    .map((l) =>
      l!.hospital!.driveMinutes !== undefined
        ? t('schedule.meeting.hospitalFrom', { name: l!.hospital!.name, address: l!.hospital!.address, count: l!.hospital!.driveMinutes, place: l!.name })
        : `${l!.hospital!.name}, ${l!.hospital!.address}`,
    );

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const heldDate = text(form, 'heldDate');
    const heldTime = text(form, 'heldTime');
    const invalid: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(heldDate)) invalid.heldDate = t('schedule.meeting.dateNeeded');
    if (!/^\d{2}:\d{2}$/.test(heldTime)) invalid.heldTime = t('schedule.meeting.timeNeeded');
    const body: MeetingBody = {
      shootDayId: day.id,
      sceneIds: checkedValues(form, 'sceneIds'),
      attendeeIds: checkedValues(form, 'attendeeIds'),
      heldAt: invalid.heldDate || invalid.heldTime ? '' : instantOf(heldDate, heldTime, zone).toISOString(),
      walkthrough: checkedValues(form, 'walkthrough').length > 0,
      abortPlan: text(form, 'abortPlan'),
      emergencyPlan: text(form, 'emergencyPlan'),
    };
    if (body.sceneIds.length === 0) invalid.sceneIds = t('schedule.meeting.scenesNeeded');
    if (body.attendeeIds.length === 0) invalid.attendeeIds = t('schedule.meeting.attendeesNeeded');
    if (!body.abortPlan) invalid.abortPlan = t('schedule.meeting.abortNeeded');
    if (!body.emergencyPlan) invalid.emergencyPlan = t('schedule.meeting.emergencyNeeded');
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: t('schedule.correctFields'), fields: invalid });
      return;
    }
    setTyped(null);
    const done = await submit.run(body);
    if (done) go(todayPath(productionId, day.date), t('schedule.meeting.recorded', { time: localTime(done.data.meeting.heldAt, zone), count: done.data.meeting.sceneIds.length, numbers: done.data.meeting.sceneIds.map((id) => data.sceneById(id)?.number).join(', ') }));
  }

  if (scenes.length === 0) {
    return (
      <p>
        <Trans i18nKey="schedule.meeting.noScenes" components={{ a: <Link href={dayPath(productionId, day.id)} /> }} />
      </p>
    );
  }
  return (
    <div ref={box} className="sched-form">
      <Form label={t('schedule.meeting.title')} problem={problem} fields={['sceneIds', 'attendeeIds', 'heldDate', 'heldTime', 'heldAt', 'walkthrough', 'abortPlan', 'emergencyPlan']} onSubmit={(f) => void onSubmit(f)}>
        <CheckGroup
          name="sceneIds"
          legend={t('schedule.meeting.scenes')}
          choices={scenes.map((s) => ({ value: s.id, label: t('schedule.sceneNumber', { number: s.number }), sub: [s.hazards.map((h) => hazardLabels[h].toLocaleLowerCase(intlLocale())).join(', '), assessmentWords(s.riskAssessment, s.hazards)].filter(Boolean).join(' · ') }))}
          checked={(risky.length > 0 ? risky : scenes).map((s) => s.id)}
          error={problem?.fields.sceneIds}
        />
        <CheckGroup
          name="attendeeIds"
          legend={t('schedule.meeting.attended')}
          hint={t('schedule.meeting.attendedHint')}
          choices={people.map((m) => ({ value: m.userId, label: m.name, sub: rostered.has(m.userId) ? dutiesOf(m.userId).join(', ') : rolesText(m.roles) }))}
          error={problem?.fields.attendeeIds}
        />
        <CheckGroup name="walkthrough" legend={t('schedule.meeting.walkthrough')} choices={[{ value: 'yes', label: t('schedule.meeting.walked') }]} checked={['yes']} error={problem?.fields.walkthrough} />
        <TextAreaField name="abortPlan" label={t('schedule.meeting.abortPlan')} hint={t('schedule.meeting.abortHint')} rows={3} className="sched-prose" />
        <TextAreaField
          name="emergencyPlan"
          label={t('schedule.meeting.emergencyPlan')}
          hint={hospitals.length > 0 ? t('schedule.meeting.nearestHospital', { hospitals: hospitals.join('; ') }) : t('schedule.meeting.emergencyHint')}
          rows={3}
          className="sched-prose"
        />
        <div className="sched-row">
          <Field name="heldDate" label={t('schedule.meeting.heldOn')} type="date" defaultValue={localDate(now, zone)} hint={t('schedule.meeting.heldOnHint')} />
          <Field name="heldTime" label={t('schedule.meeting.at')} type="time" defaultValue={localTime(now, zone)} hint={t('schedule.localTime', { zone: zone.replaceAll('_', ' ') })} />
        </div>
        <SubmitButton busy={submit.busy}>{t('schedule.meeting.record')}</SubmitButton>
      </Form>
    </div>
  );
}

export function MeetingScreen({ productionId, dayId }: { productionId: string; dayId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const day = data.state === 'ready' ? data.data.schedule.shootDays.find((d) => d.id === dayId) : undefined;
  return (
    <Page title={t('schedule.meeting.title')} wide>
      {day && (
        <p className="lead">
          <Link href={dayPath(productionId, day.id)}>{dateWords(day.date)}</Link>
        </p>
      )}
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && !day && <p role="alert">{t('schedule.day.notOnSchedule')}</p>}
      {data.state === 'ready' && day && (canRecordMeeting(roles) ? <MeetingForm productionId={productionId} data={data.data} day={day} /> : <p>{t('schedule.meeting.whoRecords')}</p>)}
    </Page>
  );
}
