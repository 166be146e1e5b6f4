// Concerns (S2): the report screen (for members, and for anyone with the set's
// public code), the inbox of the people who handle them ordered by deadline,
// and one concern's thread with its messages, acknowledgement, resolution and
// every email it sent. The ladder decides who sees what: the server answers
// only what reaches the viewer, and never a concern to the people it implicates.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
import { intlLocale, t } from '../i18n.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useLive } from '../live-provider.js';
import { useOutbox, useOutboxState } from '../outbox.js';
import { useStops } from '../stops.js';
import { dateTimeOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';
import {
  categories,
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
  // Built again when the language changes too: the format follows the language shown.
  const language = useTranslation().i18n.language;
  return useMemo(() => timeFormat(zone, dateTimeOptions), [zone, language]);
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

/** Answers null when the report waits in the outbox for the network. */
type ReportCall = (body: NewConcern, options: RequestOptions) => Promise<ApiResult<ReportedConcern | null>>;

function checkReport(body: NewConcern): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.category) invalid.category = t('concerns.report.categoryMissing');
  if (!body.severity) invalid.severity = t('concerns.report.severityMissing');
  if (!body.description) invalid.description = t('concerns.report.descriptionMissing');
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
  reported: (answer: ReportedConcern | null, body: NewConcern) => void;
}

/** Three taps for the common case: what it is about, how serious, Send. */
function ReportForm({ call, members, anonymousChoice, ladder, reported }: ReportFormProps) {
  const { t } = useTranslation();
  const submit = useSubmit<NewConcern, ReportedConcern | null>(call);
  const first = ladder?.[0];
  const severityChoices = severities.map((severity) => ({
    value: severity,
    label: severityLabels[severity].word,
    sub: first ? t('concerns.report.severitySub', { sub: severityLabels[severity].sub, time: durationText(first.deadlines[severity]) }) : severityLabels[severity].sub,
  }));

  async function send(form: HTMLFormElement): Promise<void> {
    const body = readReport(form, anonymousChoice);
    const done = await submit.run(body, checkReport);
    if (done) reported(done.data, body);
  }

  return (
    <Form
      label={t('concerns.report.heading')}
      problem={submit.problem}
      fields={['category', 'severity', 'description', 'anonymous', 'location', 'implicatedUserIds']}
      onSubmit={(f) => void send(f)}
    >
      <Tiles name="category" legend={t('concerns.report.category')} choices={categories.map((category) => ({ value: category, label: categoryText(category) }))} />
      <Tiles name="severity" legend={t('concerns.report.severity')} choices={severityChoices} />
      <TextAreaField name="description" label={t('concerns.report.description')} hint={t('concerns.report.descriptionHint')} rows={4} className="prose" maxLength={8000} />
      {anonymousChoice && (
        <div className="check">
          <label className="choice">
            <input type="checkbox" name="anonymous" aria-describedby="anonymous-hint" />
            <span>{t('concerns.report.anonymous')}</span>
          </label>
          <p className="hint" id="anonymous-hint">
            {t('concerns.report.anonymousHint')}
          </p>
        </div>
      )}
      <details className="disclosure">
        <summary>{t('concerns.report.more')}</summary>
        <div className="form-more">
          <Field name="location" label={t('concerns.report.location')} autoComplete="off" maxLength={200} />
          {members !== undefined && <ImplicatedChoice members={members} />}
        </div>
      </details>
      {ladder && ladder.length > 0 && <p className="hint">{ladderSentence(ladder)}</p>}
      <SubmitButton busy={submit.busy}>{t('concerns.report.send')}</SubmitButton>
    </Form>
  );
}

function ladderSentence(ladder: EscalationLevel[]): string {
  const [first, ...above] = ladder;
  if (!first) return '';
  // A rung that reaches nobody yet (no external contacts set up) is no one to promise.
  const climbs = above.filter((level) => level.roles.length > 0 || level.emails.length > 0).map(levelWhoText);
  const goes = t('concerns.report.goesFirst', { who: levelWhoText(first) });
  if (climbs.length === 0) return goes;
  const then = climbs.reduce((said, next) => t('concerns.report.then', { first: said, next }));
  return `${goes} ${t('concerns.report.climbs', { who: then })}`;
}

