// The ledger's filters: words to find, and a kind, a person and a day. On a
// phone the three choices fold behind one button and what is chosen shows as
// chips that each take one filter off; on a tablet they stand in a row. Every
// change goes into the address, so the view can be shared and survives a reload.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerPerson } from '../../api.js';
import { navigate } from '../../router.js';
import { KINDS, kindLabel, type Kind } from '../ledger-lines.js';
import { filterCount, filterHref, filterWords, NO_FILTERS, type Filters } from './filters.js';

/** How long typing may pause before the search runs. */
const TYPING_MS = 400;

/** Changes the address without the jump to the top a new page makes: a filter changes the list under the reader's eyes. */
function go(href: string, replace = false): void {
  const { scrollX, scrollY } = window;
  navigate(href, { replace });
  window.scrollTo(scrollX, scrollY);
}

/** What the live region says: the count, and (read out, not shown) the filters it is for, so a new filter with the same count is still heard. */
export interface Status {
  text: string;
  detail: string;
}

export function FilterBar({ path, filters, people, status }: { path: string; filters: Filters; people: LedgerPerson[]; status: Status }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(filters.q);
  // The words last sent to the address, so back and forward (which change them under the field) are followed.
  const sent = useRef(filters.q);
  useEffect(() => {
    if (filters.q === sent.current) return;
    sent.current = filters.q;
    setText(filters.q);
  }, [filters.q]);

  const latest = useRef(filters);
  latest.current = filters;

  const apply = (next: Filters, replace = false) => {
    sent.current = next.q;
    if (next.q !== text.trim()) setText(next.q);
    go(filterHref(path, next), replace);
  };
  /** The filters with the words in the field, sent or not yet. */
  const withWords = (): Filters => ({ ...latest.current, q: text.trim() });

  // Typing replaces the address rather than adding a step to history for every word.
  useEffect(() => {
    const words = text.trim();
    if (words === sent.current) return;
    const timer = setTimeout(() => apply({ ...latest.current, q: words }, true), TYPING_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    apply(withWords());
  }

  const named = new Map(people.map((p) => [p.userId, p]));
  const chosen = filters.person ? named.get(filters.person) : undefined;
  const chips = filterWords(filters, (userId) => named.get(userId)?.name).map((chip) => ({
    ...chip,
    label: chip.key === 'q' ? t('ledger.filter.removeSearch', { words: filters.q }) : t(`ledger.filter.remove.${chip.key}`, { filter: chip.text }),
  }));
  const choices = [filters.kind, filters.person, filters.day].filter((f) => f !== null).length;

  return (
    <div className="ledger-filter">
      <form className="ledger-search" role="search" aria-label={t('ledger.filter.form')} onSubmit={submit}>
        <div className="field ledger-search-field">
          <label htmlFor={`${id}-q`}>{t('ledger.filter.search')}</label>
          <div className="ledger-search-row">
            <input
              id={`${id}-q`}
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              enterKeyHint="search"
              maxLength={200}
              aria-describedby={`${id}-q-hint`}
            />
            <button type="submit" className="button button--secondary">
              {t('ledger.filter.searchButton')}
            </button>
          </div>
          <p className="hint ledger-search-hint" id={`${id}-q-hint`}>
            {t('ledger.filter.searchHint')}
          </p>
        </div>
        <div className="ledger-filter-row">
          <button
            type="button"
            className="button button--secondary ledger-filter-toggle"
            aria-expanded={open}
            aria-controls={`${id}-choices`}
            onClick={() => setOpen((was) => !was)}
          >
            {open ? t('ledger.filter.hide') : choices > 0 ? t('ledger.filter.count', { count: choices }) : t('ledger.filter.filters')}
          </button>
          {chips.length > 0 && (
            <ul className="ledger-chips" aria-label={t('ledger.filter.inUse')}>
              {chips.map((chip) => (
                <li key={chip.key}>
                  <button type="button" className="ledger-chip" aria-label={chip.label} onClick={() => apply({ ...withWords(), [chip.key]: chip.key === 'q' ? '' : null })}>
                    {chip.text}
                    <span aria-hidden="true">✕</span>
                  </button>
                </li>
              ))}
              {filterCount(filters) > 1 && (
                <li>
                  <button type="button" className="ledger-chip ledger-chip--all" onClick={() => apply(NO_FILTERS)}>
                    {t('ledger.filter.clear')}
                  </button>
                </li>
              )}
            </ul>
          )}
        </div>
        <div className={`ledger-choices${open ? ' ledger-choices--open' : ''}`} id={`${id}-choices`}>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('ledger.filter.kind')}</label>
            <select id={`${id}-kind`} value={filters.kind ?? ''} onChange={(event) => apply({ ...withWords(), kind: (event.target.value || null) as Kind | null })}>
              <option value="">{t('ledger.filter.allKinds')}</option>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabel(kind)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-person`}>{t('ledger.filter.person')}</label>
            <select id={`${id}-person`} value={filters.person ?? ''} onChange={(event) => apply({ ...withWords(), person: event.target.value || null })}>
              <option value="">{t('ledger.filter.everyone')}</option>
              {filters.person && !chosen && <option value={filters.person}>{t('ledger.filter.unlisted')}</option>}
              {people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.member ? p.name : t('ledger.filter.former', { name: p.name })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-day`}>{t('ledger.filter.day')}</label>
            <input
              id={`${id}-day`}
              type="date"
              value={filters.day ?? ''}
              onChange={(event) => {
                const day = event.target.value;
                if (day === '' || /^\d{4}-\d{2}-\d{2}$/.test(day)) apply({ ...withWords(), day: day || null });
              }}
            />
          </div>
        </div>
      </form>
      <p className="ledger-count" role="status" aria-atomic="true">
        {status.text}
        {status.text && status.detail && <span className="visually-hidden">{t('ledger.filter.for', { filters: status.detail })}</span>}
      </p>
    </div>
  );
}
