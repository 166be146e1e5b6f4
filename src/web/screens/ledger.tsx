// The production's ledger: every recorded safety act as a sentence with names,
// newest first, filtered by kind, person, day and words, and a check of the
// whole log run in this browser. Loaded lazily (see app.tsx), so the hashing
// and signature code never weighs on the first screen.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { BundleReport } from '../../ledger/bundle.js';
import { api, ledgerExportUrl, openStream, type LedgerHead, type Problem } from '../api.js';
import { intlLocale, t as say } from '../i18n.js';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
import type { FirearmName, LineContext, Names } from './ledger-lines.js';
import { readPinned, signerOf, verifyDownload, type Progress } from './ledger-verify.js';
import { EntryList } from './ledger/entries.js';
import { readCursor, readFilters } from './ledger/filters.js';

/** A count in the reader's digits; made when drawn, so a change of language shows at once. */
const number = (n: number) => new Intl.NumberFormat(intlLocale()).format(n);

type Check =
  | { state: 'idle' }
  | { state: 'running'; progress: Progress }
  | { state: 'done'; report: BundleReport; pinned: boolean }
  | { state: 'unavailable'; problem: Problem };

const downloadBroke = (): Problem => ({
  status: 0,
  title: say('ledger.verify.stoppedTitle'),
  detail: say('ledger.verify.stopped'),
  fields: {},
});

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
    message: say('ledger.verify.otherProduction', { production: report.productionId }),
    keyHash: report.keyHash,
  };
}

/** Who signs this log, near the top of the page: a person compares the key hash with the one on the call sheet. */
function SigningKey({ verifierKey }: { verifierKey: string }) {
  const { t } = useTranslation();
  const signer = signerOf(verifierKey);
  if (!signer) {
    return <p role="alert">{t('ledger.key.invalid')}</p>;
  }
  return (
    <section className="panel" aria-labelledby="signing-key-heading">
      <h2 id="signing-key-heading">{t('ledger.key.heading')}</h2>
      <dl className="facts facts--stacked">
        <div>
          <dt>{t('ledger.key.name')}</dt>
          <dd>
            <code className="hash">{signer.name}</code>
          </dd>
        </div>
        <div>
          <dt>{t('ledger.key.hash')}</dt>
          <dd>
            <code className="hash">{signer.keyHash}</code>
          </dd>
        </div>
      </dl>
      <p className="hint">{t('ledger.key.compare')}</p>
    </section>
  );
}

function Verdict({ check, base }: { check: Check; base: string }) {
  const { t } = useTranslation();
  if (check.state !== 'done') return null;
  const { report } = check;
  if (report.ok) {
    return (
      <div className="verdict verdict--ok">
        <p>
          <Trans
            i18nKey="ledger.verify.intact"
            values={{ entries: t('ledger.verify.entries', { count: report.treeSize, number: number(report.treeSize) }), root: report.rootHash, signatures: t('ledger.verify.signatures', { count: report.checkpointsVerified, number: number(report.checkpointsVerified) }) }}
            components={{ b: <strong />, hash: <code className="hash" /> }}
          />
        </p>
        <p>{report.pinned ? t('ledger.verify.pinned', { entries: t('ledger.verify.entries', { count: report.pinned.size, number: number(report.pinned.size) }) }) : t('ledger.verify.unpinned')}</p>
      </div>
    );
  }
  const bad = report.firstBadIndex;
  return (
    <div className="verdict verdict--bad">
      <p>
        <Trans
          i18nKey={bad === null ? 'ledger.verify.bad' : 'ledger.verify.badAt'}
          values={{ message: report.message, index: bad === null ? '' : number(bad) }}
          components={{ b: <strong /> }}
        />
      </p>
      {bad !== null && (
        <p>
          <Link href={`${base}?to=${bad + 1}`}>{t('ledger.verify.show', { index: number(bad) })}</Link>
        </p>
      )}
      <p>{t('ledger.verify.tell')}</p>
    </div>
  );
}