function ImplicatedChoice({ members }: { members: Member[] | null }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const others = (members ?? []).filter((m) => m.userId !== me?.user.id);
  return (
    <fieldset className="choices" aria-describedby="implicated-hint">
      <legend>{t('concerns.report.implicated')}</legend>
      <p className="hint" id="implicated-hint">
        {t('concerns.report.implicatedHint')}
      </p>
      {members === null ? (
        <p>{t('concerns.report.loadingCrew')}</p>
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
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel panel--keys" aria-labelledby="follow-up-keys">
      <h2 id="follow-up-keys" ref={heading} tabIndex={-1}>
        {t('concerns.keys.heading')}
      </h2>
      <p>
        {productionName ? t('concerns.keys.withProduction', { production: productionName }) : t('concerns.keys.withHandlers')} {t('concerns.keys.onlyWay')}
      </p>
      <dl className="keys">
        <div>
          <dt>{t('concerns.keys.key')}</dt>
          <dd>
            <code className="key">{followUp.key}</code>
          </dd>
        </div>
        <div>
          <dt>{t('concerns.keys.passphrase')}</dt>
          <dd>
            <code className="key">{followUp.passphrase}</code>
          </dd>
        </div>
      </dl>
      <p>
        <Link className="button button--primary" href="/follow-up">
          {t('concerns.keys.followUp')}
        </Link>
      </p>
      <p className="hint">{t('concerns.keys.later', { address: `${location.origin}/follow-up` })}</p>
    </section>
  );
}

export function ReportConcernScreen({ productionId }: { productionId: string }) {
  const { go, membership, me } = useSession();
  const { t } = useTranslation();
  const outbox = useOutbox();
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId));
  const [escalation] = useResource(`${productionId}/escalation`, () => api.escalation(productionId));
  const [followUp, setFollowUp] = useState<FollowUpCredentials | null>(null);
  // A report made with no network waits in the outbox like a stop, with the time it was written.
  const [queued, setQueued] = useState<{ key: string; anonymous: boolean } | null>(null);
  const sentLater = useOutboxState().followUps.find((f) => f.productionId === productionId);

  const openSent = (concernId: string) => go(`${concernsPath(productionId)}/${encodeURIComponent(concernId)}`, t('concerns.report.sent'));

  function reported(answer: ReportedConcern | null): void {
    if (!answer) return;
    if (answer.followUp) setFollowUp(answer.followUp);
    else openSent(answer.concern.id);
  }

  async function report(body: NewConcern): Promise<ApiResult<ReportedConcern | null>> {
    const { key, outcome } = outbox.submit({ kind: 'concern', productionId, by: me?.user.id ?? '', body: { ...body, reportedAt: new Date().toISOString() } });
    const done = await outcome;
    if (done.state === 'refused') return { ok: false, problem: done.problem };
    if (done.state === 'waiting') setQueued({ key, anonymous: body.anonymous === true });
    return { ok: true, data: done.state === 'sent' ? (done.reported ?? null) : null };
  }

  // An anonymous concern sent while this screen was elsewhere: its key and passphrase, shown here once.
  useEffect(() => {
    if (!sentLater || followUp) return;
    setFollowUp(sentLater.followUp);
    outbox.dismiss(sentLater.key);
  }, [sentLater, followUp, outbox]);

  useEffect(() => {
    if (!queued) return;
    return outbox.onDelivered((_write, _stop, answer, key) => {
      if (key === queued.key && answer?.concern && !answer.followUp) openSent(answer.concern.id);
    });
  }, [queued, outbox]);

  if (followUp) return <FollowUpKeys followUp={followUp} productionName={membership(productionId)?.productionName} />;
  if (queued) {
    return (
      <section className="panel panel--warn" aria-labelledby="concern-queued">
        <h2 id="concern-queued">{t('offline.concernQueuedTitle')}</h2>
        <p>{t('offline.concernQueuedBody')}</p>
        {queued.anonymous && <p>{t('offline.concernQueuedAnonymous')}</p>}
      </section>
    );
  }
  return (
    <>
      <Link className="back-link" href={concernsPath(productionId)}>
        {t('concerns.all')}
      </Link>
      <p className="lead">{t('concerns.report.lead')}</p>
      <ReportForm
        call={(body) => report(body)}
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
  const { t } = useTranslation();
  const [set] = useResource(setCode, () => api.set(setCode));
  const [followUp, setFollowUp] = useState<FollowUpCredentials | null>(null);
  const name = set.state === 'ready' ? set.data.set.name : undefined;

  if (set.state === 'failed' && set.problem.status === 404) {
    return (
      <p className="lead" role="alert">
        {t('concerns.set.noSet', { code: setCode.toUpperCase() })}
      </p>
    );
  }
  if (followUp) return <FollowUpKeys followUp={followUp} productionName={name} />;
  return (
    <>
      <p className="lead">{name ? t('concerns.set.leadNamed', { name }) : t('concerns.set.lead')}</p>
      <p>
        <Link className="back-link" href={`/s/${encodeURIComponent(setCode)}`}>
          {t('concerns.set.stopInstead')}
        </Link>
      </p>
      <ReportForm
        call={(body, options) => api.reportSetConcern(setCode, body, options)}
        anonymousChoice={false}
        reported={(answer) => answer?.followUp && setFollowUp(answer.followUp)}
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
          {concern.status === 'open' && concern.levelRoles.length > 0 ? t('concerns.inbox.withRoles', { roles: rolesText(concern.levelRoles) }) : ''}
        </span>
        <TimeLeft deadline={concern.ackDeadline} status={concern.status} now={now} />
      </Link>
    </li>
  );
}

export function ConcernInboxScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const [list, reload] = useResource(`${productionId}/concerns`, () => api.concerns(productionId));
  useConcernRefresh(reload);
  const now = useNow();
  const base = concernsPath(productionId);

  return (
    <>
      <p className="lead">{t('concerns.inbox.lead')}</p>
      <div className="actions">
        <Link className="button button--primary" href={`${base}/new`}>
          {t('concerns.report.heading')}
        </Link>
        <Link className="button button--secondary" href={`/productions/${encodeURIComponent(productionId)}/escalation`}>
          {t('concerns.inbox.ladder')}
        </Link>
      </div>
      <section aria-labelledby="concern-list" className="concern-list">
        <h2 id="concern-list">{t('concerns.inbox.heading')}</h2>
        {list.state === 'loading' && <p>{t('concerns.loading')}</p>}
        {list.state === 'failed' && <p role="alert">{list.problem.detail}</p>}
        {list.state === 'ready' &&
          (list.data.concerns.length === 0 ? (
            <p>{t('concerns.inbox.none')}</p>
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
  if (concern.reporter) return concern.reporter.name ?? t('concerns.thread.aMember');
  if (concern.source === 'public') return t('concerns.thread.anonymousPublic');
  if (concern.source === 'automatic') return t('concerns.thread.automatic');
  return t('concerns.thread.anonymous');
}

function personText(person: Concern['acknowledgedBy']): string {
  return person?.name ?? t('concerns.thread.someone');
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
  const { t } = useTranslation();
  const when = (at: string) => <time dateTime={at}>{times.format(new Date(at))}</time>;
  return (
    <section className={`concern-facts concern-facts--${concern.status}${concern.severity === 'critical' && concern.status !== 'resolved' ? ' concern-facts--critical' : ''}`} aria-label={t('concerns.thread.label')}>
      <p className="concern-status">
        {statusLabels[concern.status]} <TimeLeft deadline={concern.ackDeadline} status={concern.status} now={now} />
      </p>
      <dl className="facts">
        <div>
          <dt>{t('concerns.thread.what')}</dt>
          <dd className="prose-text">{concern.description}</dd>
        </div>
        <div>
          <dt>{t('concerns.thread.severity')}</dt>
          <dd>{severityText(concern.severity)}</dd>
        </div>
        <div>
          <dt>{t('concerns.thread.about')}</dt>
          <dd>{categoryText(concern.category)}</dd>
        </div>
        <div>
          <dt>{t('concerns.thread.level')}</dt>
          <dd>
            {concern.levelRoles.length > 0
              ? t('concerns.thread.levelRoles', { level: levelText(concern.level, concern.levels), roles: rolesText(concern.levelRoles) })
              : t('concerns.thread.levelContacts', { level: levelText(concern.level, concern.levels) })}
            {concern.status === 'open' && concern.ackDeadline && (
              <Trans i18nKey="concerns.thread.climbsAt" values={{ at: times.format(new Date(concern.ackDeadline)) }} components={{ time: <time dateTime={concern.ackDeadline} /> }} />
            )}
            {concern.status === 'open' && !concern.ackDeadline && t('concerns.thread.top')}
          </dd>
        </div>
        <div>
          <dt>{t('concerns.thread.where')}</dt>
          <dd>{concern.location ?? t('concerns.thread.notGiven')}</dd>
        </div>
        <div>
          <dt>{t('concerns.thread.reported')}</dt>
          <dd>
            {when(concern.createdAt)} · {reporterText(concern)}
          </dd>
        </div>
        {concern.implicated.length > 0 && (
          <div>
            <dt>{t('concerns.thread.neverShown')}</dt>
            <dd>{new Intl.ListFormat(intlLocale(), { style: 'short', type: 'unit' }).format(concern.implicated.map((p) => p.name ?? t('concerns.thread.member')))}</dd>
          </div>
        )}
        {concern.acknowledgedAt && (
          <div>
            <dt>{t('concerns.status.acknowledged')}</dt>
            <dd>
              <Trans
                i18nKey="concerns.thread.by"
                values={{ at: times.format(new Date(concern.acknowledgedAt)), name: personText(concern.acknowledgedBy) }}
                components={{ time: <time dateTime={concern.acknowledgedAt} /> }}
              />
            </dd>
          </div>
        )}
        {concern.resolvedAt && (
          <>
            <div>
              <dt>{t('concerns.status.resolved')}</dt>
              <dd>
                <Trans
                  i18nKey="concerns.thread.by"
                  values={{ at: times.format(new Date(concern.resolvedAt)), name: personText(concern.resolvedBy) }}
                  components={{ time: <time dateTime={concern.resolvedAt} /> }}
                />
              </dd>
            </div>
            <div>
              <dt>{t('concerns.thread.resolution')}</dt>
              <dd className="prose-text">{concern.resolution}</dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}

function AcknowledgeForm({ productionId, concern, done }: { productionId: string; concern: Concern; done: () => void }) {
  const { t } = useTranslation();
  const { announce } = useSession();
  return (
    <section className="panel panel--act" aria-labelledby="ack-heading">
      <h2 id="ack-heading">{t('concerns.ack.heading')}</h2>
      <p>{t('concerns.ack.lead')}</p>
      <WriteForm
        label={t('concerns.ack.heading')}
        field={{ name: 'note', label: t('concerns.ack.note'), rows: 2 }}
        send={(note, options) => api.acknowledgeConcern(productionId, concern.id, note ? { note } : {}, options)}
        done={() => {
          announce(t('concerns.ack.done'));
          done();
        }}
      />
    </section>
  );
}

function Messages({ messages, concern, times }: { messages: ConcernMessage[]; concern: Concern; times: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  const reporter = concern.reporter?.name ?? t('concerns.messages.reporter');
  return (
    <ol className="messages">
      {messages.map((m) => (
        <li key={m.id} className={`message message--${m.from}`}>
          <p className="message-meta">
            <span className="message-author">{m.from === 'handler' ? (m.author?.name ?? t('concerns.messages.handler')) : concern.anonymous ? t('concerns.messages.anonymous', { name: reporter }) : reporter}</span>{' '}
            · <time dateTime={m.at}>{times.format(new Date(m.at))}</time>
          </p>
          <p className="prose-text">{m.text}</p>
        </li>
      ))}
    </ol>
  );
}

function ReplyForm({ productionId, concern, handler, sent }: { productionId: string; concern: Concern; handler: boolean; sent: () => void }) {
  const { t } = useTranslation();
  const hint = !handler
    ? t('concerns.reply.hintReporter')
    : concern.source === 'automatic'
      ? t('concerns.reply.hintAutomatic')
      : concern.anonymous
        ? t('concerns.reply.hintAnonymous')
        : t('concerns.reply.hintNamed', { name: concern.reporter?.name ?? t('concerns.messages.reporter') });
  return (
    <WriteForm
      label={t('concerns.reply.label')}
      button={t('concerns.reply.send')}
      field={{ name: 'text', label: handler ? t('concerns.reply.toReporter') : t('concerns.reply.toHandlers'), hint }}
      required={t('concerns.reply.required')}
      send={(text, options) => api.messageConcern(productionId, concern.id, { text }, options)}
      done={sent}
    />
  );
}

function ResolveForm({ productionId, concern, done }: { productionId: string; concern: Concern; done: () => void }) {
  const { t } = useTranslation();
  const { announce } = useSession();
  return (
    <section className="panel" aria-labelledby="resolve-heading">
      <h2 id="resolve-heading">{t('concerns.resolve.heading')}</h2>
      <WriteForm
        label={t('concerns.resolve.heading')}
        field={{ name: 'resolution', label: t('concerns.resolve.label'), hint: t('concerns.resolve.hint') }}
        required={t('concerns.resolve.required')}
        send={(resolution, options) => api.resolveConcern(productionId, concern.id, { resolution }, options)}
        done={() => {
          announce(t('concerns.resolve.done'));
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
      return t('concerns.emails.sent', { at: at(email.sentAt) });
    case 'outbox':
      return t('concerns.emails.outbox', { at: at(email.sentAt) });
    case 'failed':
      return t('concerns.emails.failed', { count: email.attempts, error: email.error ?? t('concerns.emails.refused') });
    default:
      return email.attempts > 0 ? t('concerns.emails.retrying', { count: email.attempts }) : t('concerns.emails.waiting');
  }
}

function Emails({ emails, times }: { emails: ConcernEmail[]; times: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="emails-heading">
      <h2 id="emails-heading">{t('concerns.emails.heading', { count: emails.length })}</h2>
      {emails.length === 0 ? (
        <p>{t('concerns.emails.none')}</p>
      ) : (
        <ul className="emails">
          {emails.map((email) => (
            <li key={email.id} className={`email email--${email.status}`}>
              <span className="email-subject">{email.subject}</span>
              <span className="email-to">{t('concerns.emails.to', { recipients: email.recipients.join(', ') })}</span>
              <span className="email-status">{emailStatusText(email, times)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Thread({ productionId, thread, reload }: { productionId: string; thread: ConcernThread; reload: () => void }) {
  const { t } = useTranslation();
  const { concern, messages, notifications } = thread;
  const times = useConcernTimes();
  const now = useNow();
  const handler = useIsHandler(productionId, concern);
  return (
    <>
      <Facts concern={concern} times={times} now={now} />
      {concern.canAcknowledge && concern.status === 'open' && <AcknowledgeForm productionId={productionId} concern={concern} done={reload} />}
      <section className="panel" aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t('concerns.messages.heading', { count: messages.length })}</h2>
        {messages.length === 0 ? <p>{t('concerns.messages.none')}</p> : <Messages messages={messages} concern={concern} times={times} />}
        <ReplyForm productionId={productionId} concern={concern} handler={handler} sent={reload} />
      </section>
      {handler && concern.status !== 'resolved' && <ResolveForm productionId={productionId} concern={concern} done={reload} />}
      {handler && <Emails emails={notifications} times={times} />}
    </>
  );
}

export function ConcernScreen({ productionId, concernId }: { productionId: string; concernId: string }) {
  const { t } = useTranslation();
  const [thread, reload] = useResource(`${productionId}/concerns/${concernId}`, () => api.concern(productionId, concernId));
  useConcernRefresh(reload, concernId);
  return (
    <>
      <Link className="back-link" href={concernsPath(productionId)}>
        {t('concerns.all')}
      </Link>
      {thread.state === 'loading' && <p>{t('concerns.loading')}</p>}
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
