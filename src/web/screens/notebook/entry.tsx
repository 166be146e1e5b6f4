// One notebook entry: its fields in words, notes, tags, links both ways, its
// photos and PDFs (more added from the camera), and every version kept: who
// changed what, and when. An edit made on a version someone else has since
// changed is not lost: both versions are shown side by side to choose from.
// Removing leaves a tombstone; the history stays.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, notebookFiles, type EntryPatch, type NotebookEntry, type NotebookVersion, type Problem } from '../../api.js';
import { Form, SubmitButton } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { t } from '../../i18n.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { Facts, useProblemInView } from '../schedule/shared.js';
import { draftInputs, EntryFields, FilePicker, readDraft, useLightTargets, windowsText, type Chosen, type EntryDraft } from './entry-form.js';
import { cameraLabels, kindFields, kindLabels, shownValue, type EntryKind } from './kinds.js';
import { entryPath, NotebookLoading, notebookPath, notebookTitle, useEntryIndex, useNotebookData, when, type NotebookData } from './shared.js';

const cameraUnits: Record<string, string> = { focalLength: ' mm', heightCm: ' cm', tiltDeg: '°', focusM: ' m', whiteBalance: ' K', frameRate: ' fps' };

/** The fields of an entry in words, each as its form labels it; names of other records where they point at one. */
function fieldItems(entry: Pick<NotebookEntry, 'kind' | 'fields'>, data: NotebookData, titleOf: (eid: string) => string, link?: (eid: string) => ReactNode): Array<[string, ReactNode]> {
  const f = entry.fields;
  if (entry.kind === 'camera_report') {
    return Object.keys(cameraLabels)
      .filter((name) => f[name] !== undefined && f[name] !== null)
      .map((name) => {
        const value = f[name];
        const text = name === 'tStop' ? `T${String(value)}` : name === 'circled' ? (value ? t('notebook.yes') : t('notebook.no')) : Array.isArray(value) ? value.join(', ') : `${String(value)}${cameraUnits[name] ?? ''}`;
        return [cameraLabels[name] as string, text];
      });
  }
  return kindFields[entry.kind].flatMap((spec): Array<[string, ReactNode]> => {
    const value = f[spec.name];
    if (value === undefined || value === null) return [];
    if (spec.input === 'vendor' && typeof value === 'string') return [[spec.label, link ? link(value) : titleOf(value)]];
    if (spec.input === 'scenes' && Array.isArray(value)) return [[spec.label, value.map((id) => t('notebook.sceneNumber', { number: data.scenes.find((s) => s.id === id)?.number ?? '?' })).join(', ')]];
    if (spec.input === 'location' && typeof value === 'string') return [[spec.label, data.locations.find((l) => l.id === value)?.name ?? t('notebook.entry.placeGone')]];
    if (spec.input === 'target') return [];
    const text = shownValue(spec, value, f.currency);
    return text === null || spec.input === 'currency' ? [] : [[spec.label, text]];
  });
}

/** The light target with its windows today, where the light API gives them. */
function TargetWindows({ productionId, entry, data }: { productionId: string; entry: NotebookEntry; data: NotebookData }) {
  const locationId = typeof entry.fields.locationId === 'string' ? entry.fields.locationId : '';
  const targets = useLightTargets(productionId, locationId, data.timezone);
  const target = targets.find((t) => t.id === entry.fields.targetId);
  if (!target) return null;
  return (
    <p className="nb-windows">
      <Trans i18nKey="notebook.entry.windowsToday" values={{ target: target.name, windows: windowsText(target.windows, data.timezone) }} components={{ b: <strong /> }} />
    </p>
  );
}

