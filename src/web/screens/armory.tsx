// The armory board: every firearm at a glance (where it is, who holds it, hot
// or cold from the last inspection only (F8), what is in it), what needs
// attention (F9 alerts, the F11 hold and what lifts it), the ammunition lots,
// "live round found" for anyone, and for the armorer and property master the
// inventory forms and the wrap (F9). Every member sees it; it follows the live stream.
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Refusal } from '../../contract/common.js';
import { api, type ArmoryBoard, type Firearm, type NewFirearm, type NewLot } from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';
import { OfflineBanner } from '../components/offline-banner.js';
import {
  firearmKinds,
  firearmName,
  firearmPath,
  firearmScenesPath,
  HotCold,
  kindText,
  liveRoundPath,
  requestsPath,
  roundCountText,
  shootDayText,
  todayIn,
  trainingPath,
  useArmoryRefresh,
  useArmoryTimes,
  useCrewAndSchedule,
  whereText,
  type RosterDay,
} from './armory-shared.js';
import { HoldBanner } from './armory/hold.js';

/** Out of storage first (with a performer, then the armorer), then storage; by make and model within each. */
const placeOrder: Record<Firearm['state'], number> = { with_performer: 0, with_armorer: 1, stored: 2 };

function boardOrder(a: Firearm, b: Firearm): number {
  return placeOrder[a.state] - placeOrder[b.state] || `${a.make} ${a.model}`.localeCompare(`${b.make} ${b.model}`);
}

/** What is in a firearm, a lot to a line, the lot number never broken across lines. */
function RoundsCell({ rounds, lots }: { rounds: Firearm['loaded']; lots: ArmoryBoard['lots'] }) {
  const { t } = useTranslation();
  const counted = rounds.filter((r) => r.count > 0);
  if (counted.length === 0) return <>{t('armory.rounds.empty')}</>;
  return (
    <>
      {counted.map((r) => {
        const lot = lots.find((l) => l.id === r.lotId);
        const values = { rounds: roundCountText(r.count, lot?.kind), lot: lot?.lot };
        return (
          <span key={r.lotId} className="arm-rounds-line">
            {lot ? (
              <Trans i18nKey="armory.board.roundsFromLot" values={values} components={{ nowrap: <span className="arm-nowrap" /> }} />
            ) : (
              t('armory.rounds.fromGoneLot', values)
            )}
          </span>
        );
      })}
    </>
  );
}

/** "19:42 by Hank Morrow, barrel clear": the board's short word on the last inspection; what is in it has its own column. */
function inspectionBrief(inspection: Firearm['lastInspection'], nameOf: (id: string | null) => string, clock: Intl.DateTimeFormat) {
  if (!inspection) return t('armory.inspection.none');
  const values = { time: clock.format(new Date(inspection.at)), name: nameOf(inspection.byUserId) };
  return inspection.barrelClear ? (
    t('armory.board.inspectedClear', values)
  ) : (
    <Trans i18nKey="armory.board.inspectedNotClear" values={values} components={{ alert: <strong className="arm-alert-text" /> }} />
  );
}

/** A sentence for each firearm whose place or load changed since the last read, for the live region. */
function changes(before: readonly Firearm[], after: readonly Firearm[], nameOf: (id: string | null) => string): string {
  return after
    .filter((f) => {
      const was = before.find((b) => b.id === f.id);
      return was && (was.state !== f.state || was.holderId !== f.holderId || was.status !== f.status);
    })
    .map((f) => {
      const values = { firearm: `${f.make} ${f.model}`, where: whereText(f, nameOf) };
      return f.status === 'hot' ? t('armory.board.movedHot', values) : t('armory.board.movedCold', values);
    })
    .join(' ');
}

/**
 * Lot ids in a sentence from the server (the F9 wrap refusal names them) read
 * as the lot number on the box.
 */
function withLotNumbers(sentence: string, lots: ArmoryBoard['lots']): string {
  return lots.reduce((said, lot) => said.replaceAll(`Lot ${lot.id}`, `Lot ${lot.lot}`), sentence);
}

/** The same for a refusal said in the reader's language: the lot it names, by its number. */
function lotNumberOf(values: Refusal['values'], lots: ArmoryBoard['lots']): Refusal['values'] {
  const named = lots.find((lot) => lot.id === values?.lot);
  return named && values ? { ...values, lot: named.lot } : values;
}

interface BoardProps {
  productionId: string;
  board: ArmoryBoard;
  nameOf: (id: string | null) => string;
  scenes: ReturnType<typeof useCrewAndSchedule>['scenes'];
}

/**
 * Every firearm in one table: a row each, so a tablet shows the whole cart at
 * once. On a phone the rows stack as cards (the table roles are kept explicitly,
 * since a table drawn as blocks loses them otherwise).
 */
