// The start-here package: what a new head reads first, on a tablet. The note
// from whoever handed the notebook on, the shoot days ahead with their looks
// and light windows, the equipment and where it came from, the dealers with
// what is still on order, the people and who recommended them, and the open
// questions and to-dos. The PDF and the zip carry the same; the content hash
// seals what was handed on.
import { type ReactNode } from 'react';
import { api, notebookFiles, type NotebookEntry, type NotebookPackage } from '../../api.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { useResource } from '../../use-resource.js';
import { dateWords, localTime } from '../schedule/shared.js';
import { windowsText } from './entry-form.js';
import { fieldsLine, kindFields, shownValue } from './kinds.js';
import { entryPath, NotebookLoading, notebookPath, notebookTitle, useNotebookData, when, type NotebookData } from './shared.js';

function Section({ id, title, empty, children, count }: { id: string; title: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section className="panel nb-pack-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {count === 0 ? <p className="nb-empty">{empty}</p> : children}
    </section>
  );
}

function EntryTitle({ productionId, entry }: { productionId: string; entry: NotebookEntry }) {
  return (
    <Link className="nb-pack-title" href={entryPath(productionId, entry.notebookId, entry.id)}>
      {entry.title}
    </Link>
  );
}

function field(entry: NotebookEntry, name: string): string | null {
  const spec = kindFields[entry.kind].find((s) => s.name === name);
  return spec ? shownValue(spec, entry.fields[name], entry.fields.currency) : null;
}

function Seal({ productionId, data, pack }: { productionId: string; data: NotebookData; pack: NotebookPackage }) {
  const { startHere } = pack;
  const last = startHere.handoffs[startHere.handoffs.length - 1];
  return (
    <section className="panel nb-seal" aria-labelledby="nb-seal">
      <h2 id="nb-seal">{last ? `From ${last.fromName}, ${when(last.at, data.timezone)}` : 'The notebook as it stands'}</h2>
      {last?.note && <blockquote className="nb-note">{last.note}</blockquote>}
      <p>
        {startHere.entries === 1 ? '1 entry' : `${startHere.entries} entries`}, {startHere.versions} versions, {startHere.attachments === 1 ? '1 file' : `${startHere.attachments} files`}. Prepared{' '}
        {when(startHere.preparedAt, data.timezone)}.
      </p>
      <p className="nb-hash-line">
        Content hash (SHA-256) <code className="nb-hash">{startHere.contentHash}</code>
      </p>
      {last && last.contentHash !== startHere.contentHash && <p className="hint">Sealed at the handoff: <code className="nb-hash">{last.contentHash}</code>. The notebook has changed since.</p>}
      <div className="actions">
        <a className="button button--primary" href={notebookFiles.package(productionId, data.notebook.id, 'pdf')} download>
          Download PDF
        </a>
        <a className="button button--secondary" href={notebookFiles.package(productionId, data.notebook.id, 'zip')} download>
          Download zip (JSON and files)
        </a>
      </div>
    </section>
  );
}

function Package({ productionId, data, pack }: { productionId: string; data: NotebookData; pack: NotebookPackage }) {
  const zone = data.timezone;
  return (
    <>
      <Seal productionId={productionId} data={data} pack={pack} />
      <div className="nb-pack">
        <Section id="nb-upcoming" title="Shoot days ahead" empty="No shoot days ahead on the schedule." count={pack.upcoming.length}>
          <ul className="nb-pack-list">
            {pack.upcoming.map((day) => (
              <li key={day.shootDayId}>
                <strong>{dateWords(day.date, 'medium')}</strong>
                {day.locations.length > 0 && ` · ${day.locations.map((l) => l.name).join(', ')}`}
                <span className="nb-pack-sub">{day.scenes.map((s) => `Scene ${s.number}: ${s.description}`).join(' · ') || 'No scenes yet'}</span>
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-looks" title="Looks" empty="No looks written yet." count={pack.looks.length}>
          <ul className="nb-pack-list">
            {pack.looks.map(({ entry, sceneNumbers, upcoming }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                {upcoming && <span className="nb-badge">Coming up</span>}
                {sceneNumbers.length > 0 && <span className="nb-pack-sub">Scenes {sceneNumbers.join(', ')}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-light" title="Light windows" empty="No light plans yet." count={pack.light.length}>
          <ul className="nb-pack-list">
            {pack.light.map(({ entry, location, days }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                {location && <span className="nb-pack-sub">{location.name}</span>}
                {days.map((day) => (
                  <span key={day.date} className="nb-pack-sub">
                    {dateWords(day.date, 'short')}: {day.sunrise ? `sunrise ${localTime(day.sunrise, zone)}` : 'no sunrise'}, {day.sunset ? `sunset ${localTime(day.sunset, zone)}` : 'no sunset'}
                    {day.targets.map((t) => `; ${t.name}: ${windowsText(t.windows, zone)}`).join('')}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-equipment" title="Equipment and provenance" empty="No equipment recorded." count={pack.equipment.length}>
          <ul className="nb-pack-list">
            {pack.equipment.map(({ entry, vendor }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                <span className="nb-pack-sub">{fieldsLine(entry.kind, entry.fields)}</span>
                {field(entry, 'provenance') && <span className="nb-pack-sub">{field(entry, 'provenance')}</span>}
                {vendor && <span className="nb-pack-sub">From {vendor.name}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-vendors" title="Dealers and open orders" empty="No dealers recorded." count={pack.vendors.length}>
          <ul className="nb-pack-list">
            {pack.vendors.map(({ entry, openOrders }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                {field(entry, 'contact') && <span className="nb-pack-sub">{field(entry, 'contact')}</span>}
                {openOrders.length > 0 && <span className="nb-pack-sub">On order: {openOrders.map((o) => o.title).join('; ')}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-people" title="People and recommendations" empty="No people recorded." count={pack.people.length}>
          <ul className="nb-pack-list">
            {pack.people.map((entry) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                <span className="nb-pack-sub">{fieldsLine(entry.kind, entry.fields)}</span>
                {field(entry, 'recommendation') && <span className="nb-pack-sub">“{field(entry, 'recommendation')}”</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-questions" title="Open questions" empty="No open questions." count={pack.openQuestions.length}>
          <ul className="nb-pack-list">
            {pack.openQuestions.map((entry) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-todos" title="To-dos" empty="Nothing left to do." count={pack.todos.length}>
          <ul className="nb-pack-list">
            {pack.todos.map((entry) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </>
  );
}

export function PackageScreen({ productionId, notebookId }: { productionId: string; notebookId: string }) {
  const [data, retry] = useNotebookData(productionId, notebookId);
  const ready = data.state === 'ready' && data.data.notebook.standing === 'head' ? data.data : null;
  const [pack, reload] = useResource(`${notebookId}/package`, () => api.notebookPackage(productionId, notebookId));
  return (
    <Page title={ready ? `Start here: ${notebookTitle(ready.notebook)}` : 'Start here'} wide>
      <NotebookLoading state={data} retry={retry} />
      {data.state === 'ready' && !ready && <p>The start-here package is for the notebook’s head.</p>}
      {ready && (
        <p className="nb-back">
          <Link href={notebookPath(productionId, notebookId)}>{notebookTitle(ready.notebook)}</Link>
        </p>
      )}
      {ready && pack.state !== 'ready' && <NotebookLoading state={pack.state === 'loading' ? pack : { state: 'failed', problem: pack.problem }} retry={reload} />}
      {ready && pack.state === 'ready' && <Package productionId={productionId} data={ready} pack={pack.data} />}
    </Page>
  );
}
