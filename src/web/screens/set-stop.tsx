// The set's public page, /s/<set code>, where the QR code on set leads (S1):
// anyone stops work here, with no account and without giving a name. Nothing
// about them is stored. Offline, the stop waits in the outbox like any other.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { useOutbox, useOutboxState } from '../outbox.js';
import { Link } from '../router.js';
import { clockOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';

type Sending = { key: string; at: Date } | null;

function Outcome({ sending, name }: { sending: NonNullable<Sending>; name: string }) {
  const { t } = useTranslation();
  const { queued, failures } = useOutboxState();
  const heading = useRef<HTMLHeadingElement>(null);
  const waiting = queued.find((q) => q.key === sending.key);
  const failure = failures.find((f) => f.key === sending.key);
  const state = failure ? 'failed' : !waiting ? 'sent' : waiting.attempts > 0 ? 'queued' : 'sending';
  useEffect(() => heading.current?.focus(), [state]);

  if (state === 'sending') return <p className="lead">{t('stops.set.sending')}</p>;
  if (state === 'failed') {
    return (
      <section className="panel panel--danger" aria-labelledby="outcome">
        <h2 id="outcome" ref={heading} tabIndex={-1}>
          {t('stops.set.failed')}
        </h2>
        <p>{failure?.problem.detail}</p>
        <p>{t('stops.set.failedShout')}</p>
      </section>
    );
  }
  if (state === 'queued') {
    return (
      <section className="panel panel--warn" aria-labelledby="outcome">
        <h2 id="outcome" ref={heading} tabIndex={-1}>
          {t('stops.dock.stopQueued')}
        </h2>
        <p>{t('stops.set.queued')}</p>
        <p>{t('stops.set.queuedShout')}</p>
      </section>
    );
  }
  return (
    <section className="panel panel--stopped" aria-labelledby="outcome">
      <h2 id="outcome" ref={heading} tabIndex={-1}>
        {t('stops.set.stopped')}
      </h2>
      <p>{t('stops.set.stoppedDetail', { name, at: timeFormat(undefined, clockOptions).format(sending.at) })}</p>
      <p>{t('stops.set.staySafe')}</p>
    </section>
  );
}

export function SetStopScreen({ setCode }: { setCode: string }) {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const [set] = useResource(setCode, () => api.set(setCode));
  const [sending, setSending] = useState<Sending>(null);

  // Unknown code: nowhere to send a stop. Unreachable server: the stop still queues.
  const unknown = set.state === 'failed' && set.problem.status === 404;
  const name = set.state === 'ready' ? set.data.set.name : t('stops.set.unnamed', { code: setCode.toUpperCase() });

  function stopWork(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const reason = String(data.get('reason') ?? '').trim();
    const location = String(data.get('location') ?? '').trim();
    const at = new Date();
    // The press's own moment travels with it: a stop that waits for the Wi-Fi still says when it was pressed.
    const key = outbox.add({ kind: 'set-stop', setCode, body: { ...(reason ? { reason } : {}), ...(location ? { location } : {}), pressedAt: at.toISOString() } });
    setSending({ key, at });
  }

  return (
    <Page title={set.state === 'ready' ? set.data.set.name : t('stops.set.title')}>
      {unknown ? (
        <p className="lead" role="alert">
          {t('stops.set.unknown', { code: setCode.toUpperCase() })}
        </p>
      ) : sending ? (
        <Outcome sending={sending} name={name} />
      ) : (
        <form className="form set-stop" aria-label={t('stops.set.title')} onSubmit={stopWork}>
          <p className="lead">{t('stops.set.lead')}</p>
          <div className="field">
            <label htmlFor="set-stop-reason">{t('stops.whatIsWrong')}</label>
            <input id="set-stop-reason" name="reason" maxLength={500} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="set-stop-location">{t('stops.where')}</label>
            <input id="set-stop-location" name="location" maxLength={200} autoComplete="off" />
          </div>
          <button type="submit" className="stop-work-button">
            {t('stops.set.button')}
          </button>
        </form>
      )}
      {!unknown && !sending && (
        <p className="set-concern-link">
          <Trans i18nKey="stops.set.concern" components={{ a: <Link href={`/s/${encodeURIComponent(setCode)}/concern`} /> }} />
        </p>
      )}
    </Page>
  );
}
