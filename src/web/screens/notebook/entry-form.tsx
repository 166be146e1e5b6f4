// Writing a notebook entry: first its kind, then the kind's fields, notes,
// tags, links to other entries, who reads it (the head chooses) and photos or
// PDFs (a phone opens its camera). A new entry goes through the outbox like a
// STOP: kept on the device with its key before anything is sent, so with no
// network it waits, says so, and goes when the laptop is reachable.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { type NewEntryBody, type NotebookEntry, type Problem } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { keepFile } from '../../files.js';
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
  if (windows.length === 0) return 'no window';
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
  const id = useId();
  async function add(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    const added = await Promise.all(files.map(async (file) => ({ file, preview: await readPreview(file) })));
    setChosen([...chosen, ...added]);
  }
  return (
    <fieldset className="nb-files">
      <legend>Photos and PDFs</legend>
      <div className="nb-file-buttons">
        <label className="button button--secondary nb-file-button" htmlFor={`${id}-camera`}>
          Take a photo
        </label>
        <input id={`${id}-camera`} className="nb-file-input" type="file" accept="image/*" capture="environment" onChange={(e) => void add(e)} />
        <label className="button button--secondary nb-file-button" htmlFor={`${id}-pick`}>
          Add photos or PDFs
        </label>
        <input id={`${id}-pick`} className="nb-file-input" type="file" accept="image/*,application/pdf" multiple onChange={(e) => void add(e)} />
      </div>
      {chosen.length > 0 && (
        <ul className="nb-chosen" aria-label="Chosen files">
          {chosen.map((c, i) => (
            <li key={i}>
              {c.preview ? <img src={c.preview} alt="" width="64" height="64" /> : <span className="nb-pdf" aria-hidden="true">PDF</span>}
              <span className="nb-chosen-name">{c.file.name || 'Photo'}</span>
              <button type="button" className="button button--secondary nb-small" aria-label={`Remove ${c.file.name || 'photo'}`} onClick={() => setChosen(chosen.filter((_, k) => k !== i))}>
                Remove
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
  const id = useId();
  const [pick, setPick] = useState('');
  const titleOf = (eid: string) => entries.find((e) => e.id === eid)?.title ?? 'An entry you cannot see';
  const offered = entries.filter((e) => !links.includes(e.id));
  return (
    <fieldset className="nb-links">
      <legend>Linked entries</legend>
      {links.length > 0 && (
        <ul className="nb-linked">
          {links.map((eid) => (
            <li key={eid}>
              <span>{titleOf(eid)}</span>
              <button type="button" className="button button--secondary nb-small" aria-label={`Unlink ${titleOf(eid)}`} onClick={() => setLinks(links.filter((l) => l !== eid))}>
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
      {offered.length > 0 ? (
        <div className="nb-link-add">
          <div className="field">
            <label htmlFor={`${id}-link`}>Link to</label>
            <select id={`${id}-link`} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose an entry…</option>
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
            Link
          </button>
        </div>
      ) : (
        links.length === 0 && <p className="hint">No other entries to link to yet.</p>
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
          <SelectField key={spec.name} name={spec.name} label={spec.label} defaultValue={typeof value === 'string' ? value : ''} hint={vendors.length === 0 ? 'Add the dealer as a Vendor entry to link it here.' : undefined}>
            <option value="">None</option>
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
            Scenes: none on the schedule yet.
          </p>
        ) : (
          <CheckGroup
            key={spec.name}
            name={spec.name}
            legend={spec.label}
            compact
            choices={data.scenes.map((s) => ({ value: s.id, label: `Scene ${s.number}` }))}
            checked={Array.isArray(value) ? (value as string[]) : []}
            error={problem?.fields[spec.name]}
          />
        );
      case 'location':
        return (
          <SelectField key={spec.name} name={spec.name} label={spec.label} value={locationId} onChange={(e) => setLocationId(e.target.value)}>
            <option value="">None</option>
            {data.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </SelectField>
        );
      case 'target':
        return locationId && targets.length > 0 ? (
          <SelectField key={`${spec.name}-${locationId}`} name={spec.name} label={spec.label} defaultValue={typeof value === 'string' ? value : ''} hint="With its windows today, on the set’s clock.">
            <option value="">None</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}: {windowsText(t.windows, data.timezone)}
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
  if (!title && !named) invalid.title = 'Give it a title people will know it by.';
  const tags = readTags(typed('tags'));
  if (tags.some((t) => t.length > 40)) invalid.tags = 'Keep each tag to one word of at most 40 characters.';
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
  const head = data.notebook.standing === 'head';
  const named = titleField[kind];
  const vendors = entries.filter((e) => e.kind === 'vendor' && e.id !== entry?.id && !e.removedAt);
  return (
    <>
      {!named && <Field name="title" label="Title" defaultValue={entry?.title} autoComplete="off" hint={kind === 'equipment' ? 'Like “Cooke S4/i primes” or “ARRI Alexa 35 #2”.' : undefined} />}
      <KindFields productionId={productionId} kind={kind} data={data} vendors={vendors} fields={entry?.fields ?? {}} problem={problem} />
      <TextAreaField name="body" label="Notes" defaultValue={entry?.body ?? ''} rows={4} className="nb-prose" />
      <Field name="tags" label="Tags" defaultValue={entry?.tags.join(' ')} autoComplete="off" autoCapitalize="off" hint="Words separated by spaces, like lenses rental question." />
      <LinkPicker entries={entries.filter((e) => e.id !== entry?.id && !e.removedAt)} links={links} setLinks={setLinks} />
      {head ? (
        <fieldset className="tiles">
          <legend>Who reads it</legend>
          <div className="tiles-grid nb-tiles">
            <label className="tile">
              <input type="radio" name="visibility" value="department" defaultChecked={(entry?.visibility ?? (kind === 'person' ? 'head' : 'department')) === 'department'} />
              <span className="tile-label">The department</span>
            </label>
            <label className="tile">
              <input type="radio" name="visibility" value="head" defaultChecked={(entry?.visibility ?? (kind === 'person' ? 'head' : 'department')) === 'head'} />
              <span className="tile-label">Only the head</span>
            </label>
          </div>
        </fieldset>
      ) : (
        kind === 'person' && <p className="hint">A person’s entry is private to the head: only they, and whoever takes the notebook over, read it.</p>
      )}
    </>
  );
}

/** The form's inputs, for the summary of problems the server names. */
export const draftInputs = (kind: EntryKind): string[] => ['title', 'body', 'tags', 'links', 'visibility', ...kindFields[kind].map((s) => s.name)];

function KindChoice({ productionId, notebookId }: { productionId: string; notebookId: string }) {
  return (
    <nav aria-label="Kinds of entry">
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
      setProblem({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: invalid });
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
      go(entryPath(productionId, notebookId, answer.entryId), `“${draft.title}” is in the ${notebookTitle(data.notebook)}.`);
      return;
    }
    go(notebookPath(productionId, notebookId), `No connection: “${draft.title}” is kept on this device and will be sent when the laptop is reachable.`);
  }

  return (
    <div ref={box} className="nb-form">
      <Form label={`New ${kindLabels[kind].toLowerCase()}`} problem={problem} fields={draftInputs(kind)} onSubmit={(f) => void onSubmit(f)}>
        <EntryFields productionId={productionId} kind={kind} data={data} entries={entries} problem={problem} links={links} setLinks={setLinks} />
        <FilePicker chosen={chosen} setChosen={setChosen} />
        <SubmitButton busy={busy}>Save entry</SubmitButton>
      </Form>
    </div>
  );
}

export function NewEntryScreen({ productionId, notebookId, kind }: { productionId: string; notebookId: string; kind: string | null }) {
  const [data, retry] = useNotebookData(productionId, notebookId);
  const chosen = ENTRY_KINDS.find((k) => k === kind && k !== 'camera_report');
  const ready = data.state === 'ready' && data.data.notebook.standing !== 'outside' ? data.data : null;
  return (
    <Page title={chosen ? `New ${kindLabels[chosen].toLowerCase()}` : 'New entry'}>
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
