// The armory board: every firearm at a glance (where it is, who holds it, hot
// or cold from the last inspection only (F8), what is in it), what needs
// attention (F9 alerts, the F11 hold and what lifts it), the ammunition lots,
// "live round found" for anyone, and for the armorer and property master the
// inventory forms and the wrap (F9). Every member sees it; it follows the live stream.
import { useEffect, useRef, useState } from 'react';
import { api, type ArmoryBoard, type Firearm, type NewFirearm, type NewLot } from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../components/form.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';
import {
  firearmKinds,
  firearmName,
  firearmPath,
  firearmScenesPath,
  HotCold,
  kindText,
  liveRoundPath,
  lotRoundsText,
  requestsPath,
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
  const counted = rounds.filter((r) => r.count > 0);
  if (counted.length === 0) return <>empty</>;
  return (
    <>
      {counted.map((r) => {
        const [count, lot] = lotRoundsText(r.count, lots.find((l) => l.id === r.lotId)).split(' from ');
        return (
          <span key={r.lotId} className="arm-rounds-line">
            {count} <span className="arm-nowrap">from {lot}</span>
          </span>
        );
      })}
    </>
  );
}

/** "19:42 by Hank Morrow, barrel clear": the board's short word on the last inspection; what is in it has its own column. */
function inspectionBrief(inspection: Firearm['lastInspection'], nameOf: (id: string | null) => string, clock: Intl.DateTimeFormat) {
  if (!inspection) return 'Not inspected yet';
  return (
    <>
      {clock.format(new Date(inspection.at))} by {nameOf(inspection.byUserId)},{' '}
      {inspection.barrelClear ? 'barrel clear' : <strong className="arm-alert-text">barrel NOT clear</strong>}
    </>
  );
}

/** A sentence for each firearm whose place or load changed since the last read, for the live region. */
function changes(before: readonly Firearm[], after: readonly Firearm[], nameOf: (id: string | null) => string): string {
  return after
    .filter((f) => {
      const was = before.find((b) => b.id === f.id);
      return was && (was.state !== f.state || was.holderId !== f.holderId || was.status !== f.status);
    })
    .map((f) => `${f.make} ${f.model}: ${whereText(f, nameOf)}, ${f.status === 'hot' ? 'HOT' : 'COLD'}.`)
    .join(' ');
}

/**
 * Lot ids in a sentence from the server (the F9 wrap refusal names them) read
 * as the lot number on the box.
 */
