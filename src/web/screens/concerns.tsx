// Concerns (S2): the report screen (for members, and for anyone with the set's
// public code), the inbox of the people who handle them ordered by deadline,
// and one concern's thread with its messages, acknowledgement, resolution and
// every email it sent. The ladder decides who sees what: the server answers
// only what reaches the viewer, and never a concern to the people it implicates.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  api,
  type ApiResult,
  type Concern,
  type ConcernCategory,
  type ConcernEmail,
  type ConcernMessage,
  type ConcernThread,
  type EscalationLevel,
  type FollowUpCredentials,
  type Member,
  type NewConcern,
  type ReportedConcern,
  type RequestOptions,
  type Severity,
} from '../api.js';
import { Field, Form, SubmitButton, TextAreaField, Tiles, text, useSubmit } from '../components/form.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useLive } from '../live-provider.js';
import { useStops } from '../stops.js';
import { dateTimeOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';
import {
  categories,
  categoryLabels,
  categoryText,
  durationText,
  levelText,
  levelWhoText,
  severities,
  severityLabels,
  severityText,
  statusLabels,
  TimeLeft,
  useNow,
  WriteForm,
} from './concern-shared.js';

const concernsPath = (productionId: string) => `/productions/${encodeURIComponent(productionId)}/concerns`;

function useConcernTimes(): Intl.DateTimeFormat {
  const zone = useStops()?.production?.timezone;
  return useMemo(() => timeFormat(zone, dateTimeOptions), [zone]);
}

/** Reads the concerns again when one is reported, climbs or changes, and when the live stream (re)connects. */
function useConcernRefresh(reload: () => void, concernId?: string): void {
  const listen = useLive()?.listen;
  useEffect(
    () =>
      listen?.((signal) => {
        const about = (signal.type === 'concern.escalated' || signal.type === 'concern.updated') && (!concernId || signal.concernId === concernId);
        if (signal.type === 'open' || about) reload();
      }),
    [listen, reload, concernId],
  );
}

// ---------------------------------------------------------------------------
// Reporting

type ReportCall = (body: NewConcern, options: RequestOptions) => Promise<ApiResult<ReportedConcern>>;

function checkReport(body: NewConcern): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.category) invalid.category = 'Choose what it is about.';
  if (!body.severity) invalid.severity = 'Choose how serious it is.';
  if (!body.description) invalid.description = 'Say what is wrong.';
  return invalid;
}

function readReport(form: HTMLFormElement, anonymousChoice: boolean): NewConcern {
  const data = new FormData(form);
  const body: NewConcern = {
    category: text(form, 'category') as ConcernCategory,
    severity: text(form, 'severity') as Severity,
    description: text(form, 'description'),
  };
  if (anonymousChoice && data.get('anonymous') === 'on') body.anonymous = true;
  const location = text(form, 'location');
  if (location) body.location = location;
  const implicated = data.getAll('implicatedUserIds').filter((id): id is string => typeof id === 'string');
  if (implicated.length > 0) body.implicatedUserIds = implicated;
  return body;
}

interface ReportFormProps {
  call: ReportCall;
  /** members to choose the implicated from; not offered without an account */
  members?: Member[] | null;
  /** members may put their name to it; through the set's public code it is always anonymous */
  anonymousChoice: boolean;
  /** the production's ladder, when the reporter may read it */
  ladder?: EscalationLevel[] | null;
  reported: (answer: ReportedConcern, body: NewConcern) => void;
}

