// The start-here package: what a new head reads first, on a tablet. The note
// from whoever handed the notebook on, the shoot days ahead with their looks
// and light windows, the equipment and where it came from, the dealers with
// what is still on order, the people and who recommended them, and the open
// questions and to-dos. The PDF and the zip carry the same; the content hash
// seals what was handed on.
import { type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const { startHere } = pack;
  const last = startHere.handoffs[startHere.handoffs.length - 1];
  return (
    <section className="panel nb-seal" aria-labelledby="nb-seal">
      <h2 id="nb-seal">{last ? t('notebook.package.from', { name: last.fromName, at: when(last.at, data.timezone) }) : t('notebook.package.asItStands')}</h2>
      {last?.note && <blockquote className="nb-note">{last.note}</blockquote>}
      <p>
        {t('notebook.package.counts', {
          entries: t('notebook.entries', { count: startHere.entries }),
          versions: t('notebook.versions', { count: startHere.versions }),
          files: t('notebook.files', { count: startHere.attachments }),
          at: when(startHere.preparedAt, data.timezone),
        })}
      </p>
      <p className="nb-hash-line">
        {t('notebook.package.hash')} <code className="nb-hash">{startHere.contentHash}</code>
      </p>
      {last && last.contentHash !== startHere.contentHash && (
        <p className="hint">
          <Trans i18nKey="notebook.package.sealed" values={{ hash: last.contentHash }} components={{ code: <code className="nb-hash" /> }} />
        </p>
      )}
      <div className="actions">
        <a className="button button--primary" href={notebookFiles.package(productionId, data.notebook.id, 'pdf')} download>
          {t('notebook.package.pdf')}
        </a>
        <a className="button button--secondary" href={notebookFiles.package(productionId, data.notebook.id, 'zip')} download>
          {t('notebook.package.zip')}
        </a>
      </div>
    </section>
  );
}

function Package({ productionId, data, pack }: { productionId: string; data: NotebookData; pack: NotebookPackage }) {
  const { t } = useTranslation();
  const zone = data.timezone;
  return (
    <>
      <Seal productionId={productionId} data={data} pack={pack} />
      <div className="nb-pack">
        <Section id="nb-upcoming" title={t('notebook.package.days')} empty={t('notebook.package.noDays')} count={pack.upcoming.length}>
          <ul className="nb-pack-list">
            {pack.upcoming.map((day) => (
              <li key={day.shootDayId}>
                <strong>{dateWords(day.date, 'medium')}</strong>
                {day.locations.length > 0 && ` · ${day.locations.map((l) => l.name).join(', ')}`}
                <span className="nb-pack-sub">{day.scenes.map((s) => t('notebook.package.sceneLine', { number: s.number, description: s.description })).join(' · ') || t('notebook.package.noScenes')}</span>
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-looks" title={t('notebook.kinds.look')} empty={t('notebook.package.noLooks')} count={pack.looks.length}>
          <ul className="nb-pack-list">
            {pack.looks.map(({ entry, sceneNumbers, upcoming }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                {upcoming && <span className="nb-badge">{t('notebook.package.comingUp')}</span>}
                {sceneNumbers.length > 0 && <span className="nb-pack-sub">{t('notebook.package.scenes', { count: sceneNumbers.length, numbers: sceneNumbers.join(', ') })}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-light" title={t('notebook.package.light')} empty={t('notebook.package.noLight')} count={pack.light.length}>
          <ul className="nb-pack-list">
            {pack.light.map(({ entry, location, days }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                {location && <span className="nb-pack-sub">{location.name}</span>}
                {days.map((day) => (
                  <span key={day.date} className="nb-pack-sub">
                    {dateWords(day.date, 'short')}: {day.sunrise ? t('notebook.package.sunrise', { time: localTime(day.sunrise, zone) }) : t('notebook.package.noSunrise')},{' '}
                    {day.sunset ? t('notebook.package.sunset', { time: localTime(day.sunset, zone) }) : t('notebook.package.noSunset')}
                    {day.targets.map((target) => `; ${target.name}: ${windowsText(target.windows, zone)}`).join('')}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-equipment" title={t('notebook.package.equipment')} empty={t('notebook.package.noEquipment')} count={pack.equipment.length}>
          <ul className="nb-pack-list">
            {pack.equipment.map(({ entry, vendor }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                <span className="nb-pack-sub">{fieldsLine(entry.kind, entry.fields)}</span>
                {field(entry, 'provenance') && <span className="nb-pack-sub">{field(entry, 'provenance')}</span>}
                {vendor && <span className="nb-pack-sub">{t('notebook.package.fromVendor', { name: vendor.name })}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-vendors" title={t('notebook.package.vendors')} empty={t('notebook.package.noVendors')} count={pack.vendors.length}>
          <ul className="nb-pack-list">
            {pack.vendors.map(({ entry, openOrders }) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                {field(entry, 'contact') && <span className="nb-pack-sub">{field(entry, 'contact')}</span>}
                {openOrders.length > 0 && <span className="nb-pack-sub">{t('notebook.package.onOrder', { titles: openOrders.map((o) => o.title).join('; ') })}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-people" title={t('notebook.package.people')} empty={t('notebook.package.noPeople')} count={pack.people.length}>
          <ul className="nb-pack-list">
            {pack.people.map((entry) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
                <span className="nb-pack-sub">{fieldsLine(entry.kind, entry.fields)}</span>
                {field(entry, 'recommendation') && <span className="nb-pack-sub">{t('notebook.package.quote', { text: field(entry, 'recommendation') })}</span>}
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-questions" title={t('notebook.package.questions')} empty={t('notebook.package.noQuestions')} count={pack.openQuestions.length}>
          <ul className="nb-pack-list">
            {pack.openQuestions.map((entry) => (
              <li key={entry.id}>
                <EntryTitle productionId={productionId} entry={entry} />
              </li>
            ))}
          </ul>
        </Section>
        <Section id="nb-todos" title={t('notebook.kinds.todo')} empty={t('notebook.package.noTodos')} count={pack.todos.length}>
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
  const { t } = useTranslation();
  const [data, retry] = useNotebookData(productionId, notebookId);
  const ready = data.state === 'ready' && data.data.notebook.standing === 'head' ? data.data : null;
  const [pack, reload] = useResource(`${notebookId}/package`, () => api.notebookPackage(productionId, notebookId));
  return (
    <Page title={ready ? t('notebook.package.titleOf', { notebook: notebookTitle(ready.notebook) }) : t('notebook.package.title')} wide>
      <NotebookLoading state={data} retry={retry} />
      {data.state === 'ready' && !ready && <p>{t('notebook.package.headOnly')}</p>}
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
