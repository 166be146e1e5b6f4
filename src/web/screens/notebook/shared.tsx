// What the notebook screens share: their paths, the notebook, the crew and the
// schedule read together and kept on the device for the next time the set's
// Wi-Fi is gone, the entries still waiting in the outbox, and small pieces
// (times on the set's clock, marked search words, a notebook's title).
import { useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiResult, type Notebook, type NotebookEntry, type Problem } from '../../api.js';
import { t } from '../../i18n.js';
import { useOutbox, useOutboxState, type EntryWrite, type Failure } from '../../outbox.js';
import { useSession } from '../../session.js';
import { useStops } from '../../stops.js';
import { timeFormat } from '../../time.js';
import { useResource } from '../../use-resource.js';
import { OfflineBanner } from '../../components/offline-banner.js';
import { markParts } from './words.js';

export type { Notebook, NotebookEntry };

const enc = encodeURIComponent;
export const notebooksPath = (pid: string) => `/productions/${enc(pid)}/notebooks`;
export const notebookPath = (pid: string, nid: string) => `${notebooksPath(pid)}/${enc(nid)}`;
export const entryPath = (pid: string, nid: string, eid: string) => `${notebookPath(pid, nid)}/entries/${enc(eid)}`;
export const newEntryPath = (pid: string, nid: string, kind?: string) => `${notebookPath(pid, nid)}/new${kind ? `?kind=${enc(kind)}` : ''}`;
export const takesPath = (pid: string, nid: string) => `${notebookPath(pid, nid)}/takes`;
export const handoffPath = (pid: string, nid: string) => `${notebookPath(pid, nid)}/handoff`;
export const packagePath = (pid: string, nid: string) => `${notebookPath(pid, nid)}/package`;

/** A notebook's name as its pages head it. */
export const notebookTitle = (notebook: { department: string }) => t('notebook.title', { department: notebook.department });

export type Kept<T> =
  | { state: 'loading' }
  | { state: 'failed'; problem: Problem }
  | { state: 'ready'; data: T; /** read earlier and kept on this device: the server cannot be reached */ stale: boolean; /** when it was read */ seenAt?: string };

/**
 * A GET that is kept on the device after each read, and shown from there when
 * the server cannot be reached: a notebook opened once on the set's Wi-Fi can
 * still be written in by the camera truck. `keep` picks what may be stored.
 */
export function useKept<T>(productionId: string, key: string, load: () => Promise<ApiResult<T>>, keep?: (data: T) => T): [Kept<T>, () => void] {
  const [resource, reload] = useResource(key, load, { remember: { productionId, ...(keep ? { keep } : {}) } });
  const kept = useMemo(
    (): Kept<T> => (resource.state === 'ready' ? { state: 'ready', data: resource.data, stale: resource.seenAt !== undefined, ...(resource.seenAt ? { seenAt: resource.seenAt } : {}) } : resource),
    [resource],
  );
  return [kept, reload];
}

/**
 * A notebook as the caller stands to it: its head, a member of its department
 * (or let in), or outside it: the producer and the UPM know it exists, to hand
 * it on when its head is gone, and read nothing in it.
 */
export type NotebookView = Pick<Notebook, 'id' | 'department' | 'headId'> & { standing: Notebook['standing'] | 'outside'; entries: number };

/** What the notebook screens name things with: the notebook, the crew, the scenes and the locations. */
export interface NotebookData {
  notebook: NotebookView;
  /** whether the caller is the producer or the UPM, who open notebooks and hand on a gone head's */
  producer: boolean;
  myId: string;
  timezone: string;
  members: Array<{ userId: string; name: string; roles: readonly string[]; department: string | null }>;
  scenes: Array<{ id: string; number: string; description: string }>;
  locations: Array<{ id: string; name: string }>;
  nameOf(userId: string): string;
}

interface Surroundings {
  notebooks: NotebookView[];
  members: NotebookData['members'];
  scenes: NotebookData['scenes'];
  locations: NotebookData['locations'];
}

/** The crew, scenes and locations, trimmed to what a notebook names: no phones or emails stay on the device. */
async function loadSurroundings(pid: string): Promise<ApiResult<Surroundings>> {
  const [notebooks, members, schedule] = await Promise.all([api.notebooks(pid), api.members(pid), api.schedule(pid)]);
  if (!notebooks.ok) return notebooks;
  if (!members.ok) return members;
  return {
    ok: true,
    data: {
      notebooks: [
        ...notebooks.data.notebooks.map(({ id, department, headId, standing, entries }) => ({ id, department, headId, standing, entries })),
        ...notebooks.data.elsewhere.map(({ id, department, headId }) => ({ id, department, headId, standing: 'outside' as const, entries: 0 })),
      ],
      members: members.data.members.map(({ userId, name, roles, department }) => ({ userId, name, roles, department })),
      scenes: schedule.ok ? schedule.data.scenes.map(({ id, number, description }) => ({ id, number, description })) : [],
      locations: schedule.ok ? schedule.data.locations.map(({ id, name }) => ({ id, name })) : [],
    },
  };
}

