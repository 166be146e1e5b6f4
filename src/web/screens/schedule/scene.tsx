// A scene: its number, INT/EXT, time of day, pages, location, cast, hazards and
// method, and beside it the risk assessment (S5): a control for each hazard,
// who assessed it and when, and why it went stale when the scene changed.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Problem } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { intlLocale, t } from '../../i18n.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import {
  AlertPanel,
  AssessmentMarker,
  canAssess,
  canPlan,
  CheckGroup,
  checkedValues,
  dateWords,
  Facts,
  HazardList,
  hazardLabels,
  hazards,
  intExtChoices,
  Loading,
  localDate,
  localTime,
  pagesText,
  parsePages,
  scenePath,
  sceneSlug,
  TileGroup,
  timeOfDayLabels,
  useProblemInView,
  useScheduleData,
  type Hazard,
  type IntExt,
  type ScheduleData,
  type ScheduleScene,
  type TimeOfDay,
} from './shared.js';

type SceneBody = Parameters<typeof api.createScene>[1];
type SceneAnswer = Extract<Awaited<ReturnType<typeof api.scene>>, { ok: true }>['data'];

const sceneFields = ['number', 'description', 'intExt', 'timeOfDay', 'eighths', 'locationId', 'castIds', 'hazards', 'aimedAtPerson'] as const;

function readScene(form: HTMLFormElement): { body: SceneBody; invalid: Record<string, string> } {
  const invalid: Record<string, string> = {};
  const eighths = parsePages(text(form, 'eighths'));
  if (eighths === undefined) invalid.eighths = t('schedule.scene.eighthsNeeded');
  const number = text(form, 'number');
  const description = text(form, 'description');
  if (!number) invalid.number = t('schedule.scene.numberNeeded');
  if (!description) invalid.description = t('schedule.scene.descriptionNeeded');
  const intExt = text(form, 'intExt');
  const timeOfDay = text(form, 'timeOfDay');
  const body: SceneBody = {
    number,
    description,
    hazards: checkedValues(form, 'hazards') as Hazard[],
    aimedAtPerson: checkedValues(form, 'aimedAtPerson').length > 0,
    intExt: intExt ? (intExt as IntExt) : null,
    timeOfDay: timeOfDay ? (timeOfDay as TimeOfDay) : null,
    locationId: text(form, 'locationId') || null,
    eighths: eighths ?? null,
    castIds: checkedValues(form, 'castIds'),
  };
  return { body, invalid };
}

function SceneForm({ productionId, data, scene, saved }: { productionId: string; data: ScheduleData; scene: ScheduleScene | null; saved: (answer: { number: string; stale: string | null }) => void }) {
  const { t } = useTranslation();
  const { go } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const create = useSubmit((body: SceneBody, options) => api.createScene(productionId, body, options));
  const update = useSubmit((body: SceneBody, options) => api.updateScene(productionId, scene?.id ?? '', body, options));
  const submit = scene ? update : create;
  const [typed, setTyped] = useState<Problem | null>(null);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);
  const performers = data.members.filter((m) => m.roles.includes('performer') || scene?.castIds.includes(m.userId));

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const { body, invalid } = readScene(form);
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: t('schedule.correctFields'), fields: invalid });
      return;
    }
    setTyped(null);
    if (!scene) {
      const done = await create.run(body);
      if (done) go(scenePath(productionId, done.data.scene.id), t('schedule.scene.created', { number: done.data.scene.number }));
      return;
    }
    const done = await update.run(body);
    if (done) saved({ number: done.data.scene.number, stale: done.data.riskAssessment.status === 'stale' && scene.riskAssessment.status !== 'stale' ? (done.data.riskAssessment.staleBecause ?? t('schedule.scene.changed')) : null });
  }

  return (
    <div ref={box} className="sched-form">
      <Form label={scene ? t('schedule.sceneNumber', { number: scene.number }) : t('schedule.scene.new')} problem={problem} fields={sceneFields} onSubmit={(f) => void onSubmit(f)}>
        <div className="sched-row">
          <Field name="number" label={t('schedule.scene.number')} defaultValue={scene?.number} autoComplete="off" hint={t('schedule.scene.numberHint')} />
          <Field name="eighths" label={t('schedule.scene.pages')} defaultValue={scene ? pagesText(scene.eighths) : ''} autoComplete="off" hint={t('schedule.scene.pagesHint')} />
        </div>
        <TextAreaField name="description" label={t('schedule.scene.whatHappens')} defaultValue={scene?.description} rows={2} className="sched-prose" />
        <TileGroup name="intExt" legend={t('schedule.scene.intExt')} choices={intExtChoices.map((v) => ({ value: v, label: v }))} chosen={scene?.intExt ?? null} error={problem?.fields.intExt} />
        <TileGroup
          name="timeOfDay"
          legend={t('schedule.scene.timeOfDay')}
          choices={(Object.keys(timeOfDayLabels) as TimeOfDay[]).map((v) => ({ value: v, label: timeOfDayLabels[v] }))}
          chosen={scene?.timeOfDay ?? null}
          error={problem?.fields.timeOfDay}
        />
        <SelectField name="locationId" label={t('schedule.scene.location')} defaultValue={scene?.locationId ?? ''}>
          <option value="">{t('schedule.scene.notDecided')}</option>
          {data.schedule.locations.map((place) => (
            <option key={place.id} value={place.id}>
              {place.name}
            </option>
          ))}
        </SelectField>
        <CheckGroup
          name="hazards"
          legend={t('schedule.hazards')}
          compact
          hint={t('schedule.scene.hazardsHint')}
          choices={hazards.map((h) => ({ value: h, label: hazardLabels[h] }))}
          checked={scene?.hazards}
          error={problem?.fields.hazards}
        />
        <CheckGroup
          name="aimedAtPerson"
          legend={t('schedule.scene.method')}
          choices={[{ value: 'yes', label: t('schedule.scene.aimed'), sub: t('schedule.scene.aimedSub') }]}
          checked={scene?.aimedAtPerson ? ['yes'] : []}
          error={problem?.fields.aimedAtPerson}
        />
        {performers.length > 0 ? (
          <CheckGroup name="castIds" legend={t('schedule.scene.cast')} choices={performers.map((m) => ({ value: m.userId, label: m.name }))} checked={scene?.castIds} error={problem?.fields.castIds} />
        ) : (
          <p className="hint">{t('schedule.scene.noCast')}</p>
        )}
        <SubmitButton busy={submit.busy}>{scene ? t('schedule.scene.save') : t('schedule.scene.add')}</SubmitButton>
      </Form>
    </div>
  );
}