/** Three taps for the common case: what it is about, how serious, Send. */
function ReportForm({ call, members, anonymousChoice, ladder, reported }: ReportFormProps) {
  const submit = useSubmit<NewConcern, ReportedConcern>(call);
  const first = ladder?.[0];
  const severityChoices = severities.map((severity) => ({
    value: severity,
    label: severityLabels[severity].word,
    sub: first ? `${severityLabels[severity].sub} · acknowledged within ${durationText(first.deadlines[severity])}` : severityLabels[severity].sub,
  }));

  async function send(form: HTMLFormElement): Promise<void> {
    const body = readReport(form, anonymousChoice);
    const done = await submit.run(body, checkReport);
    if (done) reported(done.data, body);
  }

  return (
    <Form
      label="Report a concern"
      problem={submit.problem}
      fields={['category', 'severity', 'description', 'anonymous', 'location', 'implicatedUserIds']}
      onSubmit={(f) => void send(f)}
    >
      <Tiles name="category" legend="What is it about?" choices={categories.map((category) => ({ value: category, label: categoryLabels[category] }))} />
      <Tiles name="severity" legend="How serious is it?" choices={severityChoices} />
      <TextAreaField name="description" label="What is wrong?" hint="What you saw or heard, and where. Say only what you want the people handling it to read." rows={4} className="prose" maxLength={8000} />
      {anonymousChoice && (
        <div className="check">
          <label className="choice">
            <input type="checkbox" name="anonymous" aria-describedby="anonymous-hint" />
            <span>Report anonymously</span>
          </label>
          <p className="hint" id="anonymous-hint">
            Your name is not stored with the report, not even in the ledger. You get a follow-up key and a passphrase instead: with them you read the answers
            and write back.
          </p>
        </div>
      )}
      <details className="disclosure">
        <summary>Where, and who must not see it (optional)</summary>
        <div className="form-more">
          <Field name="location" label="Where? (optional)" autoComplete="off" maxLength={200} />
          {members !== undefined && <ImplicatedChoice members={members} />}
        </div>
      </details>
      {ladder && ladder.length > 0 && <p className="hint">{ladderSentence(ladder)}</p>}
      <SubmitButton busy={submit.busy}>Send the concern</SubmitButton>
    </Form>
  );
}

function ladderSentence(ladder: EscalationLevel[]): string {
  const [first, ...above] = ladder;
  if (!first) return '';
  // A rung that reaches nobody yet (no external contacts set up) is no one to promise.
  const climbs = above.filter((level) => level.roles.length > 0 || level.emails.length > 0).map(levelWhoText);
  return `It goes first to ${levelWhoText(first)}.${climbs.length > 0 ? ` If nobody acknowledges it in time, it climbs on its own to ${climbs.join(', then ')}.` : ''}`;
}

