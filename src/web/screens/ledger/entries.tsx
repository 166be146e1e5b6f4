// The entries of the ledger page: one page of the matches, newest first,
// grouped by the production's calendar day. Kinds, people and days are
// filtered by the server, which pages through a log of any size and counts
// the matches; words are found here, in the sentences this reader sees, by
// reading the server's matches a chunk at a time so a phone never holds the
// whole log.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDate } from '../../../domain/schedule/calendar.js';
import { api, type LedgerPerson, type LedgerQuery, type LedgerRecord, type Problem } from '../../api.js';
import { intlLocale, t as say } from '../../i18n.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { timeFormat } from '../../time.js';
import { describeEntry, kindLabel, kindOf, type LineContext } from '../ledger-lines.js';
import { FilterBar, type Status } from './filter-bar.js';
import { filterCount, filterHref, filterWords, matchesWords, searchWords, serverFilter, type Cursor, type Filters } from './filters.js';

/** Entries per page; a page of this many renders quickly on an old phone. */
export const PAGE_SIZE = 200;
/** Entries read per request while searching for words. */
const CHUNK = 1000;

/** A count or an index in the reader's digits, formatted when drawn. */
const number = (n: number) => new Intl.NumberFormat(intlLocale()).format(n);

/** Where the link to the newer or older page goes: the newest page, or a cursor. */
type PageLink = 'top' | Exclude<Cursor, null>;

type Shown =
  | { state: 'loading' }
  | { state: 'failed'; problem: Problem }
  | {
      state: 'ready';
      /** newest first */
      records: LedgerRecord[];
      /** every match in the log, under every filter; a lower bound while `searching` */
      total: number;
      newer: PageLink | null;
      older: PageLink | null;
      /** while words are still being looked for: entries read so far, of how many */
      searching: { read: number; of: number } | null;
    };

/** The page after or before the one shown, from how many matches lie beyond it on each side. */
function links(cursor: Cursor, records: LedgerRecord[], newerCount: number, olderCount: number): { newer: PageLink | null; older: PageLink | null } {
  const newest = records[0]?.index;
  const oldest = records.at(-1)?.index;
  let newer: PageLink | null = null;
  if (newerCount > 0) {
    // The page just newer than this one is the newest page when no more than a page lies beyond: link to the plain address.
    if (newerCount <= PAGE_SIZE) newer = 'top';
    else if (cursor && 'from' in cursor && newest !== undefined) newer = { from: newest + 1 };
    else newer = { from: cursor && 'to' in cursor ? cursor.to : (newest ?? 0) + 1 };
  }
  const older: PageLink | null = olderCount > 0 ? { to: oldest ?? (cursor && 'from' in cursor ? cursor.from : 0) } : null;
  return { newer, older };
}

/**
 * Loads the page the address names. Without words, two small requests at most:
 * the page, and the count of every match when the page is not the newest.
 * With words, the server's matches are read newest first, a chunk at a time,
 * and the page fills as they are found.
 */
