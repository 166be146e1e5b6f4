// A scene: its number, INT/EXT, time of day, pages, location, cast, hazards and
// method, and beside it the risk assessment (S5): a control for each hazard,
// who assessed it and when, and why it went stale when the scene changed.
import { useRef, useState } from 'react';
import { api, type Problem } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
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
  if (eighths === undefined) invalid.eighths = 'Write the length in eighths of a page, like 1 3/8, 4/8 or 2.';
  const number = text(form, 'number');
  const description = text(form, 'description');
  if (!number) invalid.number = 'Enter the scene number from the script.';
  if (!description) invalid.description = 'Say what happens in the scene.';
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
      setTyped({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: invalid });
      return;
    }
    setTyped(null);
    if (!scene) {
      const done = await create.run(body);
      if (done) go(scenePath(productionId, done.data.scene.id), `Scene ${done.data.scene.number} is on the schedule.`);
      return;
    }
    const done = await update.run(body);
    if (done) saved({ number: done.data.scene.number, stale: done.data.riskAssessment.status === 'stale' && scene.riskAssessment.status !== 'stale' ? (done.data.riskAssessment.staleBecause ?? 'the scene changed') : null });
  }

  return (
    <div ref={box} className="sched-form">
      <Form label={scene ? `Scene ${scene.number}` : 'New scene'} problem={problem} fields={sceneFields} onSubmit={(f) => void onSubmit(f)}>
        <div className="sched-row">
          <Field name="number" label="Scene number" defaultValue={scene?.number} autoComplete="off" hint="As in the script, like 27 or 42A." />
          <Field name="eighths" label="Pages" defaultValue={scene ? pagesText(scene.eighths) : ''} autoComplete="off" hint="In eighths: 1 3/8, 4/8 or 2." />
        </div>
        <TextAreaField name="description" label="What happens" defaultValue={scene?.description} rows={2} className="sched-prose" />
        <TileGroup name="intExt" legend="INT or EXT" choices={intExtChoices.map((v) => ({ value: v, label: v }))} chosen={scene?.intExt ?? null} error={problem?.fields.intExt} />
        <TileGroup
          name="timeOfDay"
          legend="Time of day"
          choices={(Object.keys(timeOfDayLabels) as TimeOfDay[]).map((v) => ({ value: v, label: timeOfDayLabels[v] }))}
          chosen={scene?.timeOfDay ?? null}
          error={problem?.fields.timeOfDay}
        />
        <SelectField name="locationId" label="Location" defaultValue={scene?.locationId ?? ''}>
          <option value="">Not decided yet</option>
          {data.schedule.locations.map((place) => (
            <option key={place.id} value={place.id}>
              {place.name}
            </option>
          ))}
        </SelectField>
        <CheckGroup
          name="hazards"
          legend="Hazards"
          compact
          hint="Firearms and blanks bring in the armorer and the safety meeting. A change of hazards makes the risk assessment stale (S5)."
          choices={hazards.map((h) => ({ value: h, label: hazardLabels[h] }))}
          checked={scene?.hazards}
          error={problem?.fields.hazards}
        />
        <CheckGroup
          name="aimedAtPerson"
          legend="Method"
          choices={[{ value: 'yes', label: 'A shot is aimed toward a person or the camera', sub: '(needs an F10 consultation)' }]}
          checked={scene?.aimedAtPerson ? ['yes'] : []}
          error={problem?.fields.aimedAtPerson}
        />
        {performers.length > 0 ? (
          <CheckGroup name="castIds" legend="Cast" choices={performers.map((m) => ({ value: m.userId, label: m.name }))} checked={scene?.castIds} error={problem?.fields.castIds} />
        ) : (
          <p className="hint">Cast: nobody on the production holds the performer role yet.</p>
        )}
        <SubmitButton busy={submit.busy}>{scene ? 'Save scene' : 'Add scene'}</SubmitButton>
      </Form>
    </div>
  );
}

type AssessBody = Parameters<typeof api.assessScene>[2];

/** S5: the assessor ticks the hazards as they find them and writes a control for each. */
function AssessForm({ productionId, answer, done }: { productionId: string; answer: SceneAnswer; done: () => void }) {
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
      if (b.hazards.length === 0) invalid.hazards = 'Tick the hazards you assessed.';
      for (const control of b.controls) if (!control.control) invalid[`control-${control.hazard}`] = `Say how ${hazardLabels[control.hazard].toLowerCase()} is controlled.`;
      return invalid;
    });
    if (result) done();
  }

  return (
    <div ref={box} className="sched-form">
      <Form label="Record a risk assessment" problem={submit.problem} fields={['hazards', 'notes', ...hazards.map((h) => `control-${h}`)]} onSubmit={(f) => void onSubmit(f)}>
        <CheckGroup
          name="hazards"
          legend="Hazards assessed"
          compact
          choices={hazards.map((h) => ({ value: h, label: hazardLabels[h] }))}
          checked={scene.hazards}
          error={submit.problem?.fields.hazards ?? submit.problem?.fields.controls}
          onChange={setAssessed}
        />
        {hazards
          .filter((h) => assessed.includes(h))
          .map((hazard) => (
            <TextAreaField key={hazard} name={`control-${hazard}`} label={`Control for ${hazardLabels[hazard].toLowerCase()}`} defaultValue={before(hazard)} rows={3} className="sched-prose" />
          ))}
        <TextAreaField name="notes" label="Notes (optional)" defaultValue={assessment?.notes ?? ''} rows={2} className="sched-prose" />
        <SubmitButton busy={submit.busy}>Record risk assessment</SubmitButton>
      </Form>
    </div>
  );
}