function VerifyPanel({ productionId, head }: { productionId: string; head: LedgerHead }) {
  const { t } = useTranslation();
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
        next = { state: 'unavailable', problem: downloadBroke() };
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
      <h2 id="verify-heading">{t('ledger.verify.heading')}</h2>
      <p>{t('ledger.verify.compare')}</p>
      <dl className="facts facts--stacked">
        <div>
          <dt>{t('ledger.verify.entriesLabel')}</dt>
          <dd>{number(head.treeSize)}</dd>
        </div>
        <div>
          <dt>{t('ledger.verify.root')}</dt>
          <dd>
            <code className="hash">{head.rootHash}</code>
          </dd>
        </div>
        <div>
          <dt>{t('ledger.key.heading')}</dt>
          <dd>
            <code className="hash">{head.publicKey}</code>
          </dd>
        </div>
      </dl>
      <details className="disclosure">
        <summary>{t('ledger.verify.checkpoint')}</summary>
        <pre>{head.checkpoint}</pre>
      </details>
      <form className="form" aria-label={t('ledger.verify.form')} noValidate onSubmit={(e) => void verify(e)}>
        <div className={`field${pinError ? ' field--invalid' : ''}`}>
          <label htmlFor="pinned-checkpoint">{t('ledger.verify.pin')}</label>
          <p className="hint" id="pinned-checkpoint-hint">
            {t('ledger.verify.pinHint')}
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
          {busy ? t('ledger.verify.busy') : t('ledger.verify.button')}
        </button>
      </form>
      {busy && (
        <div className="verify-progress">
          <progress max={total || 1} value={check.progress.entries} aria-labelledby="verify-progress-text" />
          <p className="hint" id="verify-progress-text">
            {t('ledger.verify.progress', {
              count: total,
              checked: number(check.progress.entries),
              total: number(total),
              megabytes: new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(check.progress.bytes / 1_048_576),
            })}
          </p>
        </div>
      )}
      <div className="verdict-slot" role="status" aria-atomic="true">
        {busy && <p className="status">{t('ledger.verify.checking')}</p>}
        {check.state === 'done' && check.report.ok && <Verdict check={check} base={path} />}
      </div>
      <div className="verdict-slot" role="alert" aria-atomic="true">
        {check.state === 'done' && !check.report.ok && <Verdict check={check} base={path} />}
        {check.state === 'unavailable' && (
          <div className="verdict verdict--bad">
            <p>
              <Trans i18nKey="ledger.verify.couldNot" values={{ detail: check.problem.detail }} components={{ b: <strong /> }} />
            </p>
          </div>
        )}
      </div>
      <h3 className="subhead">{t('ledger.investigator.heading')}</h3>
      <p>{t('ledger.investigator.what')}</p>
      <div className="actions">
        <a className="button button--secondary" href={ledgerExportUrl(productionId)} download>
          {t('ledger.investigator.download')}
        </a>
      </div>
    </section>
  );
}

/** Looks things up by id in whatever the production's lists hold. */
function lookup<T>(items: readonly T[] | undefined, id: (item: T) => string): (key: string) => T | undefined {
  const byId = new Map((items ?? []).map((item) => [id(item), item]));
  return (key) => byId.get(key);
}

export function LedgerScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const { path, query } = useLocation();
  const mine = membership(productionId);
  const [production] = useResource(productionId, () => api.production(productionId));
  const [people] = useResource(productionId, () => api.ledgerPeople(productionId));
  const [head] = useResource(productionId, () => api.ledgerHead(productionId));
  // Only names: without them the sentences still read ("a firearm"), so a failure here does not stop the page.
  const [armory] = useResource(productionId, () => api.armory(productionId));
  const [schedule] = useResource(productionId, () => api.schedule(productionId));
  const zone = production.state === 'ready' ? production.data.production.timezone : 'UTC';
  const ctx = useMemo<LineContext>(() => {
    const person = lookup(people.state === 'ready' ? people.data.people : undefined, (p) => p.userId);
    const firearm = lookup(armory.state === 'ready' ? armory.data.firearms : undefined, (f) => f.id);
    const lot = lookup(armory.state === 'ready' ? armory.data.lots : undefined, (l) => l.id);
    const scene = lookup(schedule.state === 'ready' ? schedule.data.scenes : undefined, (s) => s.id);
    const day = lookup(schedule.state === 'ready' ? schedule.data.shootDays : undefined, (d) => d.id);
    const location = lookup(schedule.state === 'ready' ? schedule.data.locations : undefined, (l) => l.id);
    const names: Names = {
      person: (id) => person(id)?.name,
      firearm: (id): FirearmName | undefined => firearm(id),
      lot: (id) => lot(id)?.lot,
      scene: (id) => scene(id)?.number,
      day: (id) => day(id)?.date,
      location: (id) => location(id)?.name,
    };
    return { names, zone };
  }, [people, armory, schedule, zone]);

  const filters = useMemo(() => readFilters(query), [query.toString()]);
  const cursor = useMemo(() => readCursor(query), [query.toString()]);

  if (!mine) return null;
  const failed = [head, production, people].find((resource) => resource.state === 'failed');
  if (failed?.state === 'failed') return <p role="alert">{failed.problem.detail}</p>;
  const waiting = [head, production, people, armory, schedule].some((resource) => resource.state === 'loading');
  if (head.state !== 'ready' || production.state !== 'ready' || people.state !== 'ready' || waiting) return <p>{t('ledger.loading')}</p>;

  return (
    <>
      <p className="lead">{t('ledger.lead', { production: mine.productionName })}</p>
      <p className="hint">{t('ledger.zone', { zone: zone.replaceAll('_', ' ') })}</p>
      <SigningKey verifierKey={head.data.publicKey} />
      <a className="jump" href="#verify-heading">
        {t('ledger.verify.heading')}
      </a>
      <div className="split">
        <section aria-labelledby="entries-heading" className="split-main">
          <EntryList productionId={productionId} treeSize={head.data.treeSize} ctx={ctx} path={path} filters={filters} cursor={cursor} people={people.data.people} />
        </section>
        <div className="split-side">
          <VerifyPanel productionId={productionId} head={head.data} />
        </div>
      </div>
    </>
  );
}
