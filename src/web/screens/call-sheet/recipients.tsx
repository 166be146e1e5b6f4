// Who has a published call sheet and where each person stands: sent, opened,
// confirmed, safety section acknowledged (S4), on the production's clock. The
// 1st AD and the UPM send a link again or hand it over themselves (share on a
// phone, copy elsewhere); the producer and the safety advisor follow along.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../../components/form.js';
import { useResource } from '../../use-resource.js';
import { callSheetApi, type CallSheetSummary, type Recipient } from './client.js';
import { localTime } from '../schedule/shared.js';
import { When } from './shared.js';

/** How often the table reads the server again while it is on screen: acknowledgements arrive as the crew wakes up. */
const refreshMs = 15_000;
/** While emails wait to go out, it looks sooner: the 1st AD has just pressed publish and watches. */
const sendingRefreshMs = 3_000;

function useRefresh(reload: () => void, sending: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const again = () => {
      if (document.visibilityState !== 'visible') return;
      setNow(new Date());
      reload();
    };
    const timer = setInterval(again, sending ? sendingRefreshMs : refreshMs);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', again);
    };
  }, [reload, sending]);
  return now;
}

function Stamp({ at, zone, late }: { at: string | null; zone: string; late?: boolean }) {
  const { t } = useTranslation();
  if (at) return <When at={at} timeZone={zone} relative={false} />;
  return (
    <span className={late ? 'cs-late' : 'cs-not-yet'}>
      {t('callsheet.recipients.notYet')}
      {late && <span className="sr-only">{t('callsheet.recipients.callPassed')}</span>}
    </span>
  );
}

function Sent({ recipient, zone }: { recipient: Recipient; zone: string }) {
  const { t } = useTranslation();
  if (recipient.revoked) return <span className="cs-not-yet">{t('callsheet.recipients.replaced')}</span>;
  if (recipient.emailStatus === 'failed') return <span className="cs-late">{t('callsheet.recipients.failed')}</span>;
  if (!recipient.sentAt) return <span className="cs-not-yet">{t('callsheet.recipients.waiting')}</span>;
  return <When at={recipient.sentAt} timeZone={zone} relative={false} />;
}

/** Copies a link where the clipboard API is missing (a set laptop over plain HTTP): the old way, through a selected text box. */
function copyByHand(link: string): boolean {
  const box = document.createElement('textarea');
  box.value = link;
  box.setAttribute('readonly', '');
  box.className = 'sr-only';
  document.body.append(box);
  box.select();
  const copied = document.execCommand('copy');
  box.remove();
  return copied;
}

interface RecipientsProps {
  productionId: string;
  sheet: CallSheetSummary;
  zone: string;
  /** the 1st AD and the UPM send a link again */
  canResend: boolean;
  /** the day's general call, an instant: an acknowledgement missing after it is a warning */
  generalCall: string | null;
}

