// Writing a notebook entry: first its kind, then the kind's fields, notes,
// tags, links to other entries, who reads it (the head chooses) and photos or
// PDFs (a phone opens its camera). A new entry goes through the outbox like a
// STOP: kept on the device with its key before anything is sent, so with no
// network it waits, says so, and goes when the laptop is reachable.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type NewEntryBody, type NotebookEntry, type Problem } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { keepFile } from '../../files.js';
import { intlLocale, t } from '../../i18n.js';
import { useOutbox } from '../../outbox.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { lightApi, type DayLight } from '../light/light-api.js';
import { CheckGroup, localDate, localTime, useProblemInView } from '../schedule/shared.js';
import { ENTRY_KINDS, kindFields, kindHints, kindLabels, readFields, titleField, typedValue, type EntryKind, type FieldSpec } from './kinds.js';
import { entryPath, newEntryPath, NotebookLoading, notebookPath, notebookTitle, takesPath, useEntryIndex, useNotebookData, type NotebookData } from './shared.js';

/** The targets at a location with today's windows; none where the server has no light to give. */
export function useLightTargets(productionId: string, locationId: string, timezone: string): DayLight['targets'] {
  const [light, setLight] = useState<{ locationId: string; targets: DayLight['targets'] } | null>(null);
  useEffect(() => {
    if (!locationId) return;
    let live = true;
    const date = localDate(new Date(), timezone);
    void lightApi.day(productionId, locationId, date).then((result) => {
      if (live) setLight({ locationId, targets: result.ok ? result.data.targets : [] });
    });
    return () => {
      live = false;
    };
  }, [productionId, locationId, timezone]);
  return light?.locationId === locationId ? light.targets : [];
}

/** "06:12–06:48, 18:02–18:40" on the set's clock, or that the sun does not reach it that day. */
export function windowsText(windows: ReadonlyArray<{ start: string; end: string }>, timezone: string): string {
  if (windows.length === 0) return t('notebook.noWindow');
  return windows.map((w) => `${localTime(w.start, timezone)}–${localTime(w.end, timezone)}`).join(', ');
}

/** A photo or PDF chosen for an entry, with what the form shows of it. */
export interface Chosen {
  file: File;
  /** a data: URL for a photo (the server's CSP allows no blob: images) */
  preview: string | null;
}

function readPreview(file: File): Promise<string | null> {
  if (!file.type.startsWith('image/')) return Promise.resolve(null);
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : null);
    reader.onerror = () => resolve(null);
    reader.readAsDataURL(file);
  });
}