function withLotNumbers(sentence: string, lots: ArmoryBoard['lots']): string {
  return lots.reduce((said, lot) => said.replaceAll(`Lot ${lot.id}`, `Lot ${lot.lot}`), sentence);
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
  const { zone } = useArmoryTimes();
  const clock = timeFormat(zone, { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="arm-board-wrap">
      <table className="arm-board" role="table" aria-labelledby="firearms-heading">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">
              Firearm
            </th>
            <th role="columnheader" scope="col">
              Hot / cold
            </th>
            <th role="columnheader" scope="col">
              Where
            </th>
            <th role="columnheader" scope="col">
              In it
            </th>
            <th role="columnheader" scope="col">
              Last inspection
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
                <td role="cell" className="arm-cell arm-cell--where" data-label="Where">
                  <span className="firearm-where">{whereText(firearm, nameOf)}</span>
                  {scene && firearm.state !== 'stored' && <span className="arm-sub">Scene {scene.number}</span>}
                  {alerts.map((alert, i) => (
                    <span key={i} className="arm-alert">
                      <span className="rule">{alert.rule}</span> Out of storage with no active scene
                    </span>
                  ))}
                </td>
                <td role="cell" className="arm-cell arm-cell--load" data-label="In it">
                  <RoundsCell rounds={firearm.loaded} lots={board.lots} />
                </td>
                <td role="cell" className="arm-cell arm-cell--inspection" data-label="Last inspection">
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
  if (board.lots.length === 0) return <p>No ammunition lots yet.</p>;
  return (
    <div className="table-wrap">
      <table className="lots">
        <thead>
          <tr>
            <th scope="col">Lot</th>
            <th scope="col">Kind</th>
            <th scope="col">Caliber</th>
            <th scope="col">Received</th>
            <th scope="col">Fired</th>
            <th scope="col">In firearms</th>
            <th scope="col">In the box</th>
          </tr>
        </thead>
        <tbody>
          {board.lots.map((lot) => (
            <tr key={lot.id}>
              <th scope="row">{lot.lot}</th>
              <td>{lot.kind === 'blank' ? 'Blank' : 'Dummy'}</td>
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
  const submit = useSubmit<NewFirearm, { firearm: Firearm }>((body, options) => api.addFirearm(productionId, body, options));
  const { announce } = useSession();
  async function add(form: HTMLFormElement): Promise<void> {
    const body = { serial: text(form, 'serial'), make: text(form, 'make'), model: text(form, 'model'), kind: text(form, 'kind') as NewFirearm['kind'] };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      for (const name of ['serial', 'make', 'model'] as const) if (!b[name]) invalid[name] = 'Is required';
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(`${firearmName(done.data.firearm)} added to storage.`);
    added();
  }
  return (
    <section className="panel" aria-labelledby="add-firearm">
      <h2 id="add-firearm">Add a firearm</h2>
      <Form label="Add a firearm" problem={submit.problem} fields={['serial', 'make', 'model', 'kind']} onSubmit={(f) => void add(f)}>
        <Field name="serial" label="Serial number" autoComplete="off" />
        <Field name="make" label="Make" autoComplete="off" />
        <Field name="model" label="Model" autoComplete="off" />
        <SelectField name="kind" label="Kind" defaultValue="blank_firing">
          {firearmKinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>Add firearm</SubmitButton>
      </Form>
    </section>
  );
}

function AddLotForm({ productionId, added }: { productionId: string; added: () => void }) {
  const submit = useSubmit<NewLot, unknown>((body, options) => api.addLot(productionId, body, options));
  const { announce } = useSession();
  const [kind, setKind] = useState<NewLot['kind']>('dummy');
  async function add(form: HTMLFormElement): Promise<void> {
    const method = text(form, 'verification');
    const body: NewLot = { lot: text(form, 'lot'), kind, caliber: text(form, 'caliber'), quantity: Number(text(form, 'quantity')) };
    if (method) body.verification = { method };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.lot) invalid.lot = 'Is required';
      if (!b.caliber) invalid.caliber = 'Is required';
      if (!Number.isInteger(b.quantity) || b.quantity < 1) invalid.quantity = 'Give the number of rounds, 1 or more';
      if (b.kind === 'dummy' && !b.verification) invalid.verification = 'Say how each dummy round was checked to be inert (F4)';
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(`Lot ${body.lot} added.`);
    added();
  }
  return (
    <section className="panel" aria-labelledby="add-lot">
      <h2 id="add-lot">Add an ammunition lot</h2>
      <p className="hint">Live ammunition is never accepted on set (F4).</p>
      <Form label="Add an ammunition lot" problem={submit.problem} fields={['lot', 'kind', 'caliber', 'quantity', 'verification']} onSubmit={(f) => void add(f)}>
        <Field name="lot" label="Lot" autoComplete="off" />
        <SelectField name="kind" label="Kind" value={kind} onChange={(e) => setKind(e.target.value as NewLot['kind'])}>
          <option value="dummy">Dummy</option>
          <option value="blank">Blank</option>
        </SelectField>
        <Field name="caliber" label="Caliber" autoComplete="off" />
        <Field name="quantity" label="Quantity (rounds)" inputMode="numeric" autoComplete="off" />
        <TextAreaField
          name="verification"
          label={kind === 'dummy' ? 'How was each round verified inert? (required)' : 'Verification (optional)'}
          hint="For example: rattle test and drilled primers, each round. Recorded with your name."
          rows={2}
        />
        <SubmitButton busy={submit.busy}>Add lot</SubmitButton>
      </Form>
    </section>
  );
}

function WrapForm({ productionId, days, lots, wrapped }: { productionId: string; days: RosterDay[]; lots: ArmoryBoard['lots']; wrapped: () => void }) {
  const submit = useSubmit<{ shootDayId: string }, { ok: true }>((body, options) => api.wrap(productionId, body, options));
  const { zone, dateTime } = useArmoryTimes();
  const { announce } = useSession();
  const today = todayIn(zone);
  // Today first, then the days before it: a day wraps once it has been shot, and only once (F9).
  const choices = days.filter((d) => d.date <= today && !d.wrappedAt).sort((a, b) => b.date.localeCompare(a.date));
  const wrappedDays = days.filter((d) => d.wrappedAt).sort((a, b) => b.date.localeCompare(a.date));
  const problem = submit.problem && submit.problem.refusals ? { ...submit.problem, refusals: submit.problem.refusals.map((r) => ({ ...r, reason: withLotNumbers(r.reason, lots) })) } : submit.problem;
  async function wrap(form: HTMLFormElement): Promise<void> {
    const shootDayId = text(form, 'shootDayId');
    const done = await submit.run({ shootDayId }, (b): Record<string, string> => (b.shootDayId ? {} : { shootDayId: 'Choose the shoot day' }));
    if (!done) return;
    const day = days.find((d) => d.id === shootDayId);
    announce(`${day ? shootDayText(day) : 'The day'} is wrapped: every firearm is in storage and every round is accounted for.`);
    wrapped();
  }
  return (
    <section className="panel" aria-labelledby="wrap-day">
      <h2 id="wrap-day">Wrap the day</h2>
      <p>The day wraps only when every firearm is back in storage and every round is accounted for: issued = fired + returned, per lot (F9).</p>
      <Form label="Wrap the day" problem={problem} fields={['shootDayId']} onSubmit={(f) => void wrap(f)}>
        <SelectField name="shootDayId" label="Shoot day" defaultValue={choices[0]?.id ?? ''}>
          {choices.length === 0 && <option value="">No day left to wrap</option>}
          {choices.map((d) => (
            <option key={d.id} value={d.id}>
              {shootDayText(d)}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>Wrap the day</SubmitButton>
      </Form>
      {wrappedDays.length > 0 && (
        <ul className="arm-wrapped" aria-label="Wrapped days">
          {wrappedDays.map((d) => (
            <li key={d.id}>
              <strong>{shootDayText(d)}</strong> wrapped <time dateTime={d.wrappedAt!}>{dateTime.format(new Date(d.wrappedAt!))}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Links to the armory's other screens, and "live round found" for anyone: one tap from the board. */
function QuickLinks({ productionId, roles }: { productionId: string; roles: readonly string[] }) {
  const seesRequests = roles.some((r) => ['armorer', 'property_master', 'producer', 'upm', 'safety_advisor'].includes(r));
  return (
    <div className="arm-quick">
      <Link className="button arm-live-round" href={liveRoundPath(productionId)}>
        Live round found
      </Link>
      <nav aria-label="Armory" className="arm-links">
        <Link href={firearmScenesPath(productionId)}>Scenes and F10 consultations</Link>
        <Link href={trainingPath(productionId)}>Firearms training on file</Link>
        {seesRequests && <Link href={requestsPath(productionId)}>Armorer’s requests</Link>}
      </nav>
    </div>
  );
}

export function ArmoryScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const keepsInventory = roles.includes('armorer') || roles.includes('property_master');
  const [board, reload] = useResource(`${productionId}/armory`, () => api.armory(productionId));
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

  if (board.state === 'loading') return <p>Loading…</p>;
  if (board.state === 'failed') return <p role="alert">{board.problem.detail}</p>;
  const data = board.data;
  const out = data.firearms.filter((f) => f.state !== 'stored').length;
  return (
    <>
      <p className="sr-only" role="status">
        {said}
      </p>
      <QuickLinks productionId={productionId} roles={roles} />
      {data.hold && <HoldBanner key={data.hold.incidentId} productionId={productionId} hold={data.hold} reload={reload} />}
      {data.alerts.length > 0 && (
        <section className="panel panel--danger" aria-labelledby="alerts-heading">
          <h2 id="alerts-heading">Needs attention</h2>
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
          Firearms <span className="arm-count">{data.firearms.length === 0 ? '' : `${out} out of storage, ${data.firearms.length - out} in storage`}</span>
        </h2>
        {data.firearms.length === 0 ? <p>No firearms in the inventory yet.</p> : <FirearmBoard productionId={productionId} board={data} nameOf={nameOf} scenes={scenes} />}
      </section>
      <section aria-labelledby="lots-heading">
        <h2 id="lots-heading">Ammunition lots</h2>
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
