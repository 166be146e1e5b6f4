// The dock at the bottom edge: the STOP button within a thumb's reach on every
// screen of a production, whether the network is there, and what still waits
// to be sent. Tapping STOP asks two optional questions, where and what; "Stop now" never waits.
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n.js';
import { useOutbox, useOutboxState, type OutboxState, type Write } from '../outbox.js';
import { useLive } from '../live-provider.js';
import { useStops } from '../stops.js';
import { trapFocus } from './takeover.js';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

const isStop = (write: Write) => write.kind === 'stop' || write.kind === 'set-stop';

/** One line per kind of thing waiting, most important first. */
function waitingLines({ queued }: OutboxState): string[] {
  const stops = queued.filter((q) => isStop(q.write));
  const acks = queued.filter((q) => q.write.kind === 'ack' && q.attempts > 0);
  const entries = queued.filter((q) => q.write.kind === 'entry' && q.attempts > 0).length;
  const lines: string[] = [];
  if (stops.some((q) => q.attempts > 0)) lines.push(t('stops.dock.stopQueued'));
  else if (stops.length > 0) lines.push(t('stops.dock.sendingStop'));
  if (acks.length > 0) lines.push(t('stops.dock.ackQueued'));
  if (entries > 0) lines.push(t('stops.dock.entriesWaiting', { count: entries }));
  const concerns = queued.filter((q) => q.write.kind === 'concern' && q.attempts > 0).length;
  if (concerns > 0) lines.push(t('offline.concernQueued', { count: concerns }));
  return lines;
}

function failureText(write: Write, detail: string): string {
  if (write.kind === 'concern') return t('offline.concernNotSent', { detail });
  if (write.kind === 'entry') return write.entryId ? t('stops.dock.fileNotSent', { title: write.body.title, detail }) : t('stops.dock.entryNotSent', { title: write.body.title, detail });
  return isStop(write) ? t('stops.dock.stopNotSent', { detail }) : t('stops.dock.ackNotSent', { detail });
}

/** How long the dock says a stop went out: the red banner above every screen says the rest. */
const sentShownMs = 10_000;

/** Tells whoever pressed STOP that the server has it, once the outbox delivers it. */
function useStopSent(): boolean {
  const outbox = useOutbox();
  const [sent, setSent] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = outbox.onDelivered((write) => {
      if (write.kind !== 'stop') return;
      setSent(true);
      clearTimeout(timer);
      timer = setTimeout(() => setSent(false), sentShownMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [outbox]);
  return sent;
}

function Outgoing() {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const state = useOutboxState();
  const sent = useStopSent();
  const lines = waitingLines(state);
  return (
    <div className="dock-outbox" role="alert">
      {sent && !state.queued.some((q) => q.write.kind === 'stop') && <p className="dock-sent">{t('stops.dock.stopSent')}</p>}
      {lines.map((line) => (
        <p key={line} className="dock-waiting">
          {line}
        </p>
      ))}
      {state.failures.map((failure) => (
        <p key={failure.key} className="dock-failed">
          {failureText(failure.write, failure.problem.detail)}{' '}
          <button type="button" className="dock-dismiss" onClick={() => outbox.dismiss(failure.key)}>
            {t('common.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}

/**
 * "Where" is asked here, before the stop goes, and never required: "Stop now" keeps
 * the focus, and one tap on a place this device used last or on one of today's
 * locations fills it. Nothing is filled in unasked: a remembered place that is
 * no longer true would send people to the wrong spot.
 */
function StopSheet({ close }: { close: () => void }) {
  const { t } = useTranslation();
  const stops = useStops();
  const dialog = useRef<HTMLDialogElement>(null);
  const stopNow = useRef<HTMLButtonElement>(null);
  // Read once as the sheet opens: a list that grew under a moving thumb could take the wrong tap.
  const [places] = useState(() => stops?.places() ?? []);
  const [where, setWhere] = useState('');

  useLayoutEffect(() => {
    dialog.current?.showModal();
    // Focus on "Stop now", not a field: a phone keyboard popping up would hide the button.
    stopNow.current?.focus();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const reason = String(data.get('reason') ?? '').trim();
    const location = where.trim();
    stops?.raise({ ...(reason ? { reason } : {}), ...(location ? { location } : {}), ...(data.get('anonymous') ? { anonymous: true } : {}) });
    dialog.current?.close();
  }

  const name = stops?.production?.name;
  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="stop-sheet-title" onClose={close} onKeyDown={trapFocus}>
      <form className="sheet-form" onSubmit={submit}>
        <h2 id="stop-sheet-title">{name ? t('stops.sheet.titleOn', { name }) : t('stops.sheet.title')}</h2>
        <p className="hint">{t('stops.sheet.hint')}</p>
        <div className="field">
          <label htmlFor="stop-where">{t('stops.where')}</label>
          <input id="stop-where" name="location" maxLength={200} autoComplete="off" enterKeyHint="send" value={where} onChange={(e) => setWhere(e.target.value)} />
          {places.length > 0 && (
            <div className="stop-places" role="group" aria-label={t('stops.sheet.places')}>
              {places.map((place) => (
                <button key={place} type="button" className="stop-place" aria-pressed={where === place} onClick={() => setWhere(where === place ? '' : place)}>
                  {place}
                </button>
              ))}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="stop-reason">{t('stops.whatIsWrong')}</label>
          <input id="stop-reason" name="reason" maxLength={500} autoComplete="off" enterKeyHint="send" />
        </div>
        <label className="choice">
          <input type="checkbox" name="anonymous" />
          <span>{t('stops.sheet.anonymous')}</span>
        </label>
        <button ref={stopNow} type="submit" className="button stop-now">
          {t('stops.sheet.stopNow')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
          {t('common.cancel')}
        </button>
      </form>
    </dialog>
  );
}

export function Dock({ covered }: { covered: boolean }) {
  const { t } = useTranslation();
  const stops = useStops();
  const connected = useLive()?.connected;
  const online = useOnline();
  const [asking, setAsking] = useState(false);
  // A takeover covers everything, the open sheet included.
  useEffect(() => {
    if (covered) setAsking(false);
  }, [covered]);

  let connection = online ? t('stops.dock.online') : t('stops.dock.offline');
  if (stops && !online) connection = t('stops.dock.offlineStop');
  else if (connected === false) connection = t('stops.dock.reconnecting');

  return (
    <footer className={stops ? 'dock dock--stop' : 'dock'}>
      <div className="dock-status">
        <p className={online ? 'connection' : 'connection connection--offline'} role="status">
          {connection}
        </p>
        <Outgoing />
      </div>
      {stops && (
        <button type="button" id="stop-button" className="stop-button" aria-haspopup="dialog" onClick={() => setAsking(true)}>
          {t('stops.button')}
          <span className="visually-hidden"> {t('stops.buttonHidden')}</span>
        </button>
      )}
      {asking && <StopSheet close={() => setAsking(false)} />}
    </footer>
  );
}