function usePage(productionId: string, treeSize: number, filters: Filters, cursor: Cursor, ctx: LineContext): Shown {
  const { sessionEnded } = useSession();
  const { i18n } = useTranslation();
  const [shown, setShown] = useState<{ key: string; value: Shown } | null>(null);
  // Words are found in the sentences as this reader sees them, so another language searches again.
  const key = JSON.stringify([productionId, treeSize, filters, cursor, ctx.zone, filters.q ? i18n.language : '']);
  // The sentences depend on the names; a change of names must not restart a search already under way.
  const context = useRef(ctx);
  context.current = ctx;

  useEffect(() => {
    let live = true;
    const show = (value: Shown) => {
      if (live) setShown({ key, value });
    };
    const server = serverFilter(filters);
    const select = async (query: LedgerQuery) => {
      const result = await api.ledgerSelect(productionId, { ...server, ...query });
      if (!result.ok && result.problem.status === 401) sessionEnded();
      return result;
    };
    const fail = (problem: Problem) => show({ state: 'failed', problem });

    async function plain(): Promise<void> {
      if (!cursor) {
        const page = await select({ to: treeSize, order: 'desc', limit: PAGE_SIZE });
        if (!page.ok) return fail(page.problem);
        const { entries, matched } = page.data;
        return show({ state: 'ready', records: entries, total: matched, searching: null, ...links(null, entries, 0, matched - entries.length) });
      }
      const all = select({ to: treeSize, limit: 0 });
      if ('to' in cursor) {
        const end = Math.min(cursor.to, treeSize);
        const [page, count] = await Promise.all([select({ to: end, order: 'desc', limit: PAGE_SIZE }), all]);
        if (!page.ok) return fail(page.problem);
        if (!count.ok) return fail(count.problem);
        const { entries, matched } = page.data;
        return show({ state: 'ready', records: entries, total: count.data.matched, searching: null, ...links({ to: end }, entries, count.data.matched - matched, matched - entries.length) });
      }
      const start = Math.min(cursor.from, treeSize);
      const [page, count] = await Promise.all([select({ from: start, to: treeSize, order: 'asc', limit: PAGE_SIZE }), all]);
      if (!page.ok) return fail(page.problem);
      if (!count.ok) return fail(count.problem);
      const records = [...page.data.entries].reverse();
      const { matched } = page.data;
      return show({ state: 'ready', records, total: count.data.matched, searching: null, ...links({ from: start }, records, matched - records.length, count.data.matched - matched) });
    }

    async function search(): Promise<void> {
      const words = searchWords(filters.q);
      const kept: LedgerRecord[] = [];
      // The same array while the page is unchanged, so counting on through the log does not redraw it.
      let records: LedgerRecord[] = [];
      let changed = true;
      let [total, newerCount, olderCount, read, of, high] = [0, 0, 0, 0, 0, treeSize];
      const end = cursor && 'to' in cursor ? Math.min(cursor.to, treeSize) : null;
      const start = cursor && 'from' in cursor ? Math.min(cursor.from, treeSize) : null;
      const keep = (record: LedgerRecord) => {
        kept.push(record);
        changed = true;
      };
      const take = (record: LedgerRecord) => {
        total++;
        if (start !== null) {
          if (record.index < start) olderCount++;
          else {
            // Read newest first: the page starting at `start` is the last PAGE_SIZE matches at or after it.
            keep(record);
            if (kept.length > PAGE_SIZE) {
              kept.shift();
              newerCount++;
            }
          }
        } else if (end !== null && record.index >= end) newerCount++;
        else if (kept.length < PAGE_SIZE) keep(record);
        else olderCount++;
      };
      const current = (searching: { read: number; of: number } | null): Shown => {
        if (changed) records = [...kept];
        changed = false;
        return { state: 'ready', records, total, searching, ...links(cursor, kept, newerCount, olderCount) };
      };
      for (;;) {
        const chunk = await select({ to: high, order: 'desc', limit: CHUNK });
        if (!live) return;
        if (!chunk.ok) return fail(chunk.problem);
        if (read === 0) of = chunk.data.matched;
        const { entries } = chunk.data;
        for (const record of entries) {
          const kind = kindOf(record.entry.type);
          const text = `${describeEntry(record.entry, context.current)} ${kind ? kindLabel(kind) : ''} #${record.index}`;
          if (matchesWords(text, words)) take(record);
        }
        read += entries.length;
        if (entries.length < CHUNK || read >= of) return show(current(null));
        show(current({ read, of }));
        high = entries.at(-1)!.index;
      }
    }

    void (filters.q ? search() : plain());
    return () => {
      live = false;
    };
  }, [key]);

  return shown?.key === key ? shown.value : { state: 'loading' };
}

function Pager({ label, path, filters, newer, older }: { label: string; path: string; filters: Filters; newer: PageLink | null; older: PageLink | null }) {
  const { t } = useTranslation();
  if (!newer && !older) return null;
  return (
    <nav className="pager" aria-label={label}>
      {newer && (
        <Link className="button button--secondary" href={filterHref(path, filters, newer === 'top' ? null : newer)}>
          {t('ledger.list.newer')}
        </Link>
      )}
      {older && (
        <Link className="button button--secondary" href={filterHref(path, filters, older === 'top' ? null : older)}>
          {t('ledger.list.older')}
        </Link>
      )}
    </nav>
  );
}

