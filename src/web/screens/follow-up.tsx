// /follow-up: the anonymous reporter's way back to a concern (S2), with no
// account. The key and passphrase stay in this page's memory only: never in
// the address, never in storage, gone when the page is closed.
import { useEffect, useRef, useState } from 'react';
import { api, type FollowedConcern, type FollowUpCredentials } from '../api.js';
import { Field, Form, SubmitButton, text, useSubmit } from '../components/form.js';
import { dateTimeOptions, timeFormat } from '../time.js';
import { categoryText, levelText, severityText, statusLabels, TimeLeft, timeLeftText, useNow, WriteForm } from './concern-shared.js';

// The reporter's own phone, wherever it is: its clock, not the production's.
const times = timeFormat(undefined, dateTimeOptions);

function checkCredentials(body: FollowUpCredentials): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.key) invalid.key = 'Type the follow-up key you were given.';
  if (!body.passphrase) invalid.passphrase = 'Type the passphrase you were given.';
  return invalid;
}

function OpenForm({ opened }: { opened: (credentials: FollowUpCredentials, concern: FollowedConcern) => void }) {
  const submit = useSubmit<FollowUpCredentials, { concern: FollowedConcern }>(api.followUp);
  async function open(form: HTMLFormElement): Promise<void> {
    const credentials = { key: text(form, 'key'), passphrase: text(form, 'passphrase') };
    const done = await submit.run(credentials, checkCredentials);
    if (done) opened(credentials, done.data.concern);
  }
  const words = { autoComplete: 'off', autoCapitalize: 'characters', autoCorrect: 'off', spellCheck: false } as const;
  return (
    <>
      <p className="lead">Type the follow-up key and the passphrase you were given when you reported the concern. Nothing else is asked, and nothing about you is stored.</p>
      <Form label="Open your concern" problem={submit.problem} fields={['key', 'passphrase']} onSubmit={(f) => void open(f)}>
        <Field name="key" label="Follow-up key" hint="Like ABCD-EFGH-JKMN." className="key-input" {...words} />
        <Field name="passphrase" label="Passphrase" hint="Five groups of five letters and digits." className="key-input" {...words} />
        <SubmitButton busy={submit.busy}>Open</SubmitButton>
      </Form>
    </>
  );
}

function FollowedView({ concern, credentials, refresh, close }: { concern: FollowedConcern; credentials: FollowUpCredentials; refresh: () => Promise<void>; close: () => void }) {
  const now = useNow();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const left = timeLeftText(concern.ackDeadline, concern.status, now);
  return (
    <>
      <section className={`concern-facts concern-facts--${concern.status}`} aria-labelledby="followed-heading">
        <h2 id="followed-heading" ref={heading} tabIndex={-1}>
          {severityText(concern.severity)} · {categoryText(concern.category)}
          {concern.production ? ` on ${concern.production}` : ''}
        </h2>
        <p className="concern-status">
          {statusLabels[concern.status]}, {levelText(concern.level, concern.levels)}
          {left && ' · '}
          <TimeLeft deadline={concern.ackDeadline} status={concern.status} now={now} />
        </p>
        <dl className="facts">
          <div>
            <dt>Reported</dt>
            <dd>
              <time dateTime={concern.createdAt}>{times.format(new Date(concern.createdAt))}</time>
            </dd>
          </div>
          <div>
            <dt>What you wrote</dt>
            <dd className="prose-text">{concern.description}</dd>
          </div>
          {concern.resolution && (
            <div>
              <dt>Resolution</dt>
              <dd className="prose-text">{concern.resolution}</dd>
            </div>
          )}
        </dl>
      </section>
      <section className="panel" aria-labelledby="followed-messages">
        <h2 id="followed-messages">Messages ({concern.messages.length})</h2>
        {concern.messages.length === 0 ? (
          <p>No answer yet. Come back later, or write more below.</p>
        ) : (
          <ol className="messages">
            {concern.messages.map((m) => (
              <li key={m.id} className={`message message--${m.from}`}>
                <p className="message-meta">
                  <span className="message-author">{m.from === 'reporter' ? 'You' : (m.author ?? 'The people handling it')}</span> ·{' '}
                  <time dateTime={m.at}>{times.format(new Date(m.at))}</time>
                </p>
                <p className="prose-text">{m.text}</p>
              </li>
            ))}
          </ol>
        )}
        <WriteForm
          label="Reply"
          button="Send message"
          field={{ name: 'text', label: 'Your message', hint: 'The people handling your concern read it. Your name is not added.' }}
          required="Write your message first."
          send={(text, options) => api.followUpMessage({ ...credentials, text }, options)}
          done={() => void refresh()}
        />
      </section>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void refresh()}>
          Check for answers
        </button>
        <button type="button" className="button button--secondary" onClick={close}>
          Close
        </button>
      </div>
    </>
  );
}

export function FollowUpScreen() {
  const [opened, setOpened] = useState<{ credentials: FollowUpCredentials; concern: FollowedConcern } | null>(null);
  const [problem, setProblem] = useState('');

  async function refresh(): Promise<void> {
    if (!opened) return;
    const result = await api.followUp(opened.credentials);
    setProblem(result.ok ? '' : result.problem.detail);
    if (result.ok) setOpened({ credentials: opened.credentials, concern: result.data.concern });
  }

  if (!opened) return <OpenForm opened={(credentials, concern) => setOpened({ credentials, concern })} />;
  return (
    <>
      <p className="form-error" role="alert">
        {problem}
      </p>
      <FollowedView concern={opened.concern} credentials={opened.credentials} refresh={refresh} close={() => setOpened(null)} />
    </>
  );
}