/** What changed from one version to the next, in a line each. */
export function changes(before: NotebookVersion | null, after: NotebookVersion, data: NotebookData): string[] {
  if (!before) return [t('notebook.change.written')];
  if (after.removed) return [t('notebook.change.removed')];
  const out: string[] = [];
  if (before.title !== after.title) out.push(t('notebook.change.title', { before: before.title, after: after.title }));
  if ((before.body ?? '') !== (after.body ?? '')) out.push(before.body ? (after.body ? t('notebook.change.notesChanged') : t('notebook.change.notesOut')) : t('notebook.change.notesAdded'));
  const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  const label = (name: string) => (after.kind === 'camera_report' ? cameraLabels[name] : kindFields[after.kind as EntryKind].find((s) => s.name === name)?.label) ?? name;
  const shown = (kind: EntryKind, name: string, value: unknown) => {
    const items = fieldItems({ kind, fields: { [name]: value } }, data, () => t('notebook.anotherEntry'));
    return items[0]?.[1];
  };
  for (const name of names) {
    const was = before.fields[name];
    const now = after.fields[name];
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    const a = was === undefined ? null : shown(after.kind, name, was);
    const b = now === undefined ? null : shown(after.kind, name, now);
    const text = (v: ReactNode) => (typeof v === 'string' ? v : t('notebook.change.set'));
    out.push(
      a === null
        ? t('notebook.change.fieldAdded', { field: label(name), value: text(b) })
        : b === null
          ? t('notebook.change.fieldOut', { field: label(name) })
          : t('notebook.change.field', { field: label(name), before: text(a), after: text(b) }),
    );
  }
  const added = after.tags.filter((t) => !before.tags.includes(t));
  const dropped = before.tags.filter((t) => !after.tags.includes(t));
  if (added.length > 0 || dropped.length > 0) out.push(t('notebook.change.tags', { tags: [...added.map((tag) => `+${tag}`), ...dropped.map((tag) => `−${tag}`)].join(' ') }));
  if (JSON.stringify(before.links) !== JSON.stringify(after.links)) out.push(t('notebook.change.links'));
  if (before.visibility !== after.visibility) out.push(after.visibility === 'head' ? t('notebook.change.private') : t('notebook.change.department'));
  return out.length > 0 ? out : [t('notebook.change.none')];
}