/** One entry; its record (index, hash, raw JSON) is built only when opened, so a page of 200 stays light on a phone. */
const EntryItem = memo(function EntryItem({ record, ctx, clock }: { record: LedgerRecord; ctx: LineContext; clock: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  const { entry, index, leafHash } = record;
  const [open, setOpen] = useState(false);
  const at = new Date(entry.at);
  const kind = kindOf(entry.type);
  return (
    <li className={`entry${kind === 'refusals' ? ' entry--refused' : ''}`} id={`entry-${index}`}>
      <p className="entry-line">{describeEntry(entry, ctx)}</p>
      <div className="entry-foot">
        <p className="entry-meta">
          <time dateTime={entry.at}>{Number.isNaN(at.getTime()) ? String(entry.at) : clock.format(at)}</time>
          {kind && <span className="entry-kind">{kindLabel(kind)}</span>}
        </p>
        <details className="entry-raw" onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary>{t('ledger.list.record', { index })}</summary>
          {open && (
            <>
              <dl className="entry-proof">
                <div>
                  <dt>{t('ledger.list.index')}</dt>
                  <dd className="entry-index">#{index}</dd>
                </div>
                <div>
                  <dt>{t('ledger.list.type')}</dt>
                  <dd>
                    <code>{entry.type}</code>
                  </dd>
                </div>
                <div>
                  <dt>{t('ledger.list.leafHash')}</dt>
                  <dd>
                    <code className="hash">{leafHash}</code>
                  </dd>
                </div>
              </dl>
              <pre>{JSON.stringify(entry, null, 2)}</pre>
            </>
          )}
        </details>
      </div>
    </li>
  );
});

/** Consecutive entries of one calendar day, on the production's calendar. */
function byDay(records: LedgerRecord[], zone: string): Array<{ day: string; records: LedgerRecord[] }> {
  const days: Array<{ day: string; records: LedgerRecord[] }> = [];
  for (const record of records) {
    const at = new Date(record.entry.at);
    let day = 'unknown';
    try {
      day = Number.isNaN(at.getTime()) ? 'unknown' : localDate(at, zone);
    } catch {
      day = 'unknown';
    }
    const last = days.at(-1);
    if (last?.day === day) last.records.push(record);
    else days.push({ day, records: [record] });
  }
  return days;
}

/** A calendar day as the heading of its entries, in the reader's language: the date has no zone to shift. */
function dayTitle(day: string, heading: Intl.DateTimeFormat): string {
  const at = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? say('ledger.list.dateUnknown') : heading.format(at);
}

/** What the live region says once a page has loaded. */
function countText(shown: Extract<Shown, { state: 'ready' }>, filtered: boolean): string {
  if (!filtered) return say('ledger.list.inLedger', { count: shown.total, number: number(shown.total) });
  if (shown.total === 0) return say('ledger.list.noneMatch');
  return say('ledger.list.matches', { count: shown.total, number: number(shown.total) });
}

export function EntryList({
  productionId,
  treeSize,
  ctx,
  path,
  filters,
  cursor,
  people,
}: {
  productionId: string;
  treeSize: number;
  ctx: LineContext;
  path: string;
  filters: Filters;
  cursor: Cursor;
  /** everyone the log can name, for the person filter */
  people: LedgerPerson[];
}) {
  const { t, i18n } = useTranslation();
  // Said by the filter bar's live region once known; kept while the next page loads, so a screen reader hears each count once.
  const [status, setStatus] = useState<Status>({ text: '', detail: '' });
  const shown = usePage(productionId, treeSize, filters, cursor, ctx);
  // Made again when the zone or the language changes, never at module load: the reader may switch language on this page.
  const clock = useMemo(() => timeFormat(ctx.zone, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }), [ctx.zone, i18n.language]);
  const dayHeading = useMemo(() => new Intl.DateTimeFormat(intlLocale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }), [i18n.language]);
  const heading = useRef<HTMLHeadingElement>(null);
  const cursorKey = JSON.stringify(cursor);
  const shownCursor = useRef(cursorKey);
  const filtered = filterCount(filters) > 0;

  // Paging changes the query, not the path, so the layout does not move focus: do it here. A filter keeps focus where it is.
  useEffect(() => {
    if (shownCursor.current === cursorKey) return;
    shownCursor.current = cursorKey;
    if (cursor) heading.current?.focus();
  }, [cursorKey]);

  const ready = shown.state === 'ready' ? shown : null;
  const done = ready !== null && ready.searching === null;
  useEffect(() => {
    const detail = filterWords(filters, (userId) => people.find((p) => p.userId === userId)?.name)
      .map((w) => w.text)
      .join(', ');
    if (ready && done) setStatus({ text: countText(ready, filtered), detail });
    else if (ready?.searching) setStatus({ text: t('ledger.list.searching'), detail });
    else if (shown.state === 'failed') setStatus({ text: t('ledger.list.failed'), detail: '' });
  }, [shown.state, done, ready?.total, filtered, i18n.language]);

  const range =
    ready && ready.records.length > 0
      ? t('ledger.list.range', { newest: number(ready.records[0]!.index), oldest: number(ready.records.at(-1)!.index) })
      : treeSize === 0
        ? t('ledger.list.nothing')
        : ready && done
          ? t('ledger.list.noneMatchFilters')
          : '';

  return (
    <>
      <h2 id="entries-heading" ref={heading} tabIndex={-1} aria-describedby="entries-range">
        {t('ledger.list.heading', { number: number(treeSize) })}
      </h2>
      <FilterBar path={path} filters={filters} people={people} status={status} />
      <p className="hint" id="entries-range">
        {range}
      </p>
      {ready && <Pager label={t('ledger.list.pages')} path={path} filters={filters} newer={ready.newer} older={done ? ready.older : null} />}
      {ready?.searching && (
        <p className="hint ledger-progress">
          {t('ledger.list.progress', {
            count: ready.searching.of,
            read: number(ready.searching.read),
            of: number(ready.searching.of),
            matches: t('ledger.list.matchCount', { count: ready.total, number: number(ready.total) }),
          })}
        </p>
      )}
      {shown.state === 'loading' && <p>{t('ledger.loading')}</p>}
      {shown.state === 'failed' && <p role="alert">{shown.problem.detail}</p>}
      {ready &&
        byDay(ready.records, ctx.zone).map(({ day, records }) => (
          <div className="entry-day" key={`${day}-${records[0]!.index}`}>
            <h3 className="entry-day-title">{dayTitle(day, dayHeading)}</h3>
            <ol className="entries">
              {records.map((record) => (
                <EntryItem key={record.index} record={record} ctx={ctx} clock={clock} />
              ))}
            </ol>
          </div>
        ))}
      {ready && done && ready.records.length > 3 && <Pager label={t('ledger.list.pagesEnd')} path={path} filters={filters} newer={ready.newer} older={ready.older} />}
    </>
  );
}
