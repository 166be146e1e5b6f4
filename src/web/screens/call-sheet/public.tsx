// The recipient's page, /call-sheet/<token>: the link in the call sheet email
// opens the published sheet with no sign-in, the person's own call first (S4).
// It is read on a phone in the sun, so type is large and black on white. The
// acknowledgement of the safety section is a ledger entry; its time and receipt
// are shown and announced. The last copy opened stays on the phone, so the
// sheet still reads on a set with no signal.
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Problem } from '../../api.js';
import { useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { readJson, writeJson } from '../../storage.js';
import { calendarUrl, callSheetApi, linkPdfUrl, type Confirmed, type RecipientView } from './client.js';
import { SheetView } from './sheet-view.js';
import { When } from './shared.js';
import { whenWords } from './words.js';

interface Saved {
  view: RecipientView;
  savedAt: string;
}

type Opened = { state: 'loading' } | { state: 'ready'; view: RecipientView; savedAt: string | null } | { state: 'failed'; problem: Problem };

const savedKey = (token: string) => `setbook.callSheet.${token}`;

/** Opens the link; offline, the copy this phone kept of it. A replaced link forgets its copy. */
function useSheet(token: string): [Opened, (view: RecipientView) => void, () => void] {
  const [opened, setOpened] = useState<Opened>({ state: 'loading' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    void callSheetApi.open(token).then((result) => {
      if (!live) return;
      if (result.ok) {
        writeJson(savedKey(token), { view: result.data, savedAt: new Date().toISOString() } satisfies Saved);
        setOpened({ state: 'ready', view: result.data, savedAt: null });
        return;
      }
      const saved = result.problem.status === 0 ? readJson<Saved>(savedKey(token)) : null;
      if (result.problem.status === 410 || result.problem.status === 404) writeJson(savedKey(token), null);
      setOpened(saved?.view ? { state: 'ready', view: saved.view, savedAt: saved.savedAt } : { state: 'failed', problem: result.problem });
    });
    return () => {
      live = false;
    };
  }, [token, round]);

  const update = (view: RecipientView) => {
    writeJson(savedKey(token), { view, savedAt: new Date().toISOString() } satisfies Saved);
    setOpened((was) => (was.state === 'ready' ? { ...was, view } : was));
  };
  return [opened, update, () => setRound((n) => n + 1)];
}

function Acknowledgement({ token, view, acknowledged }: { token: string; view: RecipientView; acknowledged: (confirmed: Confirmed) => void }) {
  const { t } = useTranslation();
  const zone = view.callSheet.sections.production.timezone;
  const heading = useRef<HTMLHeadingElement>(null);
  const [said, setSaid] = useState('');
  const [receipt, setReceipt] = useState<Confirmed['receipt'] | null>(null);
  const submit = useSubmit((body: { safetyAck: true }, options) => callSheetApi.confirm(token, body, options));
  const ackAt = view.you.safetyAckAt;

  async function acknowledge(): Promise<void> {
    const done = await submit.run({ safetyAck: true });
    if (!done) return;
    setReceipt(done.data.receipt);
    acknowledged(done.data);
    heading.current?.focus();
    const at = done.data.safetyAckAt ?? done.data.confirmedAt;
    setSaid(t('callsheet.ack.said', { when: whenWords(at, zone), index: done.data.receipt.index }));
  }

  return (
    <section className={`cs-ack${ackAt ? ' cs-ack--done' : ''}`} aria-labelledby="cs-ack-heading">
      <h2 id="cs-ack-heading" ref={heading} tabIndex={-1}>
        {t('callsheet.ack.heading')}
      </h2>
      {ackAt ? (
        <p className="cs-ack-when">
          <Trans i18nKey="callsheet.ack.done" components={{ when: <When at={ackAt} timeZone={zone} /> }} />
        </p>
      ) : (
        <>
          <p>{t('callsheet.ack.read')}</p>
          <button type="button" className="button button--primary cs-ack-button" aria-disabled={submit.busy || undefined} onClick={() => void acknowledge()}>
            {submit.busy ? t('callsheet.ack.busy') : t('callsheet.ack.button')}
          </button>
        </>
      )}
      <div className="form-error" role="alert">
        {submit.problem && <p>{submit.problem.status === 0 ? t('callsheet.ack.offline') : submit.problem.detail}</p>}
      </div>
      <p className="sr-only" role="status">
        {said}
      </p>
      {receipt && (
        <details className="cs-receipt">
          <summary>{t('callsheet.ack.receipt', { index: receipt.index })}</summary>
          <p>
            <Trans i18nKey="callsheet.ack.receiptWhat" values={{ index: receipt.index, size: receipt.treeSize, hash: receipt.rootHash }} components={{ hash: <span className="cs-url" /> }} />
          </p>
          <pre className="cs-checkpoint">{receipt.checkpoint}</pre>
        </details>
      )}
    </section>
  );
}

export function RecipientSheetScreen({ token }: { token: string }) {
  const { t } = useTranslation();
  const [opened, update, retry] = useSheet(token);

  if (opened.state === 'loading') {
    return (
      <Page title={t('callsheet.title')}>
        <p role="status">{t('callsheet.link.opening')}</p>
      </Page>
    );
  }
  if (opened.state === 'failed') {
    const { status } = opened.problem;
    return (
      <Page title={status === 410 ? t('callsheet.link.newerTitle') : t('callsheet.title')}>
        <div className="cs-gone" role="alert">
          {status === 410 ? (
            <>
              <p className="cs-gone-line">{t('callsheet.link.newer')}</p>
              <p>{t('callsheet.link.newerWhere')}</p>
            </>
          ) : status === 404 ? (
            <p className="cs-gone-line">{t('callsheet.link.unknown')}</p>
          ) : (
            <p className="cs-gone-line">{opened.problem.detail}</p>
          )}
        </div>
        {status !== 410 && status !== 404 && (
          <button type="button" className="button button--primary" onClick={retry}>
            {t('callsheet.tryAgain')}
          </button>
        )}
      </Page>
    );
  }

  const { view, savedAt } = opened;
  const sheet = view.callSheet.sections;
  const zone = sheet.production.timezone;
  return (
    <Page title={t('callsheet.link.title', { production: sheet.production.name })}>
      <div className="cs-public">
        {savedAt && (
          <p className="cs-offline" role="status">
            <Trans i18nKey="callsheet.link.offlineCopy" components={{ when: <When at={savedAt} timeZone={zone} /> }} />
          </p>
        )}
        <SheetView
          sheet={sheet}
          you={view.you}
          afterCall={
            <p className="cs-calendar">
              <a className="button button--secondary" href={calendarUrl(token)} download="call.ics">
                {t('callsheet.link.calendar')}
              </a>
              <a className="button button--secondary" href={linkPdfUrl(token)} target="_blank" rel="noopener">
                {t('callsheet.link.pdf')}
              </a>
            </p>
          }
          afterSafety={
            <Acknowledgement
              token={token}
              view={view}
              acknowledged={(confirmed) => update({ ...view, you: { ...view.you, confirmedAt: confirmed.confirmedAt, safetyAckAt: confirmed.safetyAckAt } })}
            />
          }
        />
      </div>
    </Page>
  );
}
