// A shoot day's call sheet (S4), reached from the day in one tap: its versions
// (a draft, then published versions in their revision colours), the draft's
// notes, walkie channels and medic, a preview of the whole sheet as it will
// print, publishing with a confirmation that names who receives it, and once
// published who has opened, confirmed and acknowledged its safety section.
import { useEffect, useRef, useState } from 'react';
import type { Problem } from '../../api.js';
import { Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { dateWords, dayPath, instantOf, Loading, useProblemInView, useScheduleData, type ScheduleData } from '../schedule/shared.js';
import { callSheetApi, pdfUrl, type CallSheet, type CallSheetSummary, type DraftBody } from './client.js';
import { RecipientsPanel } from './recipients.js';
import { SheetView } from './sheet-view.js';
import { callSheetPath, canFollow, canIssue, RevisionBadge, When } from './shared.js';
import { readWalkies, walkieLines } from './words.js';

function VersionList({ productionId, dayId, versions, chosen, zone }: { productionId: string; dayId: string; versions: readonly CallSheetSummary[]; chosen: string; zone: string }) {
  return (
    <nav className="cs-versions" aria-label="Versions">
      <ul>
        {versions.map((v) => (
          <li key={v.id}>
            <Link className="cs-version" href={callSheetPath(productionId, dayId, v.id)} aria-current={v.id === chosen ? 'page' : undefined}>
              <span className="cs-version-title">
                <RevisionBadge revision={v.revision} />
              </span>
              <span className="cs-version-sub">
                {v.status === 'draft' ? (
                  'Draft, not sent'
                ) : (
                  <>
                    Published <When at={v.publishedAt!} timeZone={zone} />
                    {v.superseded && ' · replaced'}
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
      setTyped({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: { walkieChannels: walkies.error } });
      return;
    }
    setTyped(null);
    const body: DraftBody = { notes: text(form, 'notes') || null, walkieChannels: walkies.channels, medicId: text(form, 'medicId') || null };
    const done = await submit.run(body);
    if (done) saved(done.data.callSheet.id);
  }

  return (
    <div ref={box} className="cs-draft-form">
      <Form label={draft ? `Draft, version ${draft.version}` : 'New call sheet version'} problem={problem} fields={['notes', 'walkieChannels', 'medicId']} onSubmit={(f) => void onSubmit(f)}>
        <TextAreaField name="notes" label="Notes for everyone (optional)" hint="Weather cover, a road closure, what to wear" rows={3} defaultValue={from?.notes ?? ''} className="cs-prose-input" />
        <TextAreaField
          name="walkieChannels"
          label="Walkie channels (optional)"
          hint="One channel a line: the channel, then who is on it. “1 Production”, “Ch 2: Grip & electric”"
          rows={3}
          defaultValue={walkieLines(from?.walkieChannels ?? [])}
        />
        <SelectField name="medicId" label="Medic on set" defaultValue={from?.medicId ?? ''}>
          <option value="">Whoever is rostered as medic</option>
          {medics.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({m.roles.length > 0 ? rolesText(m.roles) : 'no role'})
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>{draft ? 'Save the draft' : `Start version ${(start?.version ?? 0) + 1}`}</SubmitButton>
      </Form>
    </div>
  );
}

/** Publishing: a confirmation that says who receives the sheet; everyone on the day's roster and times unless someone is unticked. */
function PublishDialog({ productionId, sheet, previous, published }: { productionId: string; sheet: CallSheet; previous: CallSheetSummary | undefined; published: (count: number) => void }) {
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
        Publish version {sheet.version}…
      </button>
      {people.length === 0 && <p className="hint">Nobody is on the day’s roster or times yet: put the crew on the roster first, then publish.</p>}
      <dialog ref={dialog} className="cs-dialog" aria-labelledby="cs-publish-title" aria-describedby="cs-publish-what">
        <form
          method="dialog"
          className="cs-dialog-form"
          onSubmit={(event) => {
            event.preventDefault();
            void publish();
          }}
        >
          <h2 id="cs-publish-title">Publish version {sheet.version}?</h2>
          <p id="cs-publish-what">
            {chosen.length === 1 ? '1 person receives' : `${chosen.length} people receive`} it by email, each with a personal link. A published version never changes
            {previous ? `; the links to version ${previous.version} stop working.` : '.'}
          </p>
          <fieldset className="choices cs-who">
            <legend>Who receives it</legend>
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
            {chosen.length === 0 && <p>Tick at least one person.</p>}
            {submit.problem && <p>{submit.problem.detail}</p>}
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" aria-disabled={submit.busy || chosen.length === 0 || undefined}>
              {submit.busy ? 'Publishing…' : `Publish and send to ${chosen.length}`}
            </button>
            <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
              Cancel
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
}: {
  productionId: string;
  dayId: string;
  data: ScheduleData;
  summary: CallSheetSummary;
  versions: readonly CallSheetSummary[];
  changed: (id: string, notice?: string, focusHeading?: boolean) => void;
}) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [round, setRound] = useState(0);
  const [loaded, reload] = useResource(`${productionId}/call-sheet/${summary.id}/${round}`, () => callSheetApi.sheet(productionId, summary.id));
  const zone = data.timezone;
  const previous = versions.find((v) => v.status === 'published' && v.version < summary.version);
  const newest = versions[0]?.id === summary.id;
  const draft = summary.status === 'draft';
  const sections = loaded.state === 'ready' ? loaded.data.callSheet.sections : null;
  const generalCall = sections?.calls.general ? instantOf(sections.day.date, sections.calls.general, sections.production.timezone).toISOString() : null;

  return (
    <section className="cs-version-body" aria-labelledby="cs-version-heading">
      <h2 id="cs-version-heading" tabIndex={-1}>
        {draft ? `Draft of version ${summary.version}` : `Version ${summary.version}, published`}
      </h2>
      {!draft && (
        <p className="cs-published-line">
          Published <When at={summary.publishedAt!} timeZone={zone} /> by {data.nameOf(summary.publishedBy ?? '')}.{' '}
          {summary.superseded ? 'A newer version replaced it: its links no longer open.' : 'It never changes: a change is a new version.'}
        </p>
      )}
      <div className="sched-card-actions cs-actions">
        {!draft && (
          <a className="button button--secondary" href={pdfUrl(productionId, summary.id)} download>
            Download the PDF
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
              changed(summary.id, 'The draft is saved. The preview below shows it.', false);
            }}
          />
          <div className="cs-publish-box">
            {loaded.state === 'ready' && (
              <PublishDialog
                productionId={productionId}
                sheet={loaded.data.callSheet}
                previous={previous}
                published={(count) => changed(summary.id, `Version ${summary.version} is published and sent to ${count === 1 ? '1 person' : `${count} people`}.`)}
              />
            )}
          </div>
        </div>
      )}
      {!draft && canFollow(roles) && <RecipientsPanel productionId={productionId} sheet={summary} zone={zone} canResend={canIssue(roles) && !summary.superseded} generalCall={generalCall} />}
      <section className="cs-preview" aria-labelledby="cs-preview-heading">
        <h2 id="cs-preview-heading">{draft ? 'Preview, as it will print' : 'The sheet as sent'}</h2>
        {draft && <p className="hint">A draft shows the schedule as it is now. Publishing freezes it, with the ledger checkpoint of that moment.</p>}
        <Loading resource={loaded} retry={reload} />
        {loaded.state === 'ready' && <SheetView sheet={loaded.data.callSheet.sections} level={3} />}
      </section>
    </section>
  );
}

/** A published version changes only by a new one: the draft starts from its notes, channels and medic. */
function StartRevision({ productionId, dayId, summary, changed }: { productionId: string; dayId: string; summary: CallSheetSummary; changed: (id: string, notice?: string) => void }) {
  const submit = useSubmit((body: DraftBody, options) => callSheetApi.createDraft(productionId, dayId, body, options));
  async function start(): Promise<void> {
    const done = await submit.run({ notes: summary.notes, walkieChannels: summary.walkieChannels, medicId: summary.medicId });
    if (done) changed(done.data.callSheet.id, `Version ${done.data.callSheet.version} is a draft: change it, then publish it to replace version ${summary.version}.`);
  }
  return (
    <>
      <button type="button" className="button button--secondary" aria-disabled={submit.busy || undefined} onClick={() => void start()}>
        {submit.busy ? 'Working…' : `Start version ${summary.version + 1}`}
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
  const { membership, go } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reloadData] = useScheduleData(productionId);
  const [versions, reloadVersions] = useResource(`${productionId}/call-sheets/${dayId}`, () => callSheetApi.versions(productionId, dayId));
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

  const title = day ? `Call sheet: ${dateWords(day.date, 'medium')}` : 'Call sheet';
  return (
    <Page title={title} wide>
      <Loading resource={data} retry={reloadData} />
      <Loading resource={versions} retry={reloadVersions} />
      {data.state === 'ready' && !day && <p role="alert">This shoot day is not on the schedule.</p>}
      {data.state === 'ready' && day && versions.state === 'ready' && (
        <>
          <p className="lead">
            {data.data.productionName} · <Link href={dayPath(productionId, dayId)}>the shoot day</Link>
          </p>
          {list.length > 0 && <VersionList productionId={productionId} dayId={dayId} versions={list} chosen={chosen?.id ?? ''} zone={data.data.timezone} />}
          {list.length === 0 && !canIssue(roles) && <p>No call sheet has been published for this day yet.</p>}
          {list.length === 0 && canIssue(roles) && (
            <section className="panel" aria-labelledby="cs-new-heading">
              <h2 id="cs-new-heading">Start the call sheet</h2>
              <p>The sheet is made from the day as it is on the schedule: its calls, locations, scenes, roster and safety. Add what only you know.</p>
              <DraftForm productionId={productionId} dayId={dayId} data={data.data} draft={null} start={null} saved={(id) => changed(id, 'The draft is made. Check the preview, then publish it.')} />
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
            />
          )}
        </>
      )}
    </Page>
  );
}