/** Two ways to add files: the camera, straight away, or photos and PDFs already on the device. */
export function FilePicker({ chosen, setChosen }: { chosen: readonly Chosen[]; setChosen: (next: Chosen[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  async function add(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    const added = await Promise.all(files.map(async (file) => ({ file, preview: await readPreview(file) })));
    setChosen([...chosen, ...added]);
  }
  return (
    <fieldset className="nb-files">
      <legend>{t('notebook.attach.legend')}</legend>
      <div className="nb-file-buttons">
        <label className="button button--secondary nb-file-button" htmlFor={`${id}-camera`}>
          {t('notebook.attach.takePhoto')}
        </label>
        <input id={`${id}-camera`} className="nb-file-input" type="file" accept="image/*" capture="environment" onChange={(e) => void add(e)} />
        <label className="button button--secondary nb-file-button" htmlFor={`${id}-pick`}>
          {t('notebook.attach.add')}
        </label>
        <input id={`${id}-pick`} className="nb-file-input" type="file" accept="image/*,application/pdf" multiple onChange={(e) => void add(e)} />
      </div>
      {chosen.length > 0 && (
        <ul className="nb-chosen" aria-label={t('notebook.attach.chosen')}>
          {chosen.map((c, i) => (
            <li key={i}>
              {c.preview ? <img src={c.preview} alt="" width="64" height="64" /> : <span className="nb-pdf" aria-hidden="true">{t('notebook.attach.pdf')}</span>}
              <span className="nb-chosen-name">{c.file.name || t('notebook.attach.photo')}</span>
              <button
                type="button"
                className="button button--secondary nb-small"
                aria-label={c.file.name ? t('notebook.attach.removeNamed', { name: c.file.name }) : t('notebook.attach.removePhoto')}
                onClick={() => setChosen(chosen.filter((_, k) => k !== i))}
              >
                {t('notebook.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Other entries this one points at: chosen one by one from the notebook, shown as a list to take them off again. */
function LinkPicker({ entries, links, setLinks }: { entries: ReadonlyArray<Pick<NotebookEntry, 'id' | 'title' | 'kind'>>; links: readonly string[]; setLinks: (next: string[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [pick, setPick] = useState('');
  const titleOf = (eid: string) => entries.find((e) => e.id === eid)?.title ?? t('notebook.unseenEntry');
  const offered = entries.filter((e) => !links.includes(e.id));
  return (
    <fieldset className="nb-links">
      <legend>{t('notebook.linked')}</legend>
      {links.length > 0 && (
        <ul className="nb-linked">
          {links.map((eid) => (
            <li key={eid}>
              <span>{titleOf(eid)}</span>
              <button type="button" className="button button--secondary nb-small" aria-label={t('notebook.form.unlinkNamed', { title: titleOf(eid) })} onClick={() => setLinks(links.filter((l) => l !== eid))}>
                {t('notebook.form.unlink')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {offered.length > 0 ? (
        <div className="nb-link-add">
          <div className="field">
            <label htmlFor={`${id}-link`}>{t('notebook.form.linkTo')}</label>
            <select id={`${id}-link`} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">{t('notebook.form.chooseEntry')}</option>
              {offered.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.title} ({kindLabels[e.kind]})
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              if (pick) setLinks([...links, pick]);
              setPick('');
            }}
          >
            {t('notebook.form.link')}
          </button>
        </div>
      ) : (
        links.length === 0 && <p className="hint">{t('notebook.form.noLinks')}</p>
      )}
    </fieldset>
  );
}

interface KindFieldsProps {
  productionId: string;
  kind: EntryKind;
  data: NotebookData;
  vendors: ReadonlyArray<Pick<NotebookEntry, 'id' | 'title'>>;
  fields: Record<string, unknown>;
  problem: Problem | null;
}

/** The kind's own fields, each with its label, hint and input. */
function KindFields({ productionId, kind, data, vendors, fields, problem }: KindFieldsProps) {
  const { t } = useTranslation();
  const [locationId, setLocationId] = useState(typeof fields.locationId === 'string' ? fields.locationId : '');
  const targets = useLightTargets(productionId, locationId, data.timezone);
  const field = (spec: FieldSpec) => {
    const value = fields[spec.name];
    switch (spec.input) {
      case 'long':
      case 'lines':
        return <TextAreaField key={spec.name} name={spec.name} label={spec.label} hint={spec.hint} defaultValue={typedValue(spec, value)} rows={3} className="nb-prose" />;
      case 'yes':
        return (
          <label key={spec.name} className="choice nb-done">
            <input type="checkbox" name={spec.name} defaultChecked={value === true} />
            <span>{spec.label}</span>
          </label>
        );
      case 'vendor':
        return (
          <SelectField key={spec.name} name={spec.name} label={spec.label} defaultValue={typeof value === 'string' ? value : ''} hint={vendors.length === 0 ? t('notebook.form.noVendors') : undefined}>
            <option value="">{t('notebook.form.none')}</option>
            {vendors.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title}
              </option>
            ))}
          </SelectField>
        );
      case 'scenes':
        return data.scenes.length === 0 ? (
          <p key={spec.name} className="hint">
            {t('notebook.form.noScenes')}
          </p>
        ) : (
          <CheckGroup
            key={spec.name}
            name={spec.name}
            legend={spec.label}
            compact
            choices={data.scenes.map((s) => ({ value: s.id, label: t('notebook.sceneNumber', { number: s.number }) }))}
            checked={Array.isArray(value) ? (value as string[]) : []}
            error={problem?.fields[spec.name]}
          />
        );
      case 'location':
        return (
          <SelectField key={spec.name} name={spec.name} label={spec.label} value={locationId} onChange={(e) => setLocationId(e.target.value)}>
            <option value="">{t('notebook.form.none')}</option>
            {data.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
        );
      case 'target':
        return locationId && targets.length > 0 ? (
          <SelectField key={`${spec.name}-${locationId}`} name={spec.name} label={spec.label} defaultValue={typeof value === 'string' ? value : ''} hint={t('notebook.form.targetHint')}>
            <option value="">{t('notebook.form.none')}</option>
            {targets.map((target) => (
              <option key={target.id} value={target.id}>
                {target.name}: {windowsText(target.windows, data.timezone)}
              </option>
            ))}
          </SelectField>
        ) : null;
      default:
        return (
          <Field
            key={spec.name}
            name={spec.name}
            label={spec.label}
            hint={spec.hint}
            defaultValue={typedValue(spec, value)}
            autoComplete="off"
            inputMode={spec.input === 'number' ? 'decimal' : undefined}
            autoCapitalize={spec.input === 'currency' ? 'characters' : undefined}
            maxLength={spec.input === 'currency' ? 3 : undefined}
          />
        );
    }
  };
  return <>{kindFields[kind].map(field)}</>;
}

/** What the form holds besides the kind's fields. */
export interface EntryDraft {
  title: string;
  body: string | null;
  tags: string[];
  links: string[];
  visibility: 'department' | 'head';
  fields: Record<string, unknown>;
}

export function readTags(typed: string): string[] {
  return [...new Set(typed.split(/[\s,]+/).filter(Boolean))];
}

/** Reads the form into a draft, and names what must be put right before it is sent. */
export function readDraft(kind: EntryKind, form: HTMLFormElement, head: boolean, links: string[]): { draft: EntryDraft; invalid: Record<string, string> } {
  const data = new FormData(form);
  const typed = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const { fields, invalid } = readFields(kind, data);
  const named = titleField[kind];
  const title = typed('title') || (named && typeof fields[named] === 'string' ? (fields[named] as string) : '');
  if (!title && !named) invalid.title = t('notebook.form.titleNeeded');
  const tags = readTags(typed('tags'));
  if (tags.some((tag) => tag.length > 40)) invalid.tags = t('notebook.form.tagsTooLong');
  const visibility = head && typed('visibility') === 'head' ? 'head' : head ? 'department' : kind === 'person' ? 'head' : 'department';
  return { draft: { title, body: typed('body') || null, tags, links, visibility, fields }, invalid };
}

interface EntryFieldsProps {
  productionId: string;
  kind: EntryKind;
  data: NotebookData;
  entries: readonly NotebookEntry[];
  entry?: NotebookEntry;
  problem: Problem | null;
  links: string[];
  setLinks: (links: string[]) => void;
}

/** Every input of an entry of this kind, filled with `entry` when it is being edited. */
export function EntryFields({ productionId, kind, data, entries, entry, problem, links, setLinks }: EntryFieldsProps) {
  const { t } = useTranslation();
  const head = data.notebook.standing === 'head';
  const named = titleField[kind];
  const vendors = entries.filter((e) => e.kind === 'vendor' && e.id !== entry?.id && !e.removedAt);
  return (
    <>
      {!named && <Field name="title" label={t('notebook.form.title')} defaultValue={entry?.title} autoComplete="off" hint={kind === 'equipment' ? t('notebook.form.titleHint') : undefined} />}
      <KindFields productionId={productionId} kind={kind} data={data} vendors={vendors} fields={entry?.fields ?? {}} problem={problem} />
      <TextAreaField name="body" label={t('notebook.notes')} defaultValue={entry?.body ?? ''} rows={4} className="nb-prose" />
      <Field name="tags" label={t('notebook.tags')} defaultValue={entry?.tags.join(' ')} autoComplete="off" autoCapitalize="off" hint={t('notebook.form.tagsHint')} />
      <LinkPicker entries={entries.filter((e) => e.id !== entry?.id && !e.removedAt)} links={links} setLinks={setLinks} />
      {head ? (
        <fieldset className="tiles">
          <legend>{t('notebook.whoReads')}</legend>
          <div className="tiles-grid nb-tiles">
            <label className="tile">
              <input type="radio" name="visibility" value="department" defaultChecked={(entry?.visibility ?? (kind === 'person' ? 'head' : 'department')) === 'department'} />
              <span className="tile-label">{t('notebook.form.department')}</span>
            </label>
            <label className="tile">
              <input type="radio" name="visibility" value="head" defaultChecked={(entry?.visibility ?? (kind === 'person' ? 'head' : 'department')) === 'head'} />
              <span className="tile-label">{t('notebook.form.onlyHead')}</span>
            </label>
          </div>
        </fieldset>
      ) : (
        kind === 'person' && <p className="hint">{t('notebook.form.personPrivate')}</p>
      )}
    </>
  );
}

/** The form's inputs, for the summary of problems the server names. */
export const draftInputs = (kind: EntryKind): string[] => ['title', 'body', 'tags', 'links', 'visibility', ...kindFields[kind].map((s) => s.name)];

function KindChoice({ productionId, notebookId }: { productionId: string; notebookId: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('notebook.form.kinds')}>
      <ul className="nb-kinds">
        {ENTRY_KINDS.map((kind) => (
          <li key={kind}>
            <Link className="nb-kind-link" href={kind === 'camera_report' ? takesPath(productionId, notebookId) : newEntryPath(productionId, notebookId, kind)}>
              <span className="nb-kind-name">{kindLabels[kind]}</span>
              <span className="nb-kind-hint">{kindHints[kind]}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NewEntry({ productionId, data, kind }: { productionId: string; data: NotebookData; kind: EntryKind }) {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const { go } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const [index] = useEntryIndex(productionId, data.notebook.id, true);
  const entries = index.state === 'ready' ? index.data.entries : [];
  const [links, setLinks] = useState<string[]>([]);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  useProblemInView(box, problem);
  const notebookId = data.notebook.id;

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    if (busy) return;
    const { draft, invalid } = readDraft(kind, form, data.notebook.standing === 'head', links);
    if (Object.keys(invalid).length > 0) {
      setProblem({ status: 400, title: 'Invalid', detail: t('notebook.correctFields'), fields: invalid });
      return;
    }
    setBusy(true);
    const writtenAt = new Date().toISOString();
    const files = await Promise.all(
      chosen.map(async (c, i) => {
        const key = `${writtenAt}.${i}.${Math.random().toString(36).slice(2)}`;
        await keepFile(key, c.file);
        return { key, name: c.file.name || `photo-${i + 1}.jpg`, type: c.file.type };
      }),
    );
    const body: NewEntryBody = {
      kind,
      title: draft.title,
      ...(draft.body ? { body: draft.body } : {}),
      ...(draft.tags.length > 0 ? { tags: draft.tags } : {}),
      ...(draft.links.length > 0 ? { links: draft.links } : {}),
      ...(Object.keys(draft.fields).length > 0 ? { fields: draft.fields } : {}),
      ...(data.notebook.standing === 'head' ? { visibility: draft.visibility } : {}),
    };
    const { outcome } = outbox.submit({ kind: 'entry', productionId, notebookId, body, writtenAt, files });
    const answer = await outcome;
    setBusy(false);
    if (answer.state === 'refused') {
      setProblem(answer.problem);
      return;
    }
    if (answer.state === 'sent' && answer.entryId) {
      go(entryPath(productionId, notebookId, answer.entryId), t('notebook.form.saved', { title: draft.title, notebook: notebookTitle(data.notebook) }));
      return;
    }
    go(notebookPath(productionId, notebookId), t('notebook.form.kept', { title: draft.title }));
  }

  return (
    <div ref={box} className="nb-form">
      <Form label={t('notebook.form.newKind', { kind: kindLabels[kind].toLocaleLowerCase(intlLocale()) })} problem={problem} fields={draftInputs(kind)} onSubmit={(f) => void onSubmit(f)}>
        <EntryFields productionId={productionId} kind={kind} data={data} entries={entries} problem={problem} links={links} setLinks={setLinks} />
        <FilePicker chosen={chosen} setChosen={setChosen} />
        <SubmitButton busy={busy}>{t('notebook.form.save')}</SubmitButton>
      </Form>
    </div>
  );
}

export function NewEntryScreen({ productionId, notebookId, kind }: { productionId: string; notebookId: string; kind: string | null }) {
  const { t } = useTranslation();
  const [data, retry] = useNotebookData(productionId, notebookId);
  const chosen = ENTRY_KINDS.find((k) => k === kind && k !== 'camera_report');
  const ready = data.state === 'ready' && data.data.notebook.standing !== 'outside' ? data.data : null;
  return (
    <Page title={chosen ? t('notebook.form.newKind', { kind: kindLabels[chosen].toLocaleLowerCase(intlLocale()) }) : t('notebook.newEntry')}>
      <NotebookLoading state={data} retry={retry} />
      {ready && (
        <p className="nb-back">
          <Link href={notebookPath(productionId, notebookId)}>{notebookTitle(ready.notebook)}</Link>
        </p>
      )}
      {ready && !chosen && <KindChoice productionId={productionId} notebookId={notebookId} />}
      {ready && chosen && <NewEntry productionId={productionId} data={ready} kind={chosen} />}
    </Page>
  );
}