export function RecipientsPanel({ productionId, sheet, zone, canResend, generalCall }: RecipientsProps) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [list, reload] = useResource(`${productionId}/call-sheet/${sheet.id}/recipients/${pending}`, () => callSheetApi.recipients(productionId, sheet.id, pending));
  const rows = list.state === 'ready' ? list.data.recipients : [];
  const now = useRefresh(
    reload,
    rows.some((r) => !r.revoked && (r.emailStatus === 'pending' || r.emailStatus === null)),
  );
  const [said, setSaid] = useState('');
  const [byHand, setByHand] = useState<Recipient | null>(null);
  const handInput = useRef<HTMLInputElement>(null);
  const resend = useSubmit((userId: string, options) => callSheetApi.resend(productionId, sheet.id, userId, options));
  const [resending, setResending] = useState<string | null>(null);
  const canShare = typeof navigator.share === 'function';
  const late = generalCall !== null && now.getTime() >= Date.parse(generalCall);

  useEffect(() => {
    if (byHand) handInput.current?.select();
  }, [byHand]);

  async function sendAgain(recipient: Recipient): Promise<void> {
    setResending(recipient.userId);
    const done = await resend.run(recipient.userId);
    setResending(null);
    if (!done) return;
    setSaid(t('callsheet.recipients.resent', { name: recipient.name }));
    reload();
  }

  async function handOver(recipient: Recipient): Promise<void> {
    setByHand(null);
    if (canShare) {
      try {
        await navigator.share({ title: t('callsheet.recipients.shareTitle', { version: sheet.version }), text: t('callsheet.recipients.shareText', { name: recipient.name }), url: recipient.link });
      } catch {
        // Closing the share sheet is not an error worth showing.
      }
      return;
    }
    try {
      await navigator.clipboard.writeText(recipient.link);
      setSaid(t('callsheet.recipients.copied', { name: recipient.name }));
    } catch {
      if (copyByHand(recipient.link)) setSaid(t('callsheet.recipients.copied', { name: recipient.name }));
      else setByHand(recipient);
    }
  }

  const count = (pick: (r: Recipient) => boolean) => rows.filter(pick).length;
  let summary: ReactNode = null;
  if (list.state === 'ready') {
    summary = pending ? (
      rows.length === 0 ? (
        t('callsheet.recipients.everyone')
      ) : (
        t('callsheet.recipients.stillTo', { count: rows.length })
      )
    ) : (
      t('callsheet.recipients.summary', {
        sent: count((r) => r.sentAt !== null),
        count: rows.length,
        opened: count((r) => r.openedAt !== null),
        confirmed: count((r) => r.confirmedAt !== null),
        acknowledged: count((r) => r.safetyAckAt !== null),
      })
    );
  }

  const inFolder = rows.some((r) => r.emailStatus === 'outbox');
  return (
    <section className="panel cs-recipients-panel" aria-labelledby="cs-recipients-heading">
      <h2 id="cs-recipients-heading">{t('callsheet.recipients.heading')}</h2>
      <div className="cs-recipients-head">
        <p className="cs-summary">{summary}</p>
        <label className="choice cs-pending">
          <input type="checkbox" checked={pending} onChange={(event) => setPending(event.currentTarget.checked)} />
          <span>{t('callsheet.recipients.onlyPending')}</span>
        </label>
      </div>
      {late && rows.some((r) => !r.safetyAckAt && !r.revoked) && (
        <p className="cs-late-line">{t('callsheet.recipients.lateLine')}</p>
      )}
      {inFolder && <p className="hint cs-folder">{t('callsheet.recipients.outbox')}</p>}
      {list.state === 'loading' && <p role="status">{t('callsheet.loading')}</p>}
      {list.state === 'failed' && (
        <div className="sched-problem" role="alert">
          <p>{list.problem.detail}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('callsheet.tryAgain')}
          </button>
        </div>
      )}
      {list.state === 'ready' && rows.length > 0 && (
        <table className="cs-recipients" role="table">
          <caption className="sr-only">{t('callsheet.recipients.caption', { version: sheet.version })}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                {t('callsheet.recipients.name')}
              </th>
              <th scope="col" role="columnheader">
                {t('callsheet.recipients.sent')}
              </th>
              <th scope="col" role="columnheader">
                {t('callsheet.recipients.opened')}
              </th>
              <th scope="col" role="columnheader">
                {t('callsheet.recipients.confirmed')}
              </th>
              <th scope="col" role="columnheader">
                {t('callsheet.recipients.acknowledged')}
              </th>
              <th scope="col" role="columnheader">
                <span className="sr-only">{t('callsheet.recipients.link')}</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map((r) => (
              <tr key={r.userId} role="row" className={r.safetyAckAt ? 'cs-row--done' : late && !r.revoked ? 'cs-row--late' : undefined}>
                <th scope="row" role="rowheader" className="cs-who-cell">
                  {r.name}
                  {r.call && <span className="cs-note">{t('callsheet.recipients.call', { time: localTime(r.call, zone) })}</span>}
                </th>
                <td role="cell" data-label={t('callsheet.recipients.sent')}>
                  <Sent recipient={r} zone={zone} />
                </td>
                <td role="cell" data-label={t('callsheet.recipients.opened')}>
                  <Stamp at={r.openedAt} zone={zone} />
                </td>
                <td role="cell" data-label={t('callsheet.recipients.confirmed')}>
                  <Stamp at={r.confirmedAt} zone={zone} />
                </td>
                <td role="cell" data-label={t('callsheet.recipients.acknowledged')}>
                  <Stamp at={r.safetyAckAt} zone={zone} late={late && !r.revoked} />
                </td>
                <td role="cell" className="cs-row-actions">
                  {!r.revoked && (
                    <div className="cs-row-buttons">
                      {canResend && (
                        <button
                          type="button"
                          className="button button--secondary"
                          aria-disabled={resending !== null || undefined}
                          onClick={() => void sendAgain(r)}
                        >
                          {resending === r.userId ? t('callsheet.recipients.sending') : t('callsheet.recipients.resend')}
                          <span className="visually-hidden"> {t('callsheet.recipients.resendWhose', { name: r.name })}</span>
                        </button>
                      )}
                      <button type="button" className="button button--secondary" onClick={() => void handOver(r)}>
                        {canShare ? t('callsheet.recipients.share') : t('callsheet.recipients.copy')}
                        <span className="visually-hidden"> {t('callsheet.recipients.linkOf', { name: r.name })}</span>
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {byHand && (
        <div className="field cs-by-hand">
          <label htmlFor="cs-by-hand">{t('callsheet.recipients.byHand', { name: byHand.name })}</label>
          <input id="cs-by-hand" ref={handInput} className="link-input" readOnly value={byHand.link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <div className="form-error" role="alert">
        {resend.problem && <p>{resend.problem.detail}</p>}
      </div>
      <p className="status status--done" role="status">
        {said}
      </p>
    </section>
  );
}
