// The production's ledger: every recorded safety write in plain words, newest
// first, and a check of the whole log run in this browser. Loaded lazily (see
// app.tsx), so the hashing and signature code never weighs on the first screen.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { BundleReport } from '../../ledger/bundle.js';
import { api, ledgerExportUrl, openStream, type LedgerHead, type LedgerRecord, type Problem } from '../api.js';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { dateTimeOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';
import { actorText, describeEntry, type NameOf } from './ledger-lines.js';
import { readPinned, signerOf, verifyDownload, type Progress } from './ledger-verify.js';

/** Entries per page; a page of this many renders quickly on an old phone. */
const PAGE_SIZE = 200;

const number = new Intl.NumberFormat();
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

function EntryItem({ record, nameOf, times }: { record: LedgerRecord; nameOf: NameOf; times: Intl.DateTimeFormat }) {
  const { entry, index } = record;
  const at = new Date(entry.at);
  return (
    <li className="entry" id={`entry-${index}`}>
      <p className="entry-meta">
        <span className="entry-index">#{index}</span>
        <time dateTime={entry.at}>{Number.isNaN(at.getTime()) ? String(entry.at) : times.format(at)}</time>
      </p>
      <p className="entry-line">{describeEntry(entry, nameOf)}</p>
      <p className="entry-actor">By {actorText(entry.actor, nameOf)}</p>
      <details className="entry-raw">
        <summary>Raw entry #{index}</summary>
        <pre>{JSON.stringify(record, null, 2)}</pre>
      </details>
    </li>
  );
}

function Pager({ label, base, from, to, treeSize }: { label: string; base: string; from: number; to: number; treeSize: number }) {
  if (from === 0 && to === treeSize) return null;
  const newer = Math.min(treeSize, to + PAGE_SIZE);
  return (
    <nav className="pager" aria-label={label}>
      {to < treeSize && (
        <Link className="button button--secondary" href={newer === treeSize ? base : `${base}?to=${newer}`}>
          Newer entries
        </Link>
      )}
      {from > 0 && (
        <Link className="button button--secondary" href={`${base}?to=${from}`}>
          Older entries
        </Link>
      )}
    </nav>
  );
}

function EntryList({ productionId, treeSize, nameOf, times }: { productionId: string; treeSize: number; nameOf: NameOf; times: Intl.DateTimeFormat }) {
  const { path, query } = useLocation();
  const asked = Number(query.get('to'));
  // The page is named by its end, so it keeps showing the same entries while the log grows.
  const to = query.has('to') && Number.isSafeInteger(asked) ? Math.min(Math.max(asked, 0), treeSize) : treeSize;
  const from = Math.max(0, to - PAGE_SIZE);
  const [page] = useResource(`${productionId}:${from}:${to}`, () => api.ledgerEntries(productionId, from, to));
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(to);

  // Paging changes the query, not the path, so the layout does not move focus: do it here.
  useEffect(() => {
    if (shown.current === to) return;
    shown.current = to;
    heading.current?.focus();
  }, [to]);

  return (
    <>
      <h2 id="entries-heading" ref={heading} tabIndex={-1} aria-describedby="entries-range">
        Entries ({number.format(treeSize)})
      </h2>
      <p className="hint" id="entries-range">
        {to === 0 ? 'Nothing is recorded yet.' : `Newest first: #${number.format(to - 1)} down to #${number.format(from)}.`}
      </p>
      <Pager label="Ledger pages" base={path} from={from} to={to} treeSize={treeSize} />
      {page.state === 'loading' && <p>Loading…</p>}
      {page.state === 'failed' && <p role="alert">{page.problem.detail}</p>}
      {page.state === 'ready' && (
        <ol className="entries">
          {[...page.data.entries].reverse().map((record) => (
            <EntryItem key={record.index} record={record} nameOf={nameOf} times={times} />
          ))}
        </ol>
      )}
      {page.state === 'ready' && <Pager label="Ledger pages, end of list" base={path} from={from} to={to} treeSize={treeSize} />}
    </>
  );
}

type Check =
  | { state: 'idle' }
  | { state: 'running'; progress: Progress }
  | { state: 'done'; report: BundleReport; pinned: boolean }
  | { state: 'unavailable'; problem: Problem };

const downloadBroke: Problem = {
  status: 0,
  title: 'Download stopped',
  detail: 'The download stopped before the end, so nothing was decided. Check the set Wi-Fi and try again.',
  fields: {},
};

/**
 * verifyDownload holds the download to the key this page shows; it must also
 * be this production's log, not another one signed by the same server.
 */
function ofThisProduction(report: BundleReport, productionId: string): BundleReport {
  if (!report.ok || report.productionId === productionId) return report;
  return {
    ok: false,
    code: 'BAD_BUNDLE',
    firstBadIndex: null,
    message: `the download is the ledger of another production (${report.productionId})`,
    keyHash: report.keyHash,
  };
}

/** Who signs this log, near the top of the page: a person compares the key hash with the one on the call sheet. */
function SigningKey({ verifierKey }: { verifierKey: string }) {
  const signer = signerOf(verifierKey);
  if (!signer) {
    return <p role="alert">The server’s signing key is not a valid key, so this ledger cannot be checked. Tell the safety advisor.</p>;
  }
  return (
    <section className="panel" aria-labelledby="signing-key-heading">
      <h2 id="signing-key-heading">Signing key</h2>
      <dl className="facts facts--stacked">
        <div>
          <dt>Key name</dt>
          <dd>
            <code className="hash">{signer.name}</code>
          </dd>
        </div>
        <div>
          <dt>Key hash</dt>
          <dd>
            <code className="hash">{signer.keyHash}</code>
          </dd>
        </div>
      </dl>
      <p className="hint">
        Compare the key hash with the one printed on the call sheet. The check on this page accepts only a ledger signed by this key.
      </p>
    </section>
  );
}

function Verdict({ check, base }: { check: Check; base: string }) {
  if (check.state !== 'done') return null;
  const { report } = check;
  if (report.ok) {
    return (
      <div className="verdict verdict--ok">
        <p>
          <strong>Intact:</strong> {plural(report.treeSize, 'entry', 'entries')}, root <code className="hash">{report.rootHash}</code>,{' '}
          {plural(report.checkpointsVerified, 'signature', 'signatures')} checked.
        </p>
        <p>
          {report.pinned
            ? `It matches the checkpoint you pasted, at ${plural(report.pinned.size, 'entry', 'entries')}.`
            : 'Every entry matches the signed checkpoints. Paste the checkpoint from a call sheet to also prove nothing before it was rewritten.'}
        </p>
      </div>
    );
  }
  const bad = report.firstBadIndex;
  return (
    <div className="verdict verdict--bad">
      <p>
        <strong>Does not verify:</strong> {report.message}
        {bad === null ? '.' : `, first bad entry #${number.format(bad)}.`}
      </p>
      {bad !== null && (
        <p>
          <Link href={`${base}?to=${bad + 1}`}>Show entry #{number.format(bad)}</Link>
        </p>
      )}
      <p>Download a copy for an investigator now, and tell the safety advisor and the producer.</p>
    </div>
  );
}

function VerifyPanel({ productionId, head }: { productionId: string; head: LedgerHead }) {
  const { sessionEnded } = useSession();
  const { path } = useLocation();
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [pinError, setPinError] = useState('');
  const pinInput = useRef<HTMLTextAreaElement>(null);
  const running = useRef<AbortController | null>(null);

  useEffect(() => () => running.current?.abort(), []);

  async function verify(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (running.current) return;
    const pin = readPinned(pinInput.current?.value ?? '');
    if (!pin.ok) {
      setPinError(pin.error);
      pinInput.current?.focus();
      return;
    }
    setPinError('');
    const controller = new AbortController();
    running.current = controller;
    setCheck({ state: 'running', progress: { entries: 0, bytes: 0 } });
    const live = () => !controller.signal.aborted;
    let next: Check;
    const opened = await openStream(ledgerExportUrl(productionId), controller.signal);
    if (!opened.ok) {
      if (opened.problem.status === 401) sessionEnded();
      next = { state: 'unavailable', problem: opened.problem };
    } else {
      try {
        const report = await verifyDownload(opened.data, head.publicKey, pin.pinned, (progress) => {
          if (live()) setCheck({ state: 'running', progress });
        });
        next = { state: 'done', report: ofThisProduction(report, productionId), pinned: pin.pinned !== undefined };
      } catch {
        next = { state: 'unavailable', problem: downloadBroke };
      }
    }
    if (!live()) return;
    running.current = null;
    setCheck(next);
  }

  const busy = check.state === 'running';
  const total = busy ? Math.max(head.treeSize, check.progress.entries) : head.treeSize;
  return (
    <section className="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Check the ledger</h2>
      <p>Compare these with the checkpoint printed on the call sheet.</p>
      <dl className="facts facts--stacked">
        <div>
          <dt>Entries</dt>
          <dd>{number.format(head.treeSize)}</dd>
        </div>
        <div>
          <dt>Root hash</dt>
          <dd>
            <code className="hash">{head.rootHash}</code>
          </dd>
        </div>
        <div>
          <dt>Signing key</dt>
          <dd>
            <code className="hash">{head.publicKey}</code>
          </dd>
        </div>
      </dl>
      <details className="disclosure">
        <summary>Signed checkpoint</summary>
        <pre>{head.checkpoint}</pre>
      </details>
      <form className="form" aria-label="Verify the ledger" noValidate onSubmit={(e) => void verify(e)}>
        <div className={`field${pinError ? ' field--invalid' : ''}`}>
          <label htmlFor="pinned-checkpoint">Checkpoint from a call sheet (optional)</label>
          <p className="hint" id="pinned-checkpoint-hint">
            The signed checkpoint, or its size and root as 1432:root. Any rewrite of the entries before it then shows.
          </p>
          <textarea
            id="pinned-checkpoint"
            ref={pinInput}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            aria-invalid={pinError ? true : undefined}
            aria-describedby={pinError ? 'pinned-checkpoint-hint pinned-checkpoint-error' : 'pinned-checkpoint-hint'}
          />
          {pinError && (
            <p className="field-error" id="pinned-checkpoint-error">
              {pinError}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
          {busy ? 'Checking…' : 'Verify in this browser'}
        </button>
      </form>
      {busy && (
        <div className="verify-progress">
          <progress max={total || 1} value={check.progress.entries} aria-labelledby="verify-progress-text" />
          <p className="hint" id="verify-progress-text">
            Checked {number.format(check.progress.entries)} of {plural(total, 'entry', 'entries')} (
            {(check.progress.bytes / 1_048_576).toFixed(1)} MB downloaded)
          </p>
        </div>
      )}
      <div className="verdict-slot" role="status" aria-atomic="true">
        {busy && <p className="status">Checking the ledger in this browser…</p>}
        {check.state === 'done' && check.report.ok && <Verdict check={check} base={path} />}
      </div>
      <div className="verdict-slot" role="alert" aria-atomic="true">
        {check.state === 'done' && !check.report.ok && <Verdict check={check} base={path} />}
        {check.state === 'unavailable' && (
          <div className="verdict verdict--bad">
            <p>
              <strong>Could not check:</strong> {check.problem.detail}
            </p>
          </div>
        )}
      </div>
      <h3 className="subhead">For an investigator</h3>
      <p>The whole log with its signed checkpoints, as one file that the setbook verify command checks offline.</p>
      <div className="actions">
        <a className="button button--secondary" href={ledgerExportUrl(productionId)} download>
          Download for an investigator
        </a>
      </div>
    </section>
  );
}

export function LedgerScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const mine = membership(productionId);
  const [production] = useResource(productionId, () => api.production(productionId));
  const [members] = useResource(productionId, () => api.members(productionId));
  const [head] = useResource(productionId, () => api.ledgerHead(productionId));

  const nameOf = useMemo<NameOf>(() => {
    const names = new Map(members.state === 'ready' ? members.data.members.map((m) => [m.userId, m.name]) : []);
    return (userId) => names.get(userId);
  }, [members]);
  const zone = production.state === 'ready' ? production.data.production.timezone : 'UTC';
  const times = useMemo(() => timeFormat(zone, dateTimeOptions), [zone]);

  if (!mine) return null;
  const failed = [head, production, members].find((resource) => resource.state === 'failed');
  if (failed?.state === 'failed') return <p role="alert">{failed.problem.detail}</p>;
  if (head.state !== 'ready' || production.state !== 'ready' || members.state !== 'ready') return <p>Loading…</p>;

  return (
    <>
      <p className="lead">
        Every safety record of {mine.productionName}, in the order it happened. Entries are signed and chained: nobody can change or remove one
        without the check failing.
      </p>
      <p className="hint">Times are in {zone.replaceAll('_', ' ')}, the production’s time zone.</p>
      <SigningKey verifierKey={head.data.publicKey} />
      <a className="jump" href="#verify-heading">
        Check the ledger
      </a>
      <div className="split">
        <section aria-labelledby="entries-heading" className="split-main">
          <EntryList productionId={productionId} treeSize={head.data.treeSize} nameOf={nameOf} times={times} />
        </section>
        <div className="split-side">
          <VerifyPanel productionId={productionId} head={head.data} />
        </div>
      </div>
    </>
  );
}
