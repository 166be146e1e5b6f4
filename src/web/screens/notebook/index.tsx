// The department notebooks' screens under /productions/:pid/notebooks, loaded
// together when the first is opened: a notebook opened once on the set's
// Wi-Fi can then be written in, and its takes logged, with no network at all.
import { NotFoundScreen } from '../not-found.js';
import { EntryScreen } from './entry.js';
import { NewEntryScreen } from './entry-form.js';
import { HandoffScreen } from './handoff.js';
import { NotebooksScreen } from './list.js';
import { NotebookScreen } from './notebook.js';
import { PackageScreen } from './package.js';
import { TakesScreen } from './takes.js';

/** `parts` are the path's segments after /notebooks: [], [nid], [nid, 'new'], [nid, 'entries', eid], … */
export function NotebookRoutes({ productionId, parts, query }: { productionId: string; parts: readonly string[]; query: URLSearchParams }) {
  const [notebookId, page, id] = parts;
  if (!notebookId) return <NotebooksScreen productionId={productionId} />;
  const at = { productionId, notebookId };
  if (parts.length === 1) return <NotebookScreen key={notebookId} {...at} query={query} />;
  if (parts.length === 2) {
    if (page === 'new') return <NewEntryScreen key={query.get('kind') ?? ''} {...at} kind={query.get('kind')} />;
    if (page === 'takes') return <TakesScreen {...at} />;
    if (page === 'handoff') return <HandoffScreen {...at} />;
    if (page === 'package') return <PackageScreen {...at} />;
  }
  if (parts.length === 3 && page === 'entries' && id) return <EntryScreen key={id} {...at} entryId={id} />;
  return <NotFoundScreen />;
}