function Assessment({ productionId, answer, data, canRecord, reload }: { productionId: string; answer: SceneAnswer; data: ScheduleData; canRecord: boolean; reload: () => void }) {
  const [message, setMessage] = useState('');
  const { scene, riskAssessment, assessment } = answer;
  const status = riskAssessment.status;
  const at = assessment ? new Date(assessment.assessedAt) : null;
  return (
    <section className={`panel sched-assessment sched-assessment--${status}`} aria-labelledby="assessment-heading">
      <h2 id="assessment-heading">Risk assessment</h2>
      <p className="sched-assessment-status">
        {status === 'current' && 'Current.'}
        {status === 'missing' && (scene.hazards.length > 0 ? 'Missing: this scene has hazards and no risk assessment yet.' : 'No hazards: no assessment needed.')}
        {status === 'stale' && <AssessmentMarker assessment={riskAssessment} hazards={scene.hazards} reason />}
      </p>
      {status === 'stale' && <p>Review it before the scene is shot (S5).</p>}
      {assessment && at && (
        <>
          <p className="hint">
            {status === 'stale' ? 'Last assessed' : 'Assessed'} by {data.nameOf(assessment.assessedBy)} on {dateWords(localDate(at, data.timezone))} at {localTime(at, data.timezone)}.
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
                <dt>Notes</dt>
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
          <h3>{assessment ? 'Review it' : 'Assess it'}</h3>
          <AssessForm
            key={assessment?.id ?? 'none'}
            productionId={productionId}
            answer={answer}
            done={() => {
              setMessage(`Risk assessment recorded: scene ${scene.number} is current.`);
              reload();
            }}
          />
        </>
      ) : (
        <p className="hint">The safety advisor or the 1st AD records the risk assessment.</p>
      )}
    </section>
  );
}

function SceneFacts({ scene, data }: { scene: ScheduleScene; data: ScheduleData }) {
  const place = data.schedule.locations.find((l) => l.id === scene.locationId);
  return (
    <section className="panel" aria-labelledby="scene-facts">
      <h2 id="scene-facts">The scene</h2>
      <Facts
        items={[
          ['What happens', scene.description],
          ['Set-up', sceneSlug(scene)],
          ['Location', place?.name],
          ['Cast', scene.castIds.map(data.nameOf).join(', ')],
          ['Hazards', <HazardList hazards={scene.hazards} aimedAtPerson={scene.aimedAtPerson} />],
        ]}
      />
    </section>
  );
}

export function NewSceneScreen({ productionId }: { productionId: string }) {
  const [data, reload] = useScheduleData(productionId);
  return (
    <Page title="New scene" wide>
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
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reloadData] = useScheduleData(productionId);
  const [answer, reloadScene] = useResource(`${productionId}/scene/${sceneId}`, () => api.scene(productionId, sceneId));
  const [stale, setStale] = useState<{ text: string; round: number }>({ text: '', round: 0 });
  const [saved, setSaved] = useState('');
  const scene = data.state === 'ready' ? data.data.sceneById(sceneId) : undefined;
  const title = answer.state === 'ready' ? `Scene ${answer.data.scene.number}` : 'Scene';

  return (
    <Page title={title} wide>
      <Loading resource={answer.state === 'ready' ? data : answer} retry={answer.state === 'ready' ? reloadData : reloadScene} />
      {answer.state === 'ready' && data.state === 'ready' && (
        <>
          <p className="lead sched-lead">
            {sceneSlug(answer.data.scene) || 'INT/EXT, time of day and pages not set'}{' '}
            <AssessmentMarker assessment={answer.data.riskAssessment} hazards={answer.data.scene.hazards} showCurrent />
          </p>
          <a className="sched-to-assessment" href="#assessment-heading">
            Go to the risk assessment
          </a>
          <AlertPanel title="S5: the risk assessment is now stale" alerts={stale.text ? [{ rule: 'S5', text: stale.text }] : []} round={stale.round} />
          <p className="status status--done" role="status">
            {saved}
          </p>
          <div className="sched-split">
            <div>
              {canPlan(roles) && scene ? (
                <section aria-labelledby="scene-edit">
                  <h2 id="scene-edit">The scene</h2>
                  <SceneForm
                    productionId={productionId}
                    data={data.data}
                    scene={scene}
                    saved={({ number, stale: because }) => {
                      setSaved(`Scene ${number} saved.`);
                      if (because) setStale((s) => ({ text: `Scene ${number}: ${because}. Review the risk assessment before the scene is shot; the safety advisor and the 1st AD have been told.`, round: s.round + 1 }));
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
