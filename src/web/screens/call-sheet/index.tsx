// A shoot day's call sheet (S4), reached from the day in one tap: its versions
// (a draft, then published versions in their revision colours), the draft's
// notes, walkie channels and medic, a preview of the whole sheet as it will
// print, publishing with a confirmation that names who receives it, and once
// published who has opened, confirmed and acknowledged its safety section.
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Problem } from '../../api.js';
import { Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { trapFocus } from '../../components/takeover.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { OfflineBanner, oldestSeen } from '../../components/offline-banner.js';
import { dateWords, dayPath, instantOf, Loading, useProblemInView, useScheduleData, type ScheduleData } from '../schedule/shared.js';
import { callSheetApi, pdfUrl, type CallSheet, type CallSheetSummary, type DraftBody } from './client.js';
import { RecipientsPanel } from './recipients.js';
import { SheetView } from './sheet-view.js';
import { callSheetPath, canFollow, canIssue, RevisionBadge, When } from './shared.js';
import { readWalkies, walkieLines } from './words.js';

function VersionList({ productionId, dayId, versions, chosen, zone }: { productionId: string; dayId: string; versions: readonly CallSheetSummary[]; chosen: string; zone: string }) {
  const { t } = useTranslation();
  return (
    <nav className="cs-versions" aria-label={t('callsheet.versions')}>
      <ul>
        {versions.map((v) => (
          <li key={v.id}>
            <Link className="cs-version" href={callSheetPath(productionId, dayId, v.id)} aria-current={v.id === chosen ? 'page' : undefined}>
              <span className="cs-version-title">
                <RevisionBadge revision={v.revision} />
              </span>
              <span className="cs-version-sub">
                {v.status === 'draft' ? (
                  t('callsheet.draftNotSent')
                ) : (
                  <>
                    <Trans i18nKey="callsheet.publishedAt" components={{ when: <When at={v.publishedAt!} timeZone={zone} /> }} />
                    {v.superseded && ` · ${t('callsheet.replaced')}`}
                  </>
                )}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The draft's own fields: notes for everyone, the radio channels, the medic on set. */
function DraftForm({
  productionId,
  dayId,
  data,
  draft,
  start,
  saved,
}: {
  productionId: string;
  dayId: string;
  data: ScheduleData;
  /** the draft being changed, or null for a new version */
  draft: CallSheetSummary | null;
  /** what a new version starts from: the version before it */
  start: CallSheetSummary | null;
  saved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const create = useSubmit((body: DraftBody, options) => callSheetApi.createDraft(productionId, dayId, body, options));
  const update = useSubmit((body: DraftBody, options) => callSheetApi.updateDraft(productionId, draft?.id ?? '', body, options));
  const submit = draft ? update : create;
  const [typed, setTyped] = useState<Problem | null>(null);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);
  const from = draft ?? start;
  const medics = [...data.members].sort((a, b) => Number(b.roles.includes('medic')) - Number(a.roles.includes('medic')) || a.name.localeCompare(b.name));

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const walkies = readWalkies(text(form, 'walkieChannels'));
    if (walkies.error) {
      setTyped({ status: 400, title: t('callsheet.draft.invalid'), detail: t('callsheet.draft.correct'), fields: { walkieChannels: walkies.error } });
      return;
    }
    setTyped(null);
    const body: DraftBody = { notes: text(form, 'notes') || null, walkieChannels: walkies.channels, medicId: text(form, 'medicId') || null };
    const done = await submit.run(body);
    if (done) saved(done.data.callSheet.id);
  }

  return (
    <div ref={box} className="cs-draft-form">
      <Form label={draft ? t('callsheet.draft.label', { version: draft.version }) : t('callsheet.draft.newLabel')} problem={problem} fields={['notes', 'walkieChannels', 'medicId']} onSubmit={(f) => void onSubmit(f)}>
        <TextAreaField name="notes" label={t('callsheet.draft.notes')} hint={t('callsheet.draft.notesHint')} rows={3} defaultValue={from?.notes ?? ''} className="cs-prose-input" />
        <TextAreaField
          name="walkieChannels"
          label={t('callsheet.draft.walkies')}
          hint={t('callsheet.draft.walkiesHint')}
          rows={3}
          defaultValue={walkieLines(from?.walkieChannels ?? [])}
        />
        <SelectField name="medicId" label={t('callsheet.draft.medic')} defaultValue={from?.medicId ?? ''}>
          <option value="">{t('callsheet.draft.rosteredMedic')}</option>
          {medics.map((m) => (
            <option key={m.userId} value={m.userId}>
              {t('callsheet.draft.medicOption', { name: m.name, roles: m.roles.length > 0 ? rolesText(m.roles) : t('callsheet.draft.noRole') })}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>{draft ? t('callsheet.draft.save') : t('callsheet.startVersion', { version: (start?.version ?? 0) + 1 })}</SubmitButton>
      </Form>
    </div>
  );
}

/** Publishing: a confirmation that says who receives the sheet; everyone on the day's roster and times unless someone is unticked. */
function PublishDialog({ productionId, sheet, previous, published }: { productionId: string; sheet: CallSheet; previous: CallSheetSummary | undefined; published: (count: number) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const people = sheet.sections.calls.people;
  const [chosen, setChosen] = useState<string[]>(() => people.map((p) => p.userId));
  const submit = useSubmit((body: { recipientIds?: string[] }, options) => callSheetApi.publish(productionId, sheet.id, body, options));
  const everyone = chosen.length === people.length;

  async function publish(): Promise<void> {
    if (chosen.length === 0) return;
    const done = await submit.run(everyone ? {} : { recipientIds: chosen });
    if (!done) return;
    dialog.current?.close();
    published(done.data.recipients);
  }

  return (
    <>
      <button
        type="button"
        className="button button--primary cs-publish"
        aria-disabled={people.length === 0 || undefined}
        onClick={() => {
          if (people.length === 0) return;
          setChosen(people.map((p) => p.userId));
          dialog.current?.showModal();
        }}
      >
        {t('callsheet.publish.button', { version: sheet.version })}
      </button>
      {people.length === 0 && <p className="hint">{t('callsheet.publish.nobody')}</p>}
      <dialog ref={dialog} className="cs-dialog" aria-labelledby="cs-publish-title" aria-describedby="cs-publish-what" onKeyDown={trapFocus}>
        <form
          method="dialog"
          className="cs-dialog-form"
          onSubmit={(event) => {
            event.preventDefault();
            void publish();
          }}
        >
          <h2 id="cs-publish-title">{t('callsheet.publish.title', { version: sheet.version })}</h2>
          <p id="cs-publish-what">
            {previous
              ? t('callsheet.publish.whatReplacing', { count: chosen.length, previous: previous.version })
              : t('callsheet.publish.what', { count: chosen.length })}
          </p>
          <fieldset className="choices cs-who">
            <legend>{t('callsheet.publish.who')}</legend>
            <div className="cs-who-list">
              {people.map((person) => (
                <label key={person.userId} className="choice">
                  <input
                    type="checkbox"
                    checked={chosen.includes(person.userId)}
                    onChange={(event) => setChosen(event.currentTarget.checked ? [...chosen, person.userId] : chosen.filter((id) => id !== person.userId))}
                  />
                  <span>
                    {person.name} <span className="choice-sub">{person.department}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form-error" role="alert">
            {chosen.length === 0 && <p>{t('callsheet.publish.tickOne')}</p>}
            {submit.problem && <p>{submit.problem.detail}</p>}
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" aria-disabled={submit.busy || chosen.length === 0 || undefined}>
              {submit.busy ? t('callsheet.publish.busy') : t('callsheet.publish.send', { count: chosen.length })}
            </button>
            <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
              {t('callsheet.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function Version({
  productionId,
  dayId,
  data,
  summary,
  versions,
  changed,
  offlineAbove,
}: {
  productionId: string;
  dayId: string;
  data: ScheduleData;
  summary: CallSheetSummary;
  versions: readonly CallSheetSummary[];
  changed: (id: string, notice?: string, focusHeading?: boolean) => void;
  /** the page already says it shows what this phone last saw */
  offlineAbove: boolean;
}) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [round, setRound] = useState(0);
  const [loaded, reload] = useResource(`${productionId}/call-sheet/${summary.id}/${round}`, () => callSheetApi.sheet(productionId, summary.id), { remember: { productionId } });
  const zone = data.timezone;
  const previous = versions.find((v) => v.status === 'published' && v.version < summary.version);
  const newest = versions[0]?.id === summary.id;
  const draft = summary.status === 'draft';
  const sections = loaded.state === 'ready' ? loaded.data.callSheet.sections : null;
  const generalCall = sections?.calls.general ? instantOf(sections.day.date, sections.calls.general, sections.production.timezone).toISOString() : null;

  return (
    <section className="cs-version-body" aria-labelledby="cs-version-heading">
      <h2 id="cs-version-heading" tabIndex={-1}>
        {draft ? t('callsheet.version.draft', { version: summary.version }) : t('callsheet.version.published', { version: summary.version })}
      </h2>
      {!offlineAbove && <OfflineBanner seenAt={oldestSeen([loaded])} timeZone={zone} />}
      {!draft && (
        <p className="cs-published-line">
          <Trans i18nKey="callsheet.version.publishedBy" values={{ name: data.nameOf(summary.publishedBy ?? '') }} components={{ when: <When at={summary.publishedAt!} timeZone={zone} /> }} />{' '}
          {summary.superseded ? t('callsheet.version.superseded') : t('callsheet.version.fixed')}
        </p>
      )}
      <div className="sched-card-actions cs-actions">
        {!draft && (
          <a className="button button--secondary" href={pdfUrl(productionId, summary.id)} download>
            {t('callsheet.version.pdf')}
          </a>
        )}
        {!draft && newest && canIssue(roles) && <StartRevision productionId={productionId} dayId={dayId} summary={summary} changed={changed} />}
      </div>
      {draft && canIssue(roles) && (
        <div className="cs-split">
          <DraftForm
            productionId={productionId}
            dayId={dayId}
            data={data}
            draft={summary}
            start={null}
            saved={() => {
              setRound((n) => n + 1);
              changed(summary.id, t('callsheet.version.saved'), false);
            }}
          />
          <div className="cs-publish-box">
            {loaded.state === 'ready' && (
              <PublishDialog
                productionId={productionId}
                sheet={loaded.data.callSheet}
                previous={previous}
                published={(count) => changed(summary.id, t('callsheet.version.sent', { version: summary.version, count }))}
              />
            )}
          </div>
        </div>
      )}
      {!draft && canFollow(roles) && <RecipientsPanel productionId={productionId} sheet={summary} zone={zone} canResend={canIssue(roles) && !summary.superseded} generalCall={generalCall} />}
      <section className="cs-preview" aria-labelledby="cs-preview-heading">
        <h2 id="cs-preview-heading">{draft ? t('callsheet.version.preview') : t('callsheet.version.asSent')}</h2>
        {draft && <p className="hint">{t('callsheet.version.previewHint')}</p>}
        <Loading resource={loaded} retry={reload} />
        {loaded.state === 'ready' && <SheetView sheet={loaded.data.callSheet.sections} level={3} />}
      </section>
    </section>
  );
}

/** A published version changes only by a new one: the draft starts from its notes, channels and medic. */
function StartRevision({ productionId, dayId, summary, changed }: { productionId: string; dayId: string; summary: CallSheetSummary; changed: (id: string, notice?: string) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit((body: DraftBody, options) => callSheetApi.createDraft(productionId, dayId, body, options));
  async function start(): Promise<void> {
    const done = await submit.run({ notes: summary.notes, walkieChannels: summary.walkieChannels, medicId: summary.medicId });
    if (done) changed(done.data.callSheet.id, t('callsheet.version.revising', { version: done.data.callSheet.version, previous: summary.version }));
  }
  return (
    <>
      <button type="button" className="button button--secondary" aria-disabled={submit.busy || undefined} onClick={() => void start()}>
        {submit.busy ? t('callsheet.working') : t('callsheet.startVersion', { version: summary.version + 1 })}
      </button>
      {submit.problem && (
        <p className="form-error" role="alert">
          {submit.problem.detail}
        </p>
      )}
    </>
  );
}

export function CallSheetScreen({ productionId, dayId, versionId }: { productionId: string; dayId: string; versionId: string | null }) {
  const { t } = useTranslation();
  const { membership, go } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reloadData] = useScheduleData(productionId, true);
  const [versions, reloadVersions] = useResource(`${productionId}/call-sheets/${dayId}`, () => callSheetApi.versions(productionId, dayId), { remember: { productionId } });
  const day = data.state === 'ready' ? data.data.schedule.shootDays.find((d) => d.id === dayId) : undefined;
  const list = versions.state === 'ready' ? versions.data.callSheets.filter((v) => v.status === 'published' || canIssue(roles) || canFollow(roles)) : [];
  const chosen = list.find((v) => v.id === versionId) ?? list[0];

  // A new draft or a publication replaces the button that made it: focus goes to the version's heading once it shows.
  const focusOn = useRef<string | null>(null);
  useEffect(() => {
    if (!chosen || focusOn.current !== chosen.id) return;
    focusOn.current = null;
    document.getElementById('cs-version-heading')?.focus();
  }, [chosen?.id, chosen?.status]);

  function changed(id: string, notice?: string, focusHeading = true): void {
    focusOn.current = focusHeading ? id : null;
    reloadVersions();
    go(callSheetPath(productionId, dayId, id), notice);
  }

  const title = day ? t('callsheet.titleOf', { date: dateWords(day.date, 'medium') }) : t('callsheet.title');
  const seenAt = oldestSeen([data, versions]);
  return (
    <Page title={title} wide>
      <OfflineBanner seenAt={seenAt} timeZone={data.state === 'ready' ? data.data.timezone : undefined} />
      <Loading resource={data} retry={reloadData} />
      <Loading resource={versions} retry={reloadVersions} />
      {data.state === 'ready' && !day && <p role="alert">{t('callsheet.screen.noDay')}</p>}
      {data.state === 'ready' && day && versions.state === 'ready' && (
        <>
          <p className="lead">
            {data.data.productionName} · <Link href={dayPath(productionId, dayId)}>{t('callsheet.screen.theDay')}</Link>
          </p>
          {list.length > 0 && <VersionList productionId={productionId} dayId={dayId} versions={list} chosen={chosen?.id ?? ''} zone={data.data.timezone} />}
          {list.length === 0 && !canIssue(roles) && <p>{t('callsheet.screen.noneYet')}</p>}
          {list.length === 0 && canIssue(roles) && (
            <section className="panel" aria-labelledby="cs-new-heading">
              <h2 id="cs-new-heading">{t('callsheet.screen.start')}</h2>
              <p>{t('callsheet.screen.startHint')}</p>
              <DraftForm productionId={productionId} dayId={dayId} data={data.data} draft={null} start={null} saved={(id) => changed(id, t('callsheet.screen.made'))} />
            </section>
          )}
          {chosen && (
            <Version
              key={`${chosen.id} ${chosen.status}`}
              productionId={productionId}
              dayId={dayId}
              data={data.data}
              summary={chosen}
              versions={list}
              changed={changed}
              offlineAbove={seenAt !== null}
            />
          )}
        </>
      )}
    </Page>
  );
}