type AssessBody = Parameters<typeof api.assessScene>[2];

/** S5: the assessor ticks the hazards as they find them and writes a control for each. */
function AssessForm({ productionId, answer, done }: { productionId: string; answer: SceneAnswer; done: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const { scene, assessment } = answer;
  const [assessed, setAssessed] = useState<string[]>(scene.hazards);
  const submit = useSubmit((body: AssessBody, options) => api.assessScene(productionId, scene.id, body, options));
  useProblemInView(box, submit.problem);
  const before = (hazard: string) => assessment?.controls.find((c) => c.hazard === hazard)?.control ?? '';

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const chosen = checkedValues(form, 'hazards') as Hazard[];
    const body: AssessBody = { hazards: chosen, controls: chosen.map((hazard) => ({ hazard, control: text(form, `control-${hazard}`) })) };
    const notes = text(form, 'notes');
    if (notes) body.notes = notes;
    const result = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (b.hazards.length === 0) invalid.hazards = t('schedule.scene.assessedNeeded');
      for (const control of b.controls) if (!control.control) invalid[`control-${control.hazard}`] = t('schedule.scene.controlNeeded', { hazard: hazardLabels[control.hazard].toLocaleLowerCase(intlLocale()) });
      return invalid;
    });
    if (result) done();
  }

  return (
    <div ref={box} className="sched-form">
      <Form label={t('schedule.scene.recordAssessment')} problem={submit.problem} fields={['hazards', 'notes', ...hazards.map((h) => `control-${h}`)]} onSubmit={(f) => void onSubmit(f)}>
        <CheckGroup
          name="hazards"
          legend={t('schedule.scene.hazardsAssessed')}
          compact
          choices={hazards.map((h) => ({ value: h, label: hazardLabels[h] }))}
          checked={scene.hazards}
          error={submit.problem?.fields.hazards ?? submit.problem?.fields.controls}
          onChange={setAssessed}
        />
        {hazards
          .filter((h) => assessed.includes(h))
          .map((hazard) => (
            <TextAreaField key={hazard} name={`control-${hazard}`} label={t('schedule.scene.controlFor', { hazard: hazardLabels[hazard].toLocaleLowerCase(intlLocale()) })} defaultValue={before(hazard)} rows={3} className="sched-prose" />
          ))}
        <TextAreaField name="notes" label={t('schedule.notesOptional')} defaultValue={assessment?.notes ?? ''} rows={2} className="sched-prose" />
        <SubmitButton busy={submit.busy}>{t('schedule.scene.recordRa')}</SubmitButton>
      </Form>
    </div>
  );
}