function FirearmBoard({ productionId, board, nameOf, scenes }: BoardProps) {
  const { t } = useTranslation();
  const { zone } = useArmoryTimes();
  const clock = timeFormat(zone, { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="arm-board-wrap">
      <table className="arm-board" role="table" aria-labelledby="firearms-heading">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">
              {t('armory.board.firearm')}
            </th>
            <th role="columnheader" scope="col">
              {t('armory.board.hotCold')}
            </th>
            <th role="columnheader" scope="col">
              {t('armory.facts.where')}
            </th>
            <th role="columnheader" scope="col">
              {t('armory.facts.inIt')}
            </th>
            <th role="columnheader" scope="col">
              {t('armory.facts.lastInspection')}
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {[...board.firearms].sort(boardOrder).map((firearm) => {
            const alerts = board.alerts.filter((a) => a.firearmId === firearm.id);
            const scene = scenes.find((s) => s.id === firearm.sceneId);
            return (
              <tr key={firearm.id} role="row" className={`arm-row arm-row--${firearm.status}${alerts.length > 0 ? ' arm-row--alert' : ''}`} aria-label={`${firearm.make} ${firearm.model}`}>
                <th role="rowheader" scope="row" className="arm-cell arm-cell--name">
                  <Link className="arm-name" href={firearmPath(productionId, firearm.id)}>
                    {firearm.make} {firearm.model}
                  </Link>
                  <span className="arm-sub">
                    <span className="arm-nowrap">{firearm.serial}</span> · <span className="arm-nowrap">{kindText(firearm.kind)}</span>
                  </span>
                </th>
                <td role="cell" className="arm-cell arm-cell--status">
                  <HotCold status={firearm.status} />
                </td>
                <td role="cell" className="arm-cell arm-cell--where" data-label={t('armory.facts.where')}>
                  <span className="firearm-where">{whereText(firearm, nameOf)}</span>
                  {scene && firearm.state !== 'stored' && <span className="arm-sub">{t('armory.board.scene', { number: scene.number })}</span>}
                  {alerts.map((alert, i) => (
                    <span key={i} className="arm-alert">
                      <span className="rule">{alert.rule}</span> {t('armory.board.noActiveScene')}
                    </span>
                  ))}
                </td>
                <td role="cell" className="arm-cell arm-cell--load" data-label={t('armory.facts.inIt')}>
                  <RoundsCell rounds={firearm.loaded} lots={board.lots} />
                </td>
                <td role="cell" className="arm-cell arm-cell--inspection" data-label={t('armory.facts.lastInspection')}>
                  {inspectionBrief(firearm.lastInspection, nameOf, clock)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Each lot as counted: what came in, what was fired, what is loaded in firearms now, and what is left in the box. */
function LotTable({ board }: { board: ArmoryBoard }) {
  const { t } = useTranslation();
  if (board.lots.length === 0) return <p>{t('armory.lots.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="lots">
        <thead>
          <tr>
            <th scope="col">{t('armory.lots.lot')}</th>
            <th scope="col">{t('armory.lots.kind')}</th>
            <th scope="col">{t('armory.lots.caliber')}</th>
            <th scope="col">{t('armory.lots.received')}</th>
            <th scope="col">{t('armory.lots.fired')}</th>
            <th scope="col">{t('armory.lots.inFirearms')}</th>
            <th scope="col">{t('armory.lots.inBox')}</th>
          </tr>
        </thead>
        <tbody>
          {board.lots.map((lot) => (
            <tr key={lot.id}>
              <th scope="row">{lot.lot}</th>
              <td>{lot.kind === 'blank' ? t('armory.lots.blank') : t('armory.lots.dummy')}</td>
              <td>{lot.caliber}</td>
              <td className="num">{lot.quantity}</td>
              <td className="num">{lot.fired}</td>
              <td className="num">{lot.inFirearms}</td>
              <td className="num">
                <strong>{lot.inBox}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddFirearmForm({ productionId, added }: { productionId: string; added: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit<NewFirearm, { firearm: Firearm }>((body, options) => api.addFirearm(productionId, body, options));
  const { announce } = useSession();
  async function add(form: HTMLFormElement): Promise<void> {
    const body = { serial: text(form, 'serial'), make: text(form, 'make'), model: text(form, 'model'), kind: text(form, 'kind') as NewFirearm['kind'] };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      for (const name of ['serial', 'make', 'model'] as const) if (!b[name]) invalid[name] = t('armory.required');
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(t('armory.addFirearm.added', { name: firearmName(done.data.firearm) }));
    added();
  }
  return (
    <section className="panel" aria-labelledby="add-firearm">
      <h2 id="add-firearm">{t('armory.addFirearm.heading')}</h2>
      <Form label={t('armory.addFirearm.heading')} problem={submit.problem} fields={['serial', 'make', 'model', 'kind']} onSubmit={(f) => void add(f)}>
        <Field name="serial" label={t('armory.addFirearm.serial')} autoComplete="off" />
        <Field name="make" label={t('armory.addFirearm.make')} autoComplete="off" />
        <Field name="model" label={t('armory.addFirearm.model')} autoComplete="off" />
        <SelectField name="kind" label={t('armory.facts.kind')} defaultValue="blank_firing">
          {firearmKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindText(kind)}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>{t('armory.addFirearm.submit')}</SubmitButton>
      </Form>
    </section>
  );
}

function AddLotForm({ productionId, added }: { productionId: string; added: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit<NewLot, unknown>((body, options) => api.addLot(productionId, body, options));
  const { announce } = useSession();
  const [kind, setKind] = useState<NewLot['kind']>('dummy');
  async function add(form: HTMLFormElement): Promise<void> {
    const method = text(form, 'verification');
    const body: NewLot = { lot: text(form, 'lot'), kind, caliber: text(form, 'caliber'), quantity: Number(text(form, 'quantity')) };
    if (method) body.verification = { method };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.lot) invalid.lot = t('armory.required');
      if (!b.caliber) invalid.caliber = t('armory.required');
      if (!Number.isInteger(b.quantity) || b.quantity < 1) invalid.quantity = t('armory.addLot.quantityInvalid');
      if (b.kind === 'dummy' && !b.verification) invalid.verification = t('armory.addLot.verificationMissing');
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(t('armory.addLot.added', { lot: body.lot }));
    added();
  }
  return (
    <section className="panel" aria-labelledby="add-lot">
      <h2 id="add-lot">{t('armory.addLot.heading')}</h2>
      <p className="hint">{t('armory.addLot.noLive')}</p>
      <Form label={t('armory.addLot.heading')} problem={submit.problem} fields={['lot', 'kind', 'caliber', 'quantity', 'verification']} onSubmit={(f) => void add(f)}>
        <Field name="lot" label={t('armory.lots.lot')} autoComplete="off" />
        <SelectField name="kind" label={t('armory.lots.kind')} value={kind} onChange={(e) => setKind(e.target.value as NewLot['kind'])}>
          <option value="dummy">{t('armory.lots.dummy')}</option>
          <option value="blank">{t('armory.lots.blank')}</option>
        </SelectField>
        <Field name="caliber" label={t('armory.lots.caliber')} autoComplete="off" />
        <Field name="quantity" label={t('armory.addLot.quantity')} inputMode="numeric" autoComplete="off" />
        <TextAreaField
          name="verification"
          label={kind === 'dummy' ? t('armory.addLot.verificationRequired') : t('armory.addLot.verificationOptional')}
          hint={t('armory.addLot.verificationHint')}
          rows={2}
        />
        <SubmitButton busy={submit.busy}>{t('armory.addLot.submit')}</SubmitButton>
      </Form>
    </section>
  );
}

function WrapForm({ productionId, days, lots, wrapped }: { productionId: string; days: RosterDay[]; lots: ArmoryBoard['lots']; wrapped: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit<{ shootDayId: string }, { ok: true }>((body, options) => api.wrap(productionId, body, options));
  const { zone, dateTime } = useArmoryTimes();
  const { announce } = useSession();
  const today = todayIn(zone);
  // Today first, then the days before it: a day wraps once it has been shot, and only once (F9).
  const choices = days.filter((d) => d.date <= today && !d.wrappedAt).sort((a, b) => b.date.localeCompare(a.date));
  const wrappedDays = days.filter((d) => d.wrappedAt).sort((a, b) => b.date.localeCompare(a.date));
  const problem = submit.problem && submit.problem.refusals ? { ...submit.problem, refusals: submit.problem.refusals.map((r) => ({ ...r, reason: withLotNumbers(r.reason, lots), values: lotNumberOf(r.values, lots) })) } : submit.problem;
  async function wrap(form: HTMLFormElement): Promise<void> {
    const shootDayId = text(form, 'shootDayId');
    const done = await submit.run({ shootDayId }, (b): Record<string, string> => (b.shootDayId ? {} : { shootDayId: t('armory.firearm.chooseDay') }));
    if (!done) return;
    const day = days.find((d) => d.id === shootDayId);
    announce(day ? t('armory.wrap.wrapped', { day: shootDayText(day) }) : t('armory.wrap.wrappedUnnamed'));
    wrapped();
  }
  return (
    <section className="panel" aria-labelledby="wrap-day">
      <h2 id="wrap-day">{t('armory.wrap.heading')}</h2>
      <p>{t('armory.wrap.lead')}</p>
      <Form label={t('armory.wrap.heading')} problem={problem} fields={['shootDayId']} onSubmit={(f) => void wrap(f)}>
        <SelectField name="shootDayId" label={t('armory.firearm.shootDay')} defaultValue={choices[0]?.id ?? ''}>
          {choices.length === 0 && <option value="">{t('armory.wrap.noDay')}</option>}
          {choices.map((d) => (
            <option key={d.id} value={d.id}>
              {shootDayText(d)}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>{t('armory.wrap.heading')}</SubmitButton>
      </Form>
      {wrappedDays.length > 0 && (
        <ul className="arm-wrapped" aria-label={t('armory.wrap.wrappedDays')}>
          {wrappedDays.map((d) => (
            <li key={d.id}>
              <Trans
                i18nKey="armory.wrap.wrappedAt"
                values={{ day: shootDayText(d), at: dateTime.format(new Date(d.wrappedAt!)) }}
                components={{ b: <strong />, time: <time dateTime={d.wrappedAt!} /> }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Links to the armory's other screens, and "live round found" for anyone: one tap from the board. */
function QuickLinks({ productionId, roles }: { productionId: string; roles: readonly string[] }) {
  const { t } = useTranslation();
  const seesRequests = roles.some((r) => ['armorer', 'property_master', 'producer', 'upm', 'safety_advisor'].includes(r));
  return (
    <div className="arm-quick">
      <Link className="button arm-live-round" href={liveRoundPath(productionId)}>
        {t('armory.links.liveRound')}
      </Link>
      <nav aria-label={t('armory.title')} className="arm-links">
        <Link href={firearmScenesPath(productionId)}>{t('armory.links.scenes')}</Link>
        <Link href={trainingPath(productionId)}>{t('armory.links.training')}</Link>
        {seesRequests && <Link href={requestsPath(productionId)}>{t('armory.links.requests')}</Link>}
      </nav>
    </div>
  );
}

export function ArmoryScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const keepsInventory = roles.includes('armorer') || roles.includes('property_master');
  const [board, reload] = useResource(`${productionId}/armory`, () => api.armory(productionId), { remember: { productionId } });
  const { days, scenes, nameOf, reloadSchedule } = useCrewAndSchedule(productionId);
  useArmoryRefresh(reload);

  // Says aloud what moved, once the board is read again after a live event.
  const previous = useRef<readonly Firearm[] | null>(null);
  const [said, setSaid] = useState('');
  const firearms = board.state === 'ready' ? board.data.firearms : null;
  useEffect(() => {
    if (!firearms) return;
    if (previous.current) {
      const moved = changes(previous.current, firearms, nameOf);
      if (moved) setSaid(moved);
    }
    previous.current = firearms;
  }, [firearms]);

  if (board.state === 'loading') return <p>{t('armory.loading')}</p>;
  if (board.state === 'failed') return <p role="alert">{board.problem.detail}</p>;
  const data = board.data;
  const out = data.firearms.filter((f) => f.state !== 'stored').length;
  return (
    <>
      <OfflineBanner seenAt={board.seenAt} />
      <p className="sr-only" role="status">
        {said}
      </p>
      <QuickLinks productionId={productionId} roles={roles} />
      {data.hold && <HoldBanner key={data.hold.incidentId} productionId={productionId} hold={data.hold} reload={reload} />}
      {data.alerts.length > 0 && (
        <section className="panel panel--danger" aria-labelledby="alerts-heading">
          <h2 id="alerts-heading">{t('armory.board.needsAttention')}</h2>
          <ul className="refusals">
            {data.alerts.map((alert, i) => (
              <li key={i}>
                <span className="rule">{alert.rule}</span> {alert.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="firearms-heading">
        <h2 id="firearms-heading">
          {t('armory.board.firearms')}{' '}
          <span className="arm-count">{data.firearms.length === 0 ? '' : t('armory.board.count', { out: t('armory.board.out', { count: out }), stored: t('armory.board.stored', { count: data.firearms.length - out }) })}</span>
        </h2>
        {data.firearms.length === 0 ? <p>{t('armory.board.noFirearms')}</p> : <FirearmBoard productionId={productionId} board={data} nameOf={nameOf} scenes={scenes} />}
      </section>
      <section aria-labelledby="lots-heading">
        <h2 id="lots-heading">{t('armory.lots.heading')}</h2>
        <LotTable board={data} />
      </section>
      {keepsInventory && (
        <div className="armory-forms">
          <AddFirearmForm productionId={productionId} added={reload} />
          <AddLotForm productionId={productionId} added={reload} />
        </div>
      )}
      {roles.includes('armorer') && (
        <WrapForm
          productionId={productionId}
          days={days}
          lots={data.lots}
          wrapped={() => {
            reload();
            reloadSchedule();
          }}
        />
      )}
    </>
  );
}
