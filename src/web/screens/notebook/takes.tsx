// Camera reports: a 2nd AC logs takes on a phone, fast. Each take keeps the
// setup's roll, scene, lens and camera settings, so the next one needs only
// what changed (a T-stop, a circle); a new setup starts from the last one's
// settings. A take goes through the outbox like any entry, with the moment it
// was logged, so the camera truck with no Wi-Fi loses nothing. Below, the
// day's takes by roll, and the CSV for post.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notebookFiles, type NewEntryBody, type NotebookEntry, type Problem } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { t } from '../../i18n.js';
import { useOutbox } from '../../outbox.js';
import { Link } from '../../router.js';
import { readJson, writeJson } from '../../storage.js';
import { localDate, useProblemInView } from '../schedule/shared.js';
import { readList, readNumber } from './kinds.js';
import { NotebookLoading, notebookPath, notebookTitle, useKept, useNotebookData, useOnDelivered, usePending, type NotebookData } from './shared.js';

/** The setup's fields as typed, all carried from take to take. */
const setupInputs = ['lens', 'focalLength', 'tStop', 'filters', 'shutter', 'frameRate', 'iso', 'whiteBalance', 'heightCm', 'tiltDeg', 'focusM'] as const;
type SetupInput = (typeof setupInputs)[number];

/** How each setup field is typed; its label is `notebook.setup.<name>` in the catalogue. */
const setupKeyboards: Partial<Record<SetupInput, 'decimal' | 'numeric'>> = {
  focalLength: 'decimal',
  tStop: 'decimal',
  frameRate: 'decimal',
  iso: 'numeric',
  whiteBalance: 'numeric',
  heightCm: 'decimal',
  tiltDeg: 'decimal',
  focusM: 'decimal',
};

/** The take being written, kept on the device so that a reload (or a dead battery swapped) carries on. */
interface Draft {
  roll: string;
  scene: string;
  take: string;
  camera: string;
  setup: Partial<Record<SetupInput, string>>;
  /** the setup's first take: its id once sent, or its key in the outbox until then */
  first: { scene: string; entryId?: string; key?: string } | null;
}

const emptyDraft: Draft = { roll: '', scene: '', take: '1', camera: '', setup: {}, first: null };
const draftKey = (notebookId: string) => `setbook.take.${notebookId}`;

/** The fields of a take as typed, read and checked; `invalid` says what to put right. */
function readTake(draft: Draft, form: FormData): { fields: Record<string, unknown>; invalid: Record<string, string> } {
  const invalid: Record<string, string> = {};
  const fields: Record<string, unknown> = {};
  if (!draft.roll.trim()) invalid.roll = t('notebook.takes.rollNeeded');
  else fields.roll = draft.roll.trim();
  if (!draft.scene.trim()) invalid.scene = t('notebook.takes.sceneNeeded');
  else fields.scene = draft.scene.trim();
  const take = Number(draft.take);
  if (!Number.isInteger(take) || take < 1 || take > 9999) invalid.take = t('notebook.takes.takeNeeded');
  else fields.take = take;
  const camera = draft.camera.trim().toUpperCase();
  if (camera && !/^[A-Z]$/.test(camera)) invalid.camera = t('notebook.takes.cameraNeeded');
  else if (camera) fields.camera = camera;
  if (form.get('circled') !== null) fields.circled = true;
  for (const name of setupInputs) {
    const typed = (draft.setup[name] ?? '').trim();
    if (!typed) continue;
    if (name === 'lens' || name === 'shutter') fields[name] = typed;
    else if (name === 'filters') fields.filters = readList(typed, /,/);
    else {
      const value = readNumber(typed);
      const whole = name === 'iso' || name === 'whiteBalance';
      if (value === undefined || (whole && !Number.isInteger(value))) invalid[name] = whole ? t('notebook.takes.wholeNeeded') : t('notebook.takes.numberNeeded');
      else fields[name] = value;
    }
  }
  return { fields, invalid };
}