export function useSurroundings(productionId: string): [Kept<Surroundings>, () => void] {
  return useKept(productionId, `${productionId}.notebooks`, () => loadSurroundings(productionId));
}

/** The notebook and what it names, or why it cannot be shown. */
export function useNotebookData(productionId: string, notebookId: string): [Kept<NotebookData> | { state: 'missing' }, () => void] {
  const { me, membership } = useSession();
  const stops = useStops();
  const [kept, reload] = useSurroundings(productionId);
  const roles = membership(productionId)?.roles;
  const producer = roles?.includes('producer') === true || roles?.includes('upm') === true;
  const timezone = stops?.production?.timezone ?? 'UTC';
  const data = useMemo((): Kept<NotebookData> | { state: 'missing' } => {
    if (kept.state !== 'ready') return kept;
    const notebook = kept.data.notebooks.find((n) => n.id === notebookId);
    if (!notebook) return { state: 'missing' };
    const names = new Map(kept.data.members.map((m) => [m.userId, m.name]));
    return {
      state: 'ready',
      stale: kept.stale,
      ...(kept.seenAt ? { seenAt: kept.seenAt } : {}),
      data: {
        notebook,
        producer,
        myId: me?.user.id ?? '',
        timezone,
        members: kept.data.members,
        scenes: kept.data.scenes,
        locations: kept.data.locations,
        nameOf: (userId) => names.get(userId) ?? t('notebook.someoneGone'),
      },
    };
  }, [kept, notebookId, me, producer, timezone]);
  return [data, reload];
}

/** Loading, failure and "not found" for a notebook screen. */
export function NotebookLoading({ state, retry }: { state: Kept<unknown> | { state: 'missing' }; retry: () => void }) {
  const { t } = useTranslation();
  if (state.state === 'loading') return <p role="status">{t('notebook.loading')}</p>;
  if (state.state === 'missing') return <p role="alert">{t('notebook.missing')}</p>;
  if (state.state === 'failed') {
    return (
      <div className="nb-problem" role="alert">
        <p>{state.problem.detail}</p>
        <button type="button" className="button button--secondary" onClick={retry}>
          {t('notebook.tryAgain')}
        </button>
      </div>
    );
  }
  return state.stale ? <OfflineNote seenAt={state.seenAt} /> : null;
}

function OfflineNote({ seenAt }: { seenAt: string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <OfflineBanner seenAt={seenAt} />
      <p className="hint nb-stale">{t('offline.entriesWait')}</p>
    </>
  );
}

/** Day and time on the set's clock: "Dec 5, 10:07 PM MST", with the year only when it is not this one. */
export function when(at: string, timezone: string): string {
  const date = new Date(at);
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return timeFormat(timezone, { day: 'numeric', month: 'short', ...(thisYear ? {} : { year: 'numeric' }), hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(date);
}

/** Text with the search's words marked. */
export function Marked({ text, words }: { text: string; words: readonly string[] }): ReactNode {
  const parts = markParts(text, words);
  if (parts.length === 1) return text;
  return parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
}

/** This notebook's entries and takes still on the device: waiting to be sent, or refused when they were. */
export function usePending(productionId: string, notebookId: string): { waiting: Array<{ key: string; write: EntryWrite; attempts: number }>; refused: Array<Failure & { write: EntryWrite }>; dismiss(key: string): void } {
  const outbox = useOutbox();
  const { queued, failures } = useOutboxState();
  const mine = (write: { kind: string; productionId?: string; notebookId?: string }): boolean =>
    write.kind === 'entry' && write.productionId === productionId && write.notebookId === notebookId;
  return {
    waiting: queued.filter((q) => mine(q.write)).map((q) => ({ key: q.key, write: q.write as EntryWrite, attempts: q.attempts })),
    refused: failures.filter((f): f is Failure & { write: EntryWrite } => mine(f.write)),
    dismiss: (key) => outbox.dismiss(key),
  };
}

/** Calls `then` each time the outbox delivers an entry of this notebook, so lists show it as the server has it. */
export function useOnDelivered(productionId: string, notebookId: string, then: () => void): void {
  const outbox = useOutbox();
  useEffect(
    () =>
      outbox.onDelivered((write) => {
        if (write.kind === 'entry' && write.productionId === productionId && write.notebookId === notebookId) then();
      }),
    [outbox, productionId, notebookId, then],
  );
}

/**
 * The notebook's entries as last read whole (up to 200, newest first): names for
 * links and dealers, the tags to filter by, and the list shown offline. A person's
 * entry (rates, recommendations) is never kept on the device.
 */
export function useEntryIndex(productionId: string, notebookId: string, open: boolean): [Kept<{ entries: NotebookEntry[] }>, () => void] {
  return useKept(
    productionId,
    `${productionId}.notebook.${notebookId}`,
    () => (open ? api.entries(productionId, notebookId, { limit: 200 }) : Promise.resolve({ ok: true as const, data: { entries: [] } })),
    ({ entries }) => ({ entries: entries.filter((e) => e.kind !== 'person') }),
  );
}
