// Who has a published call sheet and where each person stands: sent, opened,
// confirmed, safety section acknowledged (S4), on the production's clock. The
// 1st AD and the UPM send a link again or hand it over themselves (share on a
// phone, copy elsewhere); the producer and the safety advisor follow along.
import { useEffect, useRef, useState, type ReactNode } from 'react';
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
  if (at) return <When at={at} timeZone={zone} relative={false} />;
  return (
    <span className={late ? 'cs-late' : 'cs-not-yet'}>
      Not yet{late && <span className="sr-only">, and the general call has passed</span>}
    </span>
  );
}

function Sent({ recipient, zone }: { recipient: Recipient; zone: string }) {
  if (recipient.revoked) return <span className="cs-not-yet">Link replaced</span>;
  if (recipient.emailStatus === 'failed') return <span className="cs-late">Not delivered; sending again</span>;
  if (!recipient.sentAt) return <span className="cs-not-yet">Waiting to send</span>;
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
    setSaid(`The link went to ${recipient.name} again.`);
    reload();
  }

  async function handOver(recipient: Recipient): Promise<void> {
    setByHand(null);
    if (canShare) {
      try {
        await navigator.share({ title: `Call sheet, version ${sheet.version}`, text: `Your call sheet, ${recipient.name}:`, url: recipient.link });
      } catch {
        // Closing the share sheet is not an error worth showing.
      }
      return;
    }
    try {
      await navigator.clipboard.writeText(recipient.link);
      setSaid(`${recipient.name}’s link is copied.`);
    } catch {
      if (copyByHand(recipient.link)) setSaid(`${recipient.name}’s link is copied.`);
      else setByHand(recipient);
    }
  }

  const count = (pick: (r: Recipient) => boolean) => rows.filter(pick).length;
  let summary: ReactNode = null;
  if (list.state === 'ready') {
    summary = pending ? (
      rows.length === 0 ? (
        'Everyone has acknowledged the safety section.'
      ) : (
        `${rows.length} still to acknowledge the safety section.`
      )
    ) : (
      <>
        {count((r) => r.sentAt !== null)} of {rows.length} sent · {count((r) => r.openedAt !== null)} opened · {count((r) => r.confirmedAt !== null)} confirmed ·{' '}
        {count((r) => r.safetyAckAt !== null)} acknowledged the safety section
      </>
    );
  }

  const inFolder = rows.some((r) => r.emailStatus === 'outbox');
  return (
    <section className="panel cs-recipients-panel" aria-labelledby="cs-recipients-heading">
      <h2 id="cs-recipients-heading">Who has it</h2>
      <div className="cs-recipients-head">
        <p className="cs-summary">{summary}</p>
        <label className="choice cs-pending">
          <input type="checkbox" checked={pending} onChange={(event) => setPending(event.currentTarget.checked)} />
          <span>Only those who have not acknowledged</span>
        </label>
      </div>
      {late && rows.some((r) => !r.safetyAckAt && !r.revoked) && (
        <p className="cs-late-line">The general call has passed: the rows marked in yellow have not acknowledged the safety section.</p>
      )}
      {inFolder && <p className="hint cs-folder">No mail server is set up, so the emails wait in the outbox folder on the set’s computer: hand the links over yourself.</p>}
      {list.state === 'loading' && <p role="status">Loading…</p>}
      {list.state === 'failed' && (
        <div className="sched-problem" role="alert">
          <p>{list.problem.detail}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {list.state === 'ready' && rows.length > 0 && (
        <table className="cs-recipients" role="table">
          <caption className="sr-only">Version {sheet.version}: who has it, and when each read and acknowledged it</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                Name
              </th>
              <th scope="col" role="columnheader">
                Sent
              </th>
              <th scope="col" role="columnheader">
                Opened
              </th>
              <th scope="col" role="columnheader">
                Confirmed
              </th>
              <th scope="col" role="columnheader">
                Safety acknowledged
              </th>
              <th scope="col" role="columnheader">
                <span className="sr-only">Link</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map((r) => (
              <tr key={r.userId} role="row" className={r.safetyAckAt ? 'cs-row--done' : late && !r.revoked ? 'cs-row--late' : undefined}>
                <th scope="row" role="rowheader" className="cs-who-cell">
                  {r.name}
                  {r.call && <span className="cs-note">Call {localTime(r.call, zone)}</span>}
                </th>
                <td role="cell" data-label="Sent">
                  <Sent recipient={r} zone={zone} />
                </td>
                <td role="cell" data-label="Opened">
                  <Stamp at={r.openedAt} zone={zone} />
                </td>
                <td role="cell" data-label="Confirmed">
                  <Stamp at={r.confirmedAt} zone={zone} />
                </td>
                <td role="cell" data-label="Safety acknowledged">
                  <Stamp at={r.safetyAckAt} zone={zone} late={late && !r.revoked} />
                </td>
                <td role="cell" className="cs-row-actions">
                  {!r.revoked && (
                    <div className="cs-row-buttons">
                      {canResend && (
                        <button
                          type="button"
                          className="button button--secondary"
                          aria-label={`Send ${r.name} the link again`}
                          aria-disabled={resending !== null || undefined}
                          onClick={() => void sendAgain(r)}
                        >
                          {resending === r.userId ? 'Sending…' : 'Resend'}
                        </button>
                      )}
                      <button type="button" className="button button--secondary" aria-label={`${canShare ? 'Share' : 'Copy'} ${r.name}’s link`} onClick={() => void handOver(r)}>
                        {canShare ? 'Share link' : 'Copy link'}
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
          <label htmlFor="cs-by-hand">{byHand.name}’s link: copy it from your keyboard or menu</label>
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