function LogTake({ productionId, data }: { productionId: string; data: NotebookData }) {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const id = useId();
  const notebookId = data.notebook.id;
  const box = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<Draft>(() => ({ ...emptyDraft, ...readJson<Draft>(draftKey(notebookId)) }));
  const [notes, setNotes] = useState('');
  const [circled, setCircled] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  useProblemInView(box, problem);
  useEffect(() => writeJson(draftKey(notebookId), draft), [notebookId, draft]);

  const change = (patch: Partial<Draft>) => setDraft((was) => ({ ...was, ...patch }));
  const changeSetup = (name: SetupInput, value: string) => setDraft((was) => ({ ...was, setup: { ...was.setup, [name]: value } }));
  // The same scene continues the setup; another scene is a new one.
  const continuing = draft.first !== null && draft.first.scene === draft.scene.trim();

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    if (busy) return;
    const { fields, invalid } = readTake(draft, new FormData(form));
    if (Object.keys(invalid).length > 0) {
      setProblem({ status: 400, title: 'Invalid', detail: t('notebook.correctFields'), fields: invalid });
      return;
    }
    const first = continuing ? draft.first : null;
    if (first?.entryId) fields.setupId = first.entryId;
    const title = t('notebook.takes.entryTitle', { roll: String(fields.roll), scene: String(fields.scene), take: String(fields.take) });
    const writtenAt = new Date().toISOString();
    fields.shotAt = writtenAt;
    const body: NewEntryBody = { kind: 'camera_report', title, fields, ...(notes.trim() ? { body: notes.trim() } : {}) };
    setBusy(true);
    const { key, outcome } = outbox.submit({ kind: 'entry', productionId, notebookId, body, writtenAt, files: [], ...(first?.key && !first.entryId ? { setupOf: first.key } : {}) });
    const answer = await outcome;
    setBusy(false);
    if (answer.state === 'refused') {
      setProblem(answer.problem);
      return;
    }
    setProblem(null);
    const take = fields.take as number;
    const sent = answer.state === 'sent';
    setDraft((was) => ({
      ...was,
      take: String(take + 1),
      first: first ?? { scene: String(fields.scene), ...(sent && answer.entryId ? { entryId: answer.entryId } : { key }) },
    }));
    setNotes('');
    setCircled(false);
    setSaid(sent ? t('notebook.takes.logged', { take, next: take + 1 }) : t('notebook.takes.keptHere', { take, next: take + 1 }));
  }

  function newSetup(): void {
    change({ first: null, take: '1' });
    setSaid(t('notebook.takes.newSetupSaid'));
  }

  const number = (name: 'roll' | 'scene' | 'take' | 'camera', label: string, extra: Record<string, string> = {}) => (
    <Field name={name} label={label} value={draft[name]} onChange={(e) => change({ [name]: e.target.value })} autoComplete="off" autoCapitalize="characters" {...extra} />
  );

  return (
    <section className="panel nb-log" aria-labelledby={`${id}-log`}>
      <h2 id={`${id}-log`}>{t('notebook.takes.log')}</h2>
      <p className="hint">{continuing ? t('notebook.takes.sameSetup') : t('notebook.takes.firstTake')}</p>
      <div ref={box} className="nb-form">
        <Form label={t('notebook.takes.log')} problem={problem} fields={['roll', 'scene', 'take', 'camera', ...setupInputs]} onSubmit={(f) => void onSubmit(f)}>
          <div className="nb-take-row">
            {number('roll', t('notebook.camera.roll'))}
            {number('scene', t('notebook.camera.scene'))}
            {number('take', t('notebook.camera.take'), { inputMode: 'numeric' })}
          </div>
          <label className="choice">
            <input type="checkbox" name="circled" checked={circled} onChange={(e) => setCircled(e.target.checked)} />
            <span>{t('notebook.takes.circled')}</span>
          </label>
          <fieldset className="nb-setup">
            <legend>{continuing ? t('notebook.takes.setupCarried') : t('notebook.takes.setup')}</legend>
            <div className="nb-setup-grid">
              {setupInputs.map((name) => (
                <Field
                  key={name}
                  name={name}
                  label={t(`notebook.setup.${name}`)}
                  value={draft.setup[name] ?? ''}
                  onChange={(e) => changeSetup(name, e.target.value)}
                  autoComplete="off"
                  inputMode={setupKeyboards[name]}
                />
              ))}
              {number('camera', t('notebook.takes.cameraLetter'), { maxLength: '1' })}
            </div>
          </fieldset>
          <TextAreaField name="notes" label={t('notebook.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} className="nb-prose" />
          <div className="nb-log-buttons">
            <SubmitButton busy={busy}>{draft.take ? t('notebook.takes.logTake', { take: draft.take }) : t('notebook.takes.log')}</SubmitButton>
            <button type="button" className="button button--secondary" onClick={newSetup}>
              {t('notebook.takes.newSetup')}
            </button>
          </div>
        </Form>
      </div>
      <p className="status status--done" role="status">
        {said}
      </p>
    </section>
  );
}

type Take = { id: string; fields: Record<string, unknown>; body: string | null; at: string; waiting: boolean };

const num = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '');