function Assessment({ productionId, answer, data, canRecord, reload }: { productionId: string; answer: SceneAnswer; data: ScheduleData; canRecord: boolean; reload: () => void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const { scene, riskAssessment, assessment } = answer;
  const status = riskAssessment.status;
  const at = assessment ? new Date(assessment.assessedAt) : null;
  return (
    <section className={`panel sched-assessment sched-assessment--${status}`} aria-labelledby="assessment-heading">
      <h2 id="assessment-heading">{t('schedule.scene.ra')}</h2>
      <p className="sched-assessment-status">
        {status === 'current' && t('schedule.scene.raCurrent')}
        {status === 'missing' && (scene.hazards.length > 0 ? t('schedule.scene.raMissing') : t('schedule.scene.raNone'))}
        {status === 'stale' && <AssessmentMarker assessment={riskAssessment} hazards={scene.hazards} reason />}
      </p>
      {status === 'stale' && <p>{t('schedule.scene.raReview')}</p>}
      {assessment && at && (
        <>
          <p className="hint">
            {t(status === 'stale' ? 'schedule.scene.lastAssessedBy' : 'schedule.scene.assessedBy', { name: data.nameOf(assessment.assessedBy), date: dateWords(localDate(at, data.timezone)), time: localTime(at, data.timezone) })}
          </p>
          <dl className="facts facts--stacked">
            {assessment.controls.map((c) => (
              <div key={c.hazard}>
                <dt>{hazardLabels[c.hazard]}</dt>
                <dd className="prose-text">{c.control}</dd>
              </div>
            ))}
            {assessment.notes && (
              <div>
                <dt>{t('schedule.place.notes')}</dt>
                <dd className="prose-text">{assessment.notes}</dd>
              </div>
            )}
          </dl>
        </>
      )}
      <p className="status status--done" role="status">
        {message}
      </p>
      {canRecord ? (
        <>
          <h3>{assessment ? t('schedule.scene.reviewIt') : t('schedule.scene.assessIt')}</h3>
          <AssessForm
            key={assessment?.id ?? 'none'}
            productionId={productionId}
            answer={answer}
            done={() => {
              setMessage(t('schedule.scene.raRecorded', { number: scene.number }));
              reload();
            }}
          />
        </>
      ) : (
        <p className="hint">{t('schedule.scene.whoAssesses')}</p>
      )}
    </section>
  );
}

function SceneFacts({ scene, data }: { scene: ScheduleScene; data: ScheduleData }) {
  const { t } = useTranslation();
  const place = data.schedule.locations.find((l) => l.id === scene.locationId);
  return (
    <section className="panel" aria-labelledby="scene-facts">
      <h2 id="scene-facts">{t('schedule.scene.theScene')}</h2>
      <Facts
        items={[
          [t('schedule.scene.whatHappens'), scene.description],
          [t('schedule.scene.setUp'), sceneSlug(scene)],
          [t('schedule.scene.location'), place?.name],
          [t('schedule.scene.cast'), scene.castIds.map(data.nameOf).join(', ')],
          [t('schedule.hazards'), <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />],
        ]}
      />
    </section>
  );
}

export function NewSceneScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const [data, reload] = useScheduleData(productionId);
  return (
    <Page title={t('schedule.scene.new')} wide>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && (
        <div className="sched-narrow">
          <SceneForm productionId={productionId} data={data.data} scene={null} saved={() => undefined} />
        </div>
      )}
    </Page>
  );
}

export function SceneScreen({ productionId, sceneId }: { productionId: string; sceneId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reloadData] = useScheduleData(productionId);
  const [answer, reloadScene] = useResource(`${productionId}/scene/${sceneId}`, () => api.scene(productionId, sceneId));
  const [stale, setStale] = useState<{ text: string; round: number }>({ text: '', round: 0 });
  const [saved, setSaved] = useState('');
  const scene = data.state === 'ready' ? data.data.sceneById(sceneId) : undefined;
  const title = answer.state === 'ready' ? t('schedule.sceneNumber', { number: answer.data.scene.number }) : t('schedule.scene.title');

  return (
    <Page title={title} wide>
      <Loading resource={answer.state === 'ready' ? data : answer} retry={answer.state === 'ready' ? reloadData : reloadScene} />
      {answer.state === 'ready' && data.state === 'ready' && (
        <>
          <p className="lead sched-lead">
            {sceneSlug(answer.data.scene) || t('schedule.scene.slugNotSet')}{' '}
            <AssessmentMarker assessment={answer.data.riskAssessment} hazards={answer.data.scene.hazards} showCurrent />
          </p>
          <a className="sched-to-assessment" href="#assessment-heading">
            {t('schedule.scene.goToRa')}
          </a>
          <AlertPanel title={t('schedule.scene.staleTitle')} alerts={stale.text ? [{ rule: 'S5', text: stale.text }] : []} round={stale.round} />
          <p className="status status--done" role="status">
            {saved}
          </p>
          <div className="sched-split">
            <div>
              {canPlan(roles) && scene ? (
                <section aria-labelledby="scene-edit">
                  <h2 id="scene-edit">{t('schedule.scene.theScene')}</h2>
                  <SceneForm
                    productionId={productionId}
                    data={data.data}
                    scene={scene}
                    saved={({ number, stale: because }) => {
                      setSaved(t('schedule.scene.saved', { number }));
                      if (because) setStale((s) => ({ text: t('schedule.scene.nowStale', { number, reason: because }), round: s.round + 1 }));
                      reloadData();
                      reloadScene();
                    }}
                  />
                </section>
              ) : (
                <SceneFacts scene={scene ?? { ...answer.data.scene, riskAssessment: answer.data.riskAssessment, consultation: answer.data.consultation }} data={data.data} />
              )}
            </div>
            <Assessment productionId={productionId} answer={answer.data} data={data.data} canRecord={canAssess(roles)} reload={reloadScene} />
          </div>
        </>
      )}
    </Page>
  );
}
