// The set's public page, /s/<set code>, where the QR code on set leads (S1):
// anyone stops work here, with no account and without giving a name. Nothing
// about them is stored. Offline, the stop waits in the outbox like any other.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { useOutbox, useOutboxState } from '../outbox.js';
import { Link } from '../router.js';
import { clockOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';

type Sending = { key: string; at: Date } | null;

function Outcome({ sending, name }: { sending: NonNullable<Sending>; name: string }) {
  const { queued, failures } = useOutboxState();
  const heading = useRef<HTMLHeadingElement>(null);
  const waiting = queued.find((q) => q.key === sending.key);
  const failure = failures.find((f) => f.key === sending.key);
  const state = failure ? 'failed' : !waiting ? 'sent' : waiting.attempts > 0 ? 'queued' : 'sending';
  useEffect(() => heading.current?.focus(), [state]);

  if (state === 'sending') return <p className="lead">Sending…</p>;
  if (state === 'failed') {
    return (
      <section className="panel panel--danger" aria-labelledby="outcome">
        <h2 id="outcome" ref={heading} tabIndex={-1}>
          The stop was not sent
        </h2>
        <p>{failure?.problem.detail}</p>
        <p>Shout “Stop!” and tell the 1st AD in person.</p>
      </section>
    );
  }
  if (state === 'queued') {
    return (
      <section className="panel panel--warn" aria-labelledby="outcome">
        <h2 id="outcome" ref={heading} tabIndex={-1}>
          Stop queued – will send when connected
        </h2>
        <p>This phone cannot reach Setbook right now. Keep this page open: the stop goes out the moment the connection is back.</p>
        <p>Meanwhile, shout “Stop!” and tell the nearest crew member.</p>
      </section>
    );
  }
  return (
    <section className="panel panel--stopped" aria-labelledby="outcome">
      <h2 id="outcome" ref={heading} tabIndex={-1}>
        Work is stopped
      </h2>
      <p>
        Every device signed in to {name} shows the stop now, and work stays stopped until the safety advisor lifts it. Pressed at{' '}
        {timeFormat(undefined, clockOptions).format(sending.at)}.
      </p>
      <p>Stay where it is safe, and tell the nearest crew member what you saw.</p>
    </section>
  );
}

export function SetStopScreen({ setCode }: { setCode: string }) {
  const outbox = useOutbox();
  const [set] = useResource(setCode, () => api.set(setCode));
  const [sending, setSending] = useState<Sending>(null);

  // Unknown code: nowhere to send a stop. Unreachable server: the stop still queues.
  const unknown = set.state === 'failed' && set.problem.status === 404;
  const name = set.state === 'ready' ? set.data.set.name : `set ${setCode.toUpperCase()}`;

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
    <Page title={set.state === 'ready' ? set.data.set.name : 'Stop work'}>
      {unknown ? (
        <p className="lead" role="alert">
          No set has the code {setCode.toUpperCase()}. Check the code on the set’s poster.
        </p>
      ) : sending ? (
        <Outcome sending={sending} name={name} />
      ) : (
        <form className="form set-stop" aria-label="Stop work" onSubmit={stopWork}>
          <p className="lead">Anyone on set can stop work here when something is unsafe. No account needed, and your name is not asked.</p>
          <div className="field">
            <label htmlFor="set-stop-reason">What is wrong? (optional)</label>
            <input id="set-stop-reason" name="reason" maxLength={500} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="set-stop-location">Where? (optional)</label>
            <input id="set-stop-location" name="location" maxLength={200} autoComplete="off" />
          </div>
          <button type="submit" className="stop-work-button">
            STOP WORK
          </button>
        </form>
      )}
      {!unknown && !sending && (
        <p className="set-concern-link">
          Not an emergency? <Link href={`/s/${encodeURIComponent(setCode)}/concern`}>Report a concern instead</Link>, anonymously, and follow it up later.
        </p>
      )}
    </Page>
  );
}