function TakeTable({ takes }: { takes: readonly Take[] }) {
  const { t } = useTranslation();
  return (
    <div className="nb-table-box">
      <table className="nb-takes">
        <thead>
          <tr>
            <th scope="col">{t('notebook.camera.take')}</th>
            <th scope="col">{t('notebook.camera.lens')}</th>
            <th scope="col">{t('notebook.camera.camera')}</th>
            <th scope="col">{t('notebook.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {takes.map((take) => {
            const f = take.fields;
            return (
              <tr key={take.id} className={take.waiting ? 'nb-take--waiting' : undefined}>
                <th scope="row">
                  <span className="nb-take-id">
                    {num(f.scene)}/{num(f.take)}
                    {f.circled === true && (
                      <span className="nb-circled" aria-label={t('notebook.takes.circledMark')}>
                        {' ◯'}
                      </span>
                    )}
                  </span>
                  <span className="nb-take-sub">{t('notebook.line.roll', { roll: num(f.roll) })}</span>
                  {take.waiting && <span className="nb-badge nb-badge--waiting">{t('notebook.waiting.waiting')}</span>}
                </th>
                <td>
                  {[num(f.lens), f.focalLength !== undefined && `${num(f.focalLength)} mm`, f.tStop !== undefined && `T${num(f.tStop)}`].filter(Boolean).join(' · ')}
                  {Array.isArray(f.filters) && f.filters.length > 0 && <span className="nb-take-sub">{f.filters.join(', ')}</span>}
                </td>
                <td>
                  {[num(f.shutter), f.frameRate !== undefined && `${num(f.frameRate)} fps`, f.iso !== undefined && `ISO ${num(f.iso)}`, f.whiteBalance !== undefined && `${num(f.whiteBalance)} K`]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
                <td>{take.body}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Takes({ productionId, data }: { productionId: string; data: NotebookData }) {
  const { t } = useTranslation();
  const id = useId();
  const notebookId = data.notebook.id;
  const [kept, reload] = useKept(productionId, `${productionId}.takes.${notebookId}`, () => api.entries(productionId, notebookId, { kind: 'camera_report', limit: 200 }));
  useOnDelivered(productionId, notebookId, reload);
  const { waiting } = usePending(productionId, notebookId);
  const [day, setDay] = useState(() => localDate(new Date(), data.timezone));
  const [roll, setRoll] = useState('');

  const all = useMemo((): Take[] => {
    const sent = kept.state === 'ready' ? kept.data.entries : [];
    const fromServer = sent.map((e: NotebookEntry) => ({ id: e.id, fields: e.fields, body: e.body, at: typeof e.fields.shotAt === 'string' ? e.fields.shotAt : e.createdAt, waiting: false }));
    const onDevice = waiting
      .filter((w) => w.write.body.kind === 'camera_report')
      .map((w) => ({ id: w.key, fields: w.write.body.fields ?? {}, body: w.write.body.body ?? null, at: w.write.writtenAt, waiting: true }));
    return [...fromServer, ...onDevice].sort((a, b) => a.at.localeCompare(b.at));
  }, [kept, waiting]);
  const ofDay = all.filter((take) => localDate(new Date(take.at), data.timezone) === day);
  const rolls = [...new Set(ofDay.map((take) => num(take.fields.roll)))].sort();
  const shown = ofDay.filter((take) => !roll || num(take.fields.roll) === roll);

  return (
    <section aria-labelledby={`${id}-takes`}>
      <h2 id={`${id}-takes`}>{t('notebook.takes.takes')}</h2>
      <div className="nb-filters">
        <div className="field">
          <label htmlFor={`${id}-day`}>{t('notebook.takes.day')}</label>
          <input id={`${id}-day`} type="date" value={day} onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && setDay(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-roll`}>{t('notebook.camera.roll')}</label>
          <select id={`${id}-roll`} value={roll} onChange={(e) => setRoll(e.target.value)}>
            <option value="">{t('notebook.takes.allRolls')}</option>
            {roll && !rolls.includes(roll) && <option value={roll}>{roll}</option>}
            {rolls.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </div>
      {kept.state !== 'ready' && <NotebookLoading state={kept} retry={reload} />}
      <p className="nb-count" role="status">
        {kept.state === 'ready' && (shown.length === 0 ? t('notebook.takes.none') : t('notebook.takes.count', { count: shown.length }))}
      </p>
      {shown.length > 0 && <TakeTable takes={shown} />}
      <p>
        <a className="button button--secondary" href={notebookFiles.cameraReports(productionId, notebookId)} download>
          {t('notebook.takes.csv')}
        </a>
      </p>
      <p className="hint">{t('notebook.takes.csvHint')}</p>
    </section>
  );
}

export function TakesScreen({ productionId, notebookId }: { productionId: string; notebookId: string }) {
  const { t } = useTranslation();
  const [data, retry] = useNotebookData(productionId, notebookId);
  const ready = data.state === 'ready' && data.data.notebook.standing !== 'outside' ? data.data : null;
  return (
    <Page title={t('notebook.takes.title')} wide>
      <NotebookLoading state={data} retry={retry} />
      {ready && (
        <>
          <p className="nb-back">
            <Link href={notebookPath(productionId, notebookId)}>{notebookTitle(ready.notebook)}</Link>
          </p>
          <div className="nb-takes-page">
            <LogTake productionId={productionId} data={ready} />
            <Takes productionId={productionId} data={ready} />
          </div>
        </>
      )}
    </Page>
  );
}
