// /follow-up: the anonymous reporter's way back to a concern (S2), with no
// account. The key and passphrase stay in this page's memory only: never in
// the address, never in storage, gone when the page is closed.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type FollowedConcern, type FollowUpCredentials } from '../api.js';
import { Field, Form, SubmitButton, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { dateTimeOptions, timeFormat } from '../time.js';
import { categoryText, levelText, severityText, statusLabels, TimeLeft, timeLeftText, useNow, WriteForm } from './concern-shared.js';

function checkCredentials(body: FollowUpCredentials): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.key) invalid.key = t('auth.followUp.check.key');
  if (!body.passphrase) invalid.passphrase = t('auth.followUp.check.passphrase');
  return invalid;
}

function OpenForm({ opened }: { opened: (credentials: FollowUpCredentials, concern: FollowedConcern) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit<FollowUpCredentials, { concern: FollowedConcern }>(api.followUp);
  async function open(form: HTMLFormElement): Promise<void> {
    const credentials = { key: text(form, 'key'), passphrase: text(form, 'passphrase') };
    const done = await submit.run(credentials, checkCredentials);
    if (done) opened(credentials, done.data.concern);
  }
  const words = { autoComplete: 'off', autoCapitalize: 'characters', autoCorrect: 'off', spellCheck: false } as const;
  return (
    <>
      <p className="lead">{t('auth.followUp.lead')}</p>
      <Form label={t('auth.followUp.form')} problem={submit.problem} fields={['key', 'passphrase']} onSubmit={(f) => void open(f)}>
        <Field name="key" label={t('auth.followUp.key')} hint={t('auth.followUp.keyHint')} className="key-input" {...words} />
        <Field name="passphrase" label={t('auth.followUp.passphrase')} hint={t('auth.followUp.passphraseHint')} className="key-input" {...words} />
        <SubmitButton busy={submit.busy}>{t('auth.followUp.open')}</SubmitButton>
      </Form>
    </>
  );
}

function FollowedView({ concern, credentials, refresh, close }: { concern: FollowedConcern; credentials: FollowUpCredentials; refresh: () => Promise<void>; close: () => void }) {
  const { t } = useTranslation();
  const now = useNow();
  // The reporter's own phone, wherever it is: its clock, not the production's.
  const times = timeFormat(undefined, dateTimeOptions);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const left = timeLeftText(concern.ackDeadline, concern.status, now);
  return (
    <>
      <section className={`concern-facts concern-facts--${concern.status}`} aria-labelledby="followed-heading">
        <h2 id="followed-heading" ref={heading} tabIndex={-1}>
          {severityText(concern.severity)} · {categoryText(concern.category)}
          {concern.production ? ` ${t('auth.followUp.onProduction', { production: concern.production })}` : ''}
        </h2>
        <p className="concern-status">
          {statusLabels[concern.status]}, {levelText(concern.level, concern.levels)}
          {left && ' · '}
          <TimeLeft deadline={concern.ackDeadline} status={concern.status} now={now} />
        </p>
        <dl className="facts">
          <div>
            <dt>{t('auth.followUp.reported')}</dt>
            <dd>
              <time dateTime={concern.createdAt}>{times.format(new Date(concern.createdAt))}</time>
            </dd>
          </div>
          <div>
            <dt>{t('auth.followUp.whatYouWrote')}</dt>
            <dd className="prose-text">{concern.description}</dd>
          </div>
          {concern.resolution && (
            <div>
              <dt>{t('auth.followUp.resolution')}</dt>
              <dd className="prose-text">{concern.resolution}</dd>
            </div>
          )}
        </dl>
      </section>
      <section className="panel" aria-labelledby="followed-messages">
        <h2 id="followed-messages">{t('auth.followUp.messages', { n: concern.messages.length })}</h2>
        {concern.messages.length === 0 ? (
          <p>{t('auth.followUp.noAnswer')}</p>
        ) : (
          <ol className="messages">
            {concern.messages.map((m) => (
              <li key={m.id} className={`message message--${m.from}`}>
                <p className="message-meta">
                  <span className="message-author">{m.from === 'reporter' ? t('auth.followUp.you') : (m.author ?? t('auth.followUp.handlers'))}</span> ·{' '}
                  <time dateTime={m.at}>{times.format(new Date(m.at))}</time>
                </p>
                <p className="prose-text">{m.text}</p>
              </li>
            ))}
          </ol>
        )}
        <WriteForm
          label={t('auth.followUp.reply')}
          button={t('auth.followUp.send')}
          field={{ name: 'text', label: t('auth.followUp.yourMessage'), hint: t('auth.followUp.yourMessageHint') }}
          required={t('auth.followUp.messageRequired')}
          send={(text, options) => api.followUpMessage({ ...credentials, text }, options)}
          done={() => void refresh()}
        />
      </section>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void refresh()}>
          {t('auth.followUp.checkAnswers')}
        </button>
        <button type="button" className="button button--secondary" onClick={close}>
          {t('common.close')}
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