function ImplicatedChoice({ members }: { members: Member[] | null }) {
  const { me } = useSession();
  const others = (members ?? []).filter((m) => m.userId !== me?.user.id);
  return (
    <fieldset className="choices" aria-describedby="implicated-hint">
      <legend>People involved (optional)</legend>
      <p className="hint" id="implicated-hint">
        The people you tick never see this concern and are never sent it, whoever handles it and however high it climbs.
      </p>
      {members === null ? (
        <p>Loading the crew…</p>
      ) : (
        <div className="choices-grid">
          {others.map((m) => (
            <label key={m.userId} className="choice">
              <input type="checkbox" name="implicatedUserIds" value={m.userId} />
              <span>
                {m.name} <span className="choice-sub">({rolesText(m.roles)})</span>
              </span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** Shown once after an anonymous report: Setbook keeps only a hash of the passphrase, so it cannot show it again. */
export function FollowUpKeys({ followUp, productionName }: { followUp: FollowUpCredentials; productionName?: string | undefined }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel panel--keys" aria-labelledby="follow-up-keys">
      <h2 id="follow-up-keys" ref={heading} tabIndex={-1}>
        Concern sent. Write these down
      </h2>
      <p>
        {productionName ? `It is with the people who handle concerns on ${productionName} now. ` : 'It is with the people who handle concerns now. '}
        Your name is not stored with it. This key and passphrase are the only way back to it: with them you read the answers and write back.
        Setbook does not keep the passphrase, so nobody can show it to you again.
      </p>
      <dl className="keys">
        <div>
          <dt>Follow-up key</dt>
          <dd>
            <code className="key">{followUp.key}</code>
          </dd>
        </div>
        <div>
          <dt>Passphrase</dt>
          <dd>
            <code className="key">{followUp.passphrase}</code>
          </dd>
        </div>
      </dl>
      <p>
        <Link className="button button--primary" href="/follow-up">
          Follow up your concern
        </Link>
      </p>
      <p className="hint">Later, on any phone or computer: open {location.origin}/follow-up and type them in.</p>
    </section>
  );
}

export function ReportConcernScreen({ productionId }: { productionId: string }) {
  const { go, membership } = useSession();
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId));
  const [escalation] = useResource(`${productionId}/escalation`, () => api.escalation(productionId));
  const [followUp, setFollowUp] = useState<FollowUpCredentials | null>(null);

  function reported(answer: ReportedConcern): void {
    if (answer.followUp) setFollowUp(answer.followUp);
    else go(`${concernsPath(productionId)}/${encodeURIComponent(answer.concern.id)}`, 'Your concern is sent. You can follow it here.');
  }

  if (followUp) return <FollowUpKeys followUp={followUp} productionName={membership(productionId)?.productionName} />;
  return (
    <>
      <Link className="back-link" href={concernsPath(productionId)}>
        All concerns
      </Link>
      <p className="lead">
        Anything unsafe, or anything that should not happen on a set. It reaches the people who handle concerns at once. Something dangerous right now? Use
        STOP instead.
      </p>
      <ReportForm
        call={(body, options) => api.reportConcern(productionId, body, options)}
        members={members.state === 'ready' ? members.data.members : null}
        anonymousChoice
        ladder={escalation.state === 'ready' ? escalation.data.escalation.levels : null}
        reported={reported}
      />
    </>
  );
}

/** /s/<set code>/concern: anyone on set reports, with no account, always anonymously. */
export function SetConcernScreen({ setCode }: { setCode: string }) {
  const [set] = useResource(setCode, () => api.set(setCode));
  const [followUp, setFollowUp] = useState<FollowUpCredentials | null>(null);
  const name = set.state === 'ready' ? set.data.set.name : undefined;

  if (set.state === 'failed' && set.problem.status === 404) {
    return (
      <p className="lead" role="alert">
        No set has the code {setCode.toUpperCase()}. Check the code on the set’s poster.
      </p>
    );
  }
  if (followUp) return <FollowUpKeys followUp={followUp} productionName={name} />;
  return (
    <>
      <p className="lead">
        Anyone on {name ?? 'this set'} can report a safety concern here. No account is needed and your name is not asked: you get a key and a passphrase to
        follow it up.
      </p>
      <p>
        <Link className="back-link" href={`/s/${encodeURIComponent(setCode)}`}>
          Something dangerous right now? Stop work instead
        </Link>
      </p>
      <ReportForm
        call={(body, options) => api.reportSetConcern(setCode, body, options)}
        anonymousChoice={false}
        reported={(answer) => answer.followUp && setFollowUp(answer.followUp)}
      />
    </>
  );
}

// ---------------------------------------------------------------------------
// The inbox

function ConcernItem({ concern, href, now }: { concern: Concern; href: string; now: number }) {
  return (
    <li className={`concern-item concern-item--${concern.severity} concern-item--${concern.status}`}>
      <Link className="card-link" href={href}>
        <span className="card-title">
          {severityText(concern.severity)} · {categoryText(concern.category)}
        </span>
        <span className="concern-description">{concern.description}</span>
        <span className="card-sub">
          {statusLabels[concern.status]} · {levelText(concern.level, concern.levels)}
          {concern.status === 'open' && concern.levelRoles.length > 0 ? `, with ${rolesText(concern.levelRoles)}` : ''}
        </span>
        <TimeLeft deadline={concern.ackDeadline} status={concern.status} now={now} />
      </Link>
    </li>
  );
}

export function ConcernInboxScreen({ productionId }: { productionId: string }) {
  const [list, reload] = useResource(`${productionId}/concerns`, () => api.concerns(productionId));
  useConcernRefresh(reload);
  const now = useNow();
  const base = concernsPath(productionId);

  return (
    <>
      <p className="lead">The concerns that reach you, and the ones you reported under your name.</p>
      <div className="actions">
        <Link className="button button--primary" href={`${base}/new`}>
          Report a concern
        </Link>
        <Link className="button button--secondary" href={`/productions/${encodeURIComponent(productionId)}/escalation`}>
          Escalation ladder
        </Link>
      </div>
      <section aria-labelledby="concern-list" className="concern-list">
        <h2 id="concern-list">Most urgent first</h2>
        {list.state === 'loading' && <p>Loading…</p>}
        {list.state === 'failed' && <p role="alert">{list.problem.detail}</p>}
        {list.state === 'ready' &&
          (list.data.concerns.length === 0 ? (
            <p>No concern has reached you.</p>
          ) : (
            <ul className="cards cards--list">
              {list.data.concerns.map((concern) => (
                <ConcernItem key={concern.id} concern={concern} href={`${base}/${encodeURIComponent(concern.id)}`} now={now} />
              ))}
            </ul>
          ))}
      </section>
    </>
  );
}

// ---------------------------------------------------------------------------
// One concern

function reporterText(concern: Concern): string {
  if (concern.reporter) return concern.reporter.name ?? 'A member';
  if (concern.source === 'public') return 'Anonymous, through the set’s public page';
  if (concern.source === 'automatic') return 'Opened by Setbook after a firearm incident (F11)';
  return 'Anonymous';
}

function personText(person: Concern['acknowledgedBy']): string {
  return person?.name ?? 'someone';
}

/**
 * Handlers acknowledge, resolve and see the emails; a named reporter who does not
 * handle it writes to the handlers. The answer does not say which the viewer is,
 * so a concern someone else reported, or one at a level their roles hold, marks a handler.
 */
function useIsHandler(productionId: string, concern: Concern): boolean {
  const roles = useSession().membership(productionId)?.roles ?? [];
  return !concern.mine || concern.canAcknowledge || roles.some((role) => concern.levelRoles.includes(role));
}

function Facts({ concern, times, now }: { concern: Concern; times: Intl.DateTimeFormat; now: number }) {
  const when = (at: string) => <time dateTime={at}>{times.format(new Date(at))}</time>;
  return (
    <section className={`concern-facts concern-facts--${concern.status}${concern.severity === 'critical' && concern.status !== 'resolved' ? ' concern-facts--critical' : ''}`} aria-label="The concern">
      <p className="concern-status">
        {statusLabels[concern.status]} <TimeLeft deadline={concern.ackDeadline} status={concern.status} now={now} />
      </p>
      <dl className="facts">
        <div>
          <dt>What</dt>
          <dd className="prose-text">{concern.description}</dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>{severityText(concern.severity)}</dd>
        </div>
        <div>
          <dt>About</dt>
          <dd>{categoryText(concern.category)}</dd>
        </div>
        <div>
          <dt>Level</dt>
          <dd>
            {levelText(concern.level, concern.levels)}
            {concern.levelRoles.length > 0 ? `: ${rolesText(concern.levelRoles)}` : ': the external contacts'}
            {concern.status === 'open' && concern.ackDeadline && <>, climbs at {when(concern.ackDeadline)} unless acknowledged</>}
            {concern.status === 'open' && !concern.ackDeadline && <>, the top of the ladder</>}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>{concern.location ?? 'Not given'}</dd>
        </div>
        <div>
          <dt>Reported</dt>
          <dd>
            {when(concern.createdAt)} · {reporterText(concern)}
          </dd>
        </div>
        {concern.implicated.length > 0 && (
          <div>
            <dt>Never shown to</dt>
            <dd>{concern.implicated.map((p) => p.name ?? 'a member').join(', ')}</dd>
          </div>
        )}
        {concern.acknowledgedAt && (
          <div>
            <dt>Acknowledged</dt>
            <dd>
              {when(concern.acknowledgedAt)} by {personText(concern.acknowledgedBy)}
            </dd>
          </div>
        )}
        {concern.resolvedAt && (
          <>
            <div>
              <dt>Resolved</dt>
              <dd>
                {when(concern.resolvedAt)} by {personText(concern.resolvedBy)}
              </dd>
            </div>
            <div>
              <dt>Resolution</dt>
              <dd className="prose-text">{concern.resolution}</dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}

function AcknowledgeForm({ productionId, concern, done }: { productionId: string; concern: Concern; done: () => void }) {
  const { announce } = useSession();
  return (
    <section className="panel panel--act" aria-labelledby="ack-heading">
      <h2 id="ack-heading">Acknowledge</h2>
      <p>Say you have it in hand. It stops climbing the ladder, and the reporter sees it is acknowledged.</p>
      <WriteForm
        label="Acknowledge"
        field={{ name: 'note', label: 'A first word to the reporter (optional)', rows: 2 }}
        send={(note, options) => api.acknowledgeConcern(productionId, concern.id, note ? { note } : {}, options)}
        done={() => {
          announce('Acknowledged: the concern stops climbing.');
          done();
        }}
      />
    </section>
  );
}

function Messages({ messages, concern, times }: { messages: ConcernMessage[]; concern: Concern; times: Intl.DateTimeFormat }) {
  const reporter = concern.reporter?.name ?? 'The reporter';
  return (
    <ol className="messages">
      {messages.map((m) => (
        <li key={m.id} className={`message message--${m.from}`}>
          <p className="message-meta">
            <span className="message-author">{m.from === 'handler' ? (m.author?.name ?? 'A handler') : `${reporter}${concern.anonymous ? ' (anonymous)' : ''}`}</span>{' '}
            · <time dateTime={m.at}>{times.format(new Date(m.at))}</time>
          </p>
          <p className="prose-text">{m.text}</p>
        </li>
      ))}
    </ol>
  );
}

function ReplyForm({ productionId, concern, handler, sent }: { productionId: string; concern: Concern; handler: boolean; sent: () => void }) {
  const hint = !handler
    ? 'The people handling your concern read it here.'
    : concern.source === 'automatic'
      ? 'Nobody reported this one: messages here are notes for the people handling it.'
      : concern.anonymous
        ? 'The reporter reads it with their follow-up key and passphrase.'
        : `${concern.reporter?.name ?? 'The reporter'} reads it here.`;
  return (
    <WriteForm
      label="Reply"
      button="Send message"
      field={{ name: 'text', label: handler ? 'Message to the reporter' : 'Message to the people handling it', hint }}
      required="Write your message first."
      send={(text, options) => api.messageConcern(productionId, concern.id, { text }, options)}
      done={sent}
    />
  );
}

function ResolveForm({ productionId, concern, done }: { productionId: string; concern: Concern; done: () => void }) {
  const { announce } = useSession();
  return (
    <section className="panel" aria-labelledby="resolve-heading">
      <h2 id="resolve-heading">Resolve</h2>
      <WriteForm
        label="Resolve"
        field={{ name: 'resolution', label: 'How was it resolved?', hint: 'Written with your name; the reporter reads it.' }}
        required="Write how it was resolved."
        send={(resolution, options) => api.resolveConcern(productionId, concern.id, { resolution }, options)}
        done={() => {
          announce('The concern is resolved.');
          done();
        }}
      />
    </section>
  );
}

function emailStatusText(email: ConcernEmail, times: Intl.DateTimeFormat): string {
  const at = (iso: string | null) => (iso ? times.format(new Date(iso)) : '');
  switch (email.status) {
    case 'sent':
      return `Sent ${at(email.sentAt)}.`;
    case 'outbox':
      return `Written to the outbox folder ${at(email.sentAt)}: no SMTP server is configured, so it was not emailed. Forward it from the data folder, or set SETBOOK_SMTP_URL.`;
    case 'failed':
      return `Not sent yet: ${email.error ?? 'the mail server refused it'}. Tried ${email.attempts} time${email.attempts === 1 ? '' : 's'}; Setbook keeps trying.`;
    default:
      return email.attempts > 0 ? `Waiting to be sent again (tried ${email.attempts} times).` : 'Waiting to be sent.';
  }
}

function Emails({ emails, times }: { emails: ConcernEmail[]; times: Intl.DateTimeFormat }) {
  return (
    <section className="panel" aria-labelledby="emails-heading">
      <h2 id="emails-heading">Emails ({emails.length})</h2>
      {emails.length === 0 ? (
        <p>No email was sent for this concern.</p>
      ) : (
        <ul className="emails">
          {emails.map((email) => (
            <li key={email.id} className={`email email--${email.status}`}>
              <span className="email-subject">{email.subject}</span>
              <span className="email-to">To {email.recipients.join(', ')}</span>
              <span className="email-status">{emailStatusText(email, times)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Thread({ productionId, thread, reload }: { productionId: string; thread: ConcernThread; reload: () => void }) {
  const { concern, messages, notifications } = thread;
  const times = useConcernTimes();
  const now = useNow();
  const handler = useIsHandler(productionId, concern);
  return (
    <>
      <Facts concern={concern} times={times} now={now} />
      {concern.canAcknowledge && concern.status === 'open' && <AcknowledgeForm productionId={productionId} concern={concern} done={reload} />}
      <section className="panel" aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages ({messages.length})</h2>
        {messages.length === 0 ? <p>No messages yet.</p> : <Messages messages={messages} concern={concern} times={times} />}
        <ReplyForm productionId={productionId} concern={concern} handler={handler} sent={reload} />
      </section>
      {handler && concern.status !== 'resolved' && <ResolveForm productionId={productionId} concern={concern} done={reload} />}
      {handler && <Emails emails={notifications} times={times} />}
    </>
  );
}

export function ConcernScreen({ productionId, concernId }: { productionId: string; concernId: string }) {
  const [thread, reload] = useResource(`${productionId}/concerns/${concernId}`, () => api.concern(productionId, concernId));
  useConcernRefresh(reload, concernId);
  return (
    <>
      <Link className="back-link" href={concernsPath(productionId)}>
        All concerns
      </Link>
      {thread.state === 'loading' && <p>Loading…</p>}
      {thread.state === 'failed' && <p role="alert">{thread.problem.detail}</p>}
      {thread.state === 'ready' && (
        <>
          <h2 className="concern-title">
            {severityText(thread.data.concern.severity)} · {categoryText(thread.data.concern.category)}
          </h2>
          <Thread productionId={productionId} thread={thread.data} reload={reload} />
        </>
      )}
    </>
  );
}
