// A department's notebook: search as you type (the server ranks, the words
// found are marked), filters by kind and tag, the entries still waiting on
// this device, and the way to a new entry, the camera reports, the start-here
// package and the handoff. The search and filters live in the address, so
// back returns to the same list.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notebookFiles, type NotebookEntry } from '../../api.js';
import { Page } from '../../components/layout.js';
import { t } from '../../i18n.js';
import { Link, navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { ENTRY_KINDS, fieldsLine, kindLabels, kindPlurals, type EntryKind } from './kinds.js';
import {
  entryPath,
  handoffPath,
  Marked,
  newEntryPath,
  NotebookLoading,
  notebookPath,
  notebookTitle,
  packagePath,
  takesPath,
  useEntryIndex,
  useNotebookData,
  useOnDelivered,
  usePending,
  when,
  type NotebookData,
} from './shared.js';
import { queryWords, snippet } from './words.js';

/** How long typing may pause before the search runs: a phone keyboard types in bursts. */
const TYPING_MS = 250;

interface Filters {
  q: string;
  kind: EntryKind | '';
  tag: string;
}

function filtersOf(query: URLSearchParams): Filters {
  const kind = query.get('kind') ?? '';
  return { q: query.get('q') ?? '', kind: (ENTRY_KINDS as readonly string[]).includes(kind) ? (kind as EntryKind) : '', tag: query.get('tag') ?? '' };
}

function filterHref(base: string, f: Filters): string {
  const params = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== ''));
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

/** Changes the address without the jump to the top a new page makes: the list changes under the reader's eyes. */
function replaceFilters(href: string): void {
  const { scrollX, scrollY } = window;
  navigate(href, { replace: true });
  window.scrollTo(scrollX, scrollY);
}

/** Whether an entry holds every word, the way the server reads them (used offline, on what the device kept). */
function holdsWords(entry: NotebookEntry, words: readonly string[]): boolean {
  const text = queryWords([entry.title, entry.body ?? '', JSON.stringify(entry.fields), entry.tags.join(' ')].join(' '));
  return words.every((word, i) => text.some((t) => (i === words.length - 1 ? t.startsWith(word) : t === word)));
}

type Found = { state: 'loading' } | { state: 'ready'; entries: NotebookEntry[]; offline: boolean } | { state: 'failed'; detail: string };

const filtering = (f: Filters) => f.q.trim() !== '' || f.kind !== '' || f.tag !== '';

/** The entries for the filters: the server's ranking; offline, what the device kept, filtered here. */
function useFound(productionId: string, notebookId: string, filters: Filters, index: { entries: NotebookEntry[]; stale: boolean } | null, round: number): Found {
  const [found, setFound] = useState<{ key: string; found: Found } | null>(null);
  const key = JSON.stringify([filters, round]);
  const wanted = filtering(filters);
  useEffect(() => {
    if (!wanted) return;
    const abort = new AbortController();
    const query = { ...(filters.q.trim() ? { q: filters.q.trim() } : {}), ...(filters.kind ? { kind: filters.kind } : {}), ...(filters.tag ? { tag: filters.tag } : {}) };
    void api.entries(productionId, notebookId, { ...query, limit: 100 }, abort.signal).then((result) => {
      if (abort.signal.aborted) return;
      if (result.ok) return setFound({ key, found: { state: 'ready', entries: result.data.entries, offline: false } });
      if (result.problem.status !== 0 || !index) return setFound({ key, found: { state: 'failed', detail: result.problem.detail } });
      const words = queryWords(filters.q);
      const entries = index.entries.filter((e) => (!filters.kind || e.kind === filters.kind) && (!filters.tag || e.tags.includes(filters.tag)) && holdsWords(e, words));
      setFound({ key, found: { state: 'ready', entries, offline: true } });
    });
    return () => abort.abort();
  }, [key]);
  if (!wanted) return index ? { state: 'ready', entries: index.entries, offline: index.stale } : { state: 'loading' };
  return found?.key === key ? found.found : { state: 'loading' };
}