function History({ versions, data }: { versions: readonly NotebookVersion[]; data: NotebookData }) {
  const { t } = useTranslation();
  const newestFirst = versions.map((v, i) => ({ version: v, before: versions[i - 1] ?? null })).reverse();
  return (
    <section className="nb-history" aria-labelledby="nb-history">
      <h2 id="nb-history">{t('notebook.entry.history')}</h2>
      <ol className="nb-versions">
        {newestFirst.map(({ version, before }) => (
          <li key={version.version}>
            <p className="nb-version-head">
              <strong>{t('notebook.entry.version', { version: version.version })}</strong> · {data.nameOf(version.authorId)} · {when(version.at, data.timezone)}
            </p>
            <ul className="nb-changes">
              {changes(before, version, data).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The entry's fields as a patch: what is set now, and null for whatever was there before and is gone (RFC 7396). */
function fieldsPatch(before: Record<string, unknown>, after: Record<string, unknown>): NonNullable<EntryPatch['fields']> {
  const patch: Record<string, unknown> = { ...after };
  for (const name of Object.keys(before)) if (!(name in after) && name !== 'setupId') patch[name] = null;
  return patch as NonNullable<EntryPatch['fields']>;
}

function patchOf(draft: EntryDraft, entry: NotebookEntry, version: number, head: boolean): EntryPatch {
  return {
    version,
    title: draft.title,
    body: draft.body,
    tags: draft.tags,
    links: draft.links,
    fields: fieldsPatch(entry.fields, draft.fields),
    ...(head ? { visibility: draft.visibility } : {}),
  };
}

/** Someone saved a newer version while this one was being edited: both, side by side, and a choice. */
function Conflict({ mine, theirs, data, keepTheirs, saveMine, busy }: { mine: EntryDraft; theirs: NotebookEntry; data: NotebookData; keepTheirs: () => void; saveMine: () => void; busy: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  // Brought into view and focused: on a phone the save button sat far below where this appears.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, []);
  const side = (title: string, fields: Record<string, unknown>, body: string | null, tags: string[], heading: string) => (
    <div className="nb-side">
      <h3>{heading}</h3>
      <Facts items={[[t('notebook.form.title'), title], ...fieldItems({ kind: theirs.kind, fields }, data, () => t('notebook.anotherEntry')), [t('notebook.notes'), body], [t('notebook.tags'), tags.join(' ')]]} />
    </div>
  );
  return (
    <section ref={ref} className="panel nb-conflict" aria-labelledby="nb-conflict" tabIndex={-1}>
      <div role="alert">
        <h2 id="nb-conflict">{t('notebook.conflict.title')}</h2>
        <p>{t('notebook.conflict.text', { name: data.nameOf(theirs.updatedBy), version: theirs.version, at: when(theirs.updatedAt, data.timezone) })}</p>
      </div>
      <div className="nb-sides">
        {side(theirs.title, theirs.fields, theirs.body, theirs.tags, t('notebook.conflict.theirs', { version: theirs.version }))}
        {side(mine.title, mine.fields, mine.body, mine.tags, t('notebook.conflict.yours'))}
      </div>
      <div className="actions">
        <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={saveMine}>
          {t('notebook.conflict.saveMine')}
        </button>
        <button type="button" className="button button--secondary" onClick={keepTheirs}>
          {t('notebook.conflict.keepTheirs')}
        </button>
      </div>
    </section>
  );
}

function EditEntry({ productionId, entry, data, entries, saved }: { productionId: string; entry: NotebookEntry; data: NotebookData; entries: NotebookEntry[]; saved: (text: string) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [links, setLinks] = useState(entry.links);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: EntryDraft; theirs: NotebookEntry } | null>(null);
  useProblemInView(box, problem);
  const head = data.notebook.standing === 'head';

  async function save(draft: EntryDraft, version: number): Promise<void> {
    setBusy(true);
    const result = await api.updateEntry(productionId, entry.notebookId, entry.id, patchOf(draft, entry, version, head));
    if (result.ok) {
      setBusy(false);
      saved(t('notebook.entry.savedVersion', { version: result.data.entry.version }));
      return;
    }
    if (result.problem.status === 409) {
      const now = await api.entry(productionId, entry.notebookId, entry.id);
      setBusy(false);
      if (now.ok) {
        setConflict({ mine: draft, theirs: now.data.entry });
        return;
      }
    }
    setBusy(false);
    setConflict(null);
    setProblem(result.problem);
  }

  function onSubmit(form: HTMLFormElement): void {
    const { draft, invalid } = readDraft(entry.kind, form, head, links);
    if (Object.keys(invalid).length > 0) {
      setProblem({ status: 400, title: 'Invalid', detail: t('notebook.correctFields'), fields: invalid });
      return;
    }
    setProblem(null);
    void save(draft, entry.version);
  }

  if (conflict) {
    return (
      <Conflict
        mine={conflict.mine}
        theirs={conflict.theirs}
        data={data}
        busy={busy}
        keepTheirs={() => saved(t('notebook.entry.keptVersion', { version: conflict.theirs.version }))}
        saveMine={() => void save(conflict.mine, conflict.theirs.version)}
      />
    );
  }
  return (
    <div ref={box} className="nb-form">
      <Form label={t('notebook.entry.editNamed', { title: entry.title })} problem={problem} fields={draftInputs(entry.kind)} onSubmit={onSubmit}>
        <EntryFields productionId={productionId} kind={entry.kind} data={data} entries={entries} entry={entry} problem={problem} links={links} setLinks={setLinks} />
        <SubmitButton busy={busy}>{t('notebook.entry.saveChanges')}</SubmitButton>
      </Form>
    </div>
  );
}

/** More photos or PDFs for an entry that is already on the server. */
function AddFiles({ productionId, entry, added }: { productionId: string; entry: NotebookEntry; added: (text: string) => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(): Promise<void> {
    if (busy || chosen.length === 0) return;
    setBusy(true);
    let done = 0;
    for (const c of chosen) {
      const form = new FormData();
      form.append('file', c.file, c.file.name || 'photo.jpg');
      const result = await api.attach(productionId, entry.notebookId, entry.id, form);
      if (!result.ok) {
        setBusy(false);
        setChosen(chosen.slice(done));
        setProblem(result.problem);
        return;
      }
      done++;
    }
    setBusy(false);
    setChosen([]);
    setProblem(null);
    added(t('notebook.entry.filesAdded', { count: done }));
  }

  return (
    <Form label={t('notebook.attach.add')} problem={problem} fields={[]} onSubmit={() => void onSubmit()}>
      <FilePicker chosen={chosen} setChosen={setChosen} />
      {chosen.length > 0 && <SubmitButton busy={busy}>{t('notebook.entry.addFiles', { count: chosen.length })}</SubmitButton>}
    </Form>
  );
}

function Attachments({ productionId, entry }: { productionId: string; entry: NotebookEntry }) {
  const { t } = useTranslation();
  if (entry.attachments.length === 0) return null;
  return (
    <ul className="nb-attachments" aria-label={t('notebook.attach.legend')}>
      {entry.attachments.map((a) => {
        const href = notebookFiles.attachment(productionId, entry.notebookId, entry.id, a.id);
        const name = a.filename ?? (a.contentType === 'application/pdf' ? t('notebook.attach.pdf') : t('notebook.attach.photo'));
        return (
          <li key={a.id}>
            <a href={href} target="_blank" rel="noopener">
              {a.thumbnail ? (
                <img src={notebookFiles.thumbnail(productionId, entry.notebookId, entry.id, a.id)} alt={name} width="160" height="160" loading="lazy" />
              ) : (
                <span className="nb-pdf">{a.contentType === 'application/pdf' ? t('notebook.attach.pdf') : t('notebook.attach.file')}</span>
              )}
              <span className="nb-attachment-name">{name}</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function ToDoDone({ productionId, entry, changed }: { productionId: string; entry: NotebookEntry; changed: (text: string) => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState('');
  async function toggle(done: boolean): Promise<void> {
    const result = await api.updateEntry(productionId, entry.notebookId, entry.id, { version: entry.version, fields: { done } });
    if (result.ok) changed(done ? t('notebook.entry.markedDone') : t('notebook.entry.markedNotDone'));
    else setProblem(result.problem.status === 409 ? t('notebook.entry.changedShown') : result.problem.detail);
    if (!result.ok && result.problem.status === 409) changed('');
  }
  return (
    <div className="nb-todo">
      <label className="choice nb-done">
        <input type="checkbox" checked={entry.fields.done === true} onChange={(e) => void toggle(e.target.checked)} />
        <span>{t('notebook.line.done')}</span>
      </label>
      <p className="field-error" role="alert" hidden={!problem}>
        {problem}
      </p>
    </div>
  );
}

function Remove({ productionId, entry, removed }: { productionId: string; entry: NotebookEntry; removed: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState('');
  async function remove(): Promise<void> {
    const result = await api.removeEntry(productionId, entry.notebookId, entry.id, entry.version);
    if (result.ok) removed();
    else setProblem(result.problem.status === 409 ? t('notebook.entry.changedLook') : result.problem.detail);
  }
  if (!asking) {
    return (
      <button type="button" className="button button--secondary nb-remove" onClick={() => setAsking(true)}>
        {t('notebook.remove')}
      </button>
    );
  }
  return (
    <div className="panel nb-confirm" role="group" aria-label={t('notebook.entry.removeAsk')}>
      <p>{t('notebook.entry.removeText', { title: entry.title })}</p>
      <p className="field-error" role="alert" hidden={!problem}>
        {problem}
      </p>
      <div className="actions">
        <button type="button" className="button nb-danger" onClick={() => void remove()}>
          {t('notebook.entry.removeIt')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
          {t('notebook.entry.keepIt')}
        </button>
      </div>
    </div>
  );
}

interface Loaded {
  entry: NotebookEntry;
  versions: NotebookVersion[];
}

function Entry({ productionId, data, loaded, reload }: { productionId: string; data: NotebookData; loaded: Loaded; reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useSession();
  const notebookId = data.notebook.id;
  const [index, reloadIndex] = useEntryIndex(productionId, notebookId, true);
  const [editing, setEditing] = useState(false);
  const entries = index.state === 'ready' ? index.data.entries : [];
  const titleOf = (eid: string) => entries.find((e) => e.id === eid)?.title ?? t('notebook.unseenEntry');
  const link = (eid: string) => <Link href={entryPath(productionId, notebookId, eid)}>{titleOf(eid)}</Link>;
  const { entry, versions } = loaded;
  const backlinks = entries.filter((e) => e.links.includes(entry.id));
  const refresh = (text: string) => {
    setEditing(false);
    reload();
    reloadIndex();
    if (text) announce(text);
  };

  return (
    <>
      <p className="lead nb-entry-lead">
        {kindLabels[entry.kind]}
        {entry.removedAt && <span className="nb-badge nb-badge--removed">{t('notebook.change.removed')}</span>}
        {entry.visibility === 'head' && <span className="nb-badge">{t('notebook.entry.private')}</span>}
      </p>
      {entry.kind === 'todo' && !entry.removedAt && <ToDoDone productionId={productionId} entry={entry} changed={refresh} />}
      <div className="nb-entry-page">
        <div>
          <Facts items={fieldItems(entry, data, titleOf, link)} />
          {entry.kind === 'light' && <TargetWindows productionId={productionId} entry={entry} data={data} />}
          {entry.body && <p className="nb-body">{entry.body}</p>}
          {entry.tags.length > 0 && (
            <p className="nb-entry-meta">
              {entry.tags.map((tag) => (
                <Link key={tag} className="nb-tag" href={`${notebookPath(productionId, notebookId)}?tag=${encodeURIComponent(tag)}`}>
                  {tag}
                </Link>
              ))}
            </p>
          )}
          {(entry.links.length > 0 || backlinks.length > 0) && (
            <section aria-labelledby="nb-links">
              <h2 id="nb-links">{t('notebook.linked')}</h2>
              <ul className="nb-linked">
                {entry.links.map((eid) => (
                  <li key={eid}>{link(eid)}</li>
                ))}
                {backlinks
                  .filter((e) => !entry.links.includes(e.id))
                  .map((e) => (
                    <li key={e.id}>
                      {link(e.id)} <span className="hint">{t('notebook.entry.linksHere')}</span>
                    </li>
                  ))}
              </ul>
            </section>
          )}
          <Attachments productionId={productionId} entry={entry} />
          <p className="nb-entry-meta">
            {t('notebook.entry.writtenBy', { name: data.nameOf(entry.createdBy), at: when(entry.createdAt, data.timezone) })}
            {entry.version > 1 && ` · ${t('notebook.entry.versionBy', { version: entry.version, name: data.nameOf(entry.updatedBy), at: when(entry.updatedAt, data.timezone) })}`}
          </p>
          {entry.removedAt ? (
            <p className="nb-removed">
              {t('notebook.entry.removedBy', { name: data.nameOf(entry.updatedBy), at: when(entry.removedAt, data.timezone) })}
            </p>
          ) : (
            <>
              <AddFiles productionId={productionId} entry={entry} added={refresh} />
              <div className="actions nb-entry-actions">
                <button type="button" className="button button--secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
                  {editing ? t('notebook.entry.stopEditing') : t('notebook.entry.edit')}
                </button>
                <Remove productionId={productionId} entry={entry} removed={() => refresh(t('notebook.entry.removed', { title: entry.title }))} />
              </div>
              {editing && <EditEntry productionId={productionId} entry={entry} data={data} entries={entries} saved={refresh} />}
            </>
          )}
        </div>
        {versions.length > 0 && <History versions={versions} data={data} />}
      </div>
    </>
  );
}

export function EntryScreen({ productionId, notebookId, entryId }: { productionId: string; notebookId: string; entryId: string }) {
  const { t } = useTranslation();
  const [data, retry] = useNotebookData(productionId, notebookId);
  const ready = data.state === 'ready' && data.data.notebook.standing !== 'outside' ? data.data : null;
  const [loaded, reload] = useResource(`${notebookId}/${entryId}`, async () => {
    const [entry, history] = await Promise.all([api.entry(productionId, notebookId, entryId), api.entryHistory(productionId, notebookId, entryId)]);
    if (!entry.ok) return entry;
    return { ok: true as const, data: { entry: entry.data.entry, versions: history.ok ? history.data.versions : [] } };
  });
  return (
    <Page title={loaded.state === 'ready' ? loaded.data.entry.title : t('notebook.entry.title')} wide>
      <NotebookLoading state={data} retry={retry} />
      {ready && (
        <p className="nb-back">
          <Link href={notebookPath(productionId, notebookId)}>{notebookTitle(ready.notebook)}</Link>
        </p>
      )}
      {ready && loaded.state === 'loading' && <p role="status">{t('notebook.loading')}</p>}
      {ready && loaded.state === 'failed' && <NotebookLoading state={loaded} retry={reload} />}
      {ready && loaded.state === 'ready' && <Entry productionId={productionId} data={ready} loaded={loaded.data} reload={reload} />}
    </Page>
  );
}