function SearchBar({ base, filters, tags, status }: { base: string; filters: Filters; tags: string[]; status: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState(filters.q);
  // The words last put in the address, so back and forward (which change them under the field) are followed.
  const sent = useRef(filters.q);
  useEffect(() => {
    if (filters.q === sent.current) return;
    sent.current = filters.q;
    setTyped(filters.q);
  }, [filters.q]);
  const latest = useRef(filters);
  latest.current = filters;
  useEffect(() => {
    if (typed === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = typed;
      replaceFilters(filterHref(base, { ...latest.current, q: typed }));
    }, TYPING_MS);
    return () => clearTimeout(timer);
  }, [typed, base]);
  const choose = (change: Partial<Filters>) => {
    sent.current = typed;
    replaceFilters(filterHref(base, { ...latest.current, q: typed, ...change }));
  };

  return (
    <form className="nb-search" role="search" aria-label={t('notebook.search.label')} onSubmit={(event) => (event.preventDefault(), choose({}))}>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('notebook.search.search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="search"
          maxLength={100}
          aria-describedby={`${id}-q-hint`}
        />
        <p className="hint nb-search-hint" id={`${id}-q-hint`}>
          {t('notebook.search.hint')}
        </p>
      </div>
      <div className="nb-filters">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('notebook.search.kind')}</label>
          <select id={`${id}-kind`} value={filters.kind} onChange={(event) => choose({ kind: event.target.value as EntryKind | '' })}>
            <option value="">{t('notebook.search.allKinds')}</option>
            {ENTRY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindPlurals[kind]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tag`}>{t('notebook.search.tag')}</label>
          <select id={`${id}-tag`} value={filters.tag} onChange={(event) => choose({ tag: event.target.value })}>
            <option value="">{t('notebook.search.allTags')}</option>
            {filters.tag && !tags.includes(filters.tag) && <option value={filters.tag}>{filters.tag}</option>}
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="nb-count" role="status" aria-atomic="true">
        {status}
      </p>
    </form>
  );
}

function EntryRow({ productionId, entry, words, data }: { productionId: string; entry: NotebookEntry; words: readonly string[]; data: NotebookData }) {
  const { t } = useTranslation();
  const line = fieldsLine(entry.kind, entry.fields);
  const photo = entry.attachments.find((a) => a.thumbnail);
  const others = entry.attachments.length;
  return (
    <li className={`nb-entry nb-entry--${entry.kind}`}>
      {photo && <img className="nb-thumb" src={notebookFiles.thumbnail(productionId, entry.notebookId, entry.id, photo.id)} alt="" width="64" height="64" loading="lazy" />}
      <div className="nb-entry-text">
        <p className="nb-entry-kind">
          {kindLabels[entry.kind]}
          {entry.visibility === 'head' && <span className="nb-private"> · {t('notebook.list.private')}</span>}
        </p>
        {/* Named by its title as written: a marked word would otherwise be read out in pieces ("Coo ke"). */}
        <Link className="nb-entry-title" href={entryPath(productionId, entry.notebookId, entry.id)} aria-label={entry.title}>
          <Marked text={entry.title} words={words} />
        </Link>
        {line && (
          <p className="nb-entry-line">
            <Marked text={line} words={words} />
          </p>
        )}
        {entry.body && (
          <p className="nb-entry-snippet">
            <Marked text={snippet(entry.body, words)} words={words} />
          </p>
        )}
        <p className="nb-entry-meta">
          {entry.tags.map((tag) => (
            <span key={tag} className="nb-tag">
              <Marked text={tag} words={words} />
            </span>
          ))}
          {others > 0 && <span>{t('notebook.files', { count: others })}</span>}
          <span>
            {when(entry.updatedAt, data.timezone)}, {data.nameOf(entry.updatedBy)}
          </span>
        </p>
      </div>
    </li>
  );
}

function Waiting({ productionId, notebookId, timezone }: { productionId: string; notebookId: string; timezone: string }) {
  const { t } = useTranslation();
  const { waiting, refused, dismiss } = usePending(productionId, notebookId);
  if (waiting.length === 0 && refused.length === 0) return null;
  return (
    <section className="panel nb-waiting" aria-labelledby="nb-waiting">
      <h2 id="nb-waiting">{t('notebook.waiting.title')}</h2>
      <ul className="nb-list">
        {waiting.map(({ key, write, attempts }) => (
          <li key={key} className="nb-entry nb-entry--waiting">
            <div className="nb-entry-text">
              <p className="nb-entry-kind">{kindLabels[write.body.kind]}</p>
              <p className="nb-entry-title nb-entry-title--waiting">{write.body.title}</p>
              <p className="nb-entry-meta">
                <span className="nb-badge nb-badge--waiting">{attempts > 0 ? t('notebook.waiting.waiting') : t('notebook.waiting.sending')}</span>
                <span>{t('notebook.waiting.written', { at: when(write.writtenAt, timezone) })}</span>
                {write.files.length > 0 && <span>{t('notebook.files', { count: write.files.length })}</span>}
              </p>
            </div>
          </li>
        ))}
        {refused.map(({ key, write, problem }) => (
          <li key={key} className="nb-entry nb-entry--refused">
            <div className="nb-entry-text">
              <p className="nb-entry-kind">{kindLabels[write.body.kind]}</p>
              <p className="nb-entry-title">{write.body.title}</p>
              <p className="nb-refused">{t('notebook.waiting.notSent', { detail: problem.detail })}</p>
              {write.body.body && <p className="nb-entry-snippet">{write.body.body}</p>}
              <button type="button" className="button button--secondary" onClick={() => dismiss(key)}>
                {t('notebook.waiting.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function statusText(found: Found, filters: Filters): string {
  if (found.state === 'loading') return filters.q ? t('notebook.search.searching') : '';
  if (found.state === 'failed') return '';
  const count = found.entries.length;
  const words = filters.q.trim();
  // A whole sentence for each case (none, or some; filtered or not; here or on the server), so each language orders its own words.
  const what = filtering(filters) ? (words ? 'matchWords' : 'match') : 'count';
  return t(`notebook.search.${what}${found.offline ? 'Here' : ''}${count === 0 ? 'None' : ''}`, { count, words });
}

function Notebook({ productionId, data, filters }: { productionId: string; data: NotebookData; filters: Filters }) {
  const { t } = useTranslation();
  const { notebook } = data;
  const base = notebookPath(productionId, notebook.id);
  const [index, reloadIndex] = useEntryIndex(productionId, notebook.id, true);
  const [round, setRound] = useState(0);
  const reload = useMemo(
    () => () => {
      reloadIndex();
      setRound((n) => n + 1);
    },
    [reloadIndex],
  );
  useOnDelivered(productionId, notebook.id, reload);
  const known = index.state === 'ready' ? { entries: index.data.entries, stale: index.stale } : null;
  const found = useFound(productionId, notebook.id, filters, known, round);
  const entries = known?.entries;
  const tags = useMemo(() => [...new Set((entries ?? []).flatMap((e) => e.tags))].sort(), [entries]);
  const words = useMemo(() => queryWords(filters.q), [filters.q]);
  const head = notebook.standing === 'head';

  return (
    <>
      <p className="lead">{head ? t('notebook.book.youHead') : t('notebook.book.head', { name: data.nameOf(notebook.headId) })}</p>
      <div className="nb-actions">
        <Link className="button button--primary" href={newEntryPath(productionId, notebook.id)}>
          {t('notebook.newEntry')}
        </Link>
        <Link className="button button--secondary" href={takesPath(productionId, notebook.id)}>
          {t('notebook.takes.title')}
        </Link>
      </div>
      <Waiting productionId={productionId} notebookId={notebook.id} timezone={data.timezone} />
      <SearchBar base={base} filters={filters} tags={tags} status={statusText(found, filters)} />
      {found.state === 'failed' && (
        <p className="nb-problem" role="alert">
          {found.detail}
        </p>
      )}
      {found.state === 'ready' &&
        (found.entries.length === 0 ? (
          <p className="nb-empty">{filtering(filters) ? t('notebook.book.nothing') : t('notebook.book.empty')}</p>
        ) : (
          <ul className="nb-list" aria-label={t('notebook.book.entries')}>
            {found.entries.map((entry) => (
              <EntryRow key={entry.id} productionId={productionId} entry={entry} words={words} data={data} />
            ))}
          </ul>
        ))}
      <section className="nb-head-tools" aria-labelledby="nb-head-tools">
        <h2 id="nb-head-tools">{t('notebook.whoReads')}</h2>
        <p>{t('notebook.book.readers', { department: notebook.department })}</p>
        {(head || data.producer) && (
          <ul className="nb-tool-links">
            {head && (
              <li>
                <Link href={packagePath(productionId, notebook.id)}>{t('notebook.book.package')}</Link>
                <span className="hint">{t('notebook.book.packageHint')}</span>
              </li>
            )}
            <li>
              <Link href={handoffPath(productionId, notebook.id)}>{t('notebook.handoff.title')}</Link>
              <span className="hint">{head ? t('notebook.book.handoffHead') : t('notebook.book.handoffProducer')}</span>
            </li>
          </ul>
        )}
      </section>
    </>
  );
}

export function NotebookScreen({ productionId, notebookId, query }: { productionId: string; notebookId: string; query: URLSearchParams }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const [data, retry] = useNotebookData(productionId, notebookId);
  const filters = filtersOf(query);
  const ready = data.state === 'ready' ? data.data : null;
  const title = ready ? notebookTitle(ready.notebook) : t('notebook.book.title');
  return (
    <Page title={title} wide>
      <NotebookLoading state={data} retry={retry} />
      {ready && ready.notebook.standing === 'outside' && (
        <p>
          {t('notebook.book.onlyDepartment', { department: ready.notebook.department })}{' '}
          {membership(productionId)?.roles.includes('producer') && <Link href={handoffPath(productionId, notebookId)}>{t('notebook.book.handOnGone')}</Link>}
        </p>
      )}
      {ready && ready.notebook.standing !== 'outside' && <Notebook productionId={productionId} data={ready} filters={filters} />}
    </Page>
  );
}
