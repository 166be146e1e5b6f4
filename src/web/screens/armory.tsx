// The armory board: where every firearm is, who holds it, hot or cold (F8, from
// the last inspection only), what needs attention (F9 alerts, the F11 hold),
// the ammunition lots, and for the armorer and property master the inventory
// forms and the wrap (F9). Every member sees it; it follows the live stream.
import { useEffect, useRef, useState } from 'react';
import { api, type ArmoryBoard, type Firearm, type NewFirearm, type NewLot } from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../components/form.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
import {
  armoryPath,
  firearmKinds,
  HotCold,
  inspectionText,
  kindText,
  roundsText,
  useArmoryRefresh,
  useArmoryTimes,
  useCrewAndSchedule,
  whereText,
} from './armory-shared.js';

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

interface CardProps {
  productionId: string;
  firearm: Firearm;
  board: ArmoryBoard;
  nameOf: (id: string | null) => string;
}

function FirearmCard({ productionId, firearm, board, nameOf }: CardProps) {
  const { clock } = useArmoryTimes();
  const alerts = board.alerts.filter((a) => a.firearmId === firearm.id);
  return (
    <li className={`firearm-card firearm-card--${firearm.status}`} aria-label={`${firearm.make} ${firearm.model}`}>
      <div className="firearm-head">
        <h3 className="firearm-title">
          <Link href={`${armoryPath(productionId)}/${encodeURIComponent(firearm.id)}`}>
            {firearm.make} {firearm.model}
          </Link>
        </h3>
        <HotCold status={firearm.status} />
      </div>
      <p className="firearm-serial">
        Serial {firearm.serial} · {kindText(firearm.kind)}
      </p>
      <dl className="facts facts--stacked">
        <div>
          <dt>Where</dt>
          <dd className="firearm-where">{whereText(firearm, nameOf)}</dd>
        </div>
        <div>
          <dt>Last inspection</dt>
          <dd>{inspectionText(firearm.lastInspection, board.lots, nameOf, clock)}</dd>
        </div>
        <div>
          <dt>Loaded</dt>
          <dd>{roundsText(firearm.loaded, board.lots)}</dd>
        </div>
      </dl>
      {alerts.length > 0 && (
        <ul className="refusals">
          {alerts.map((alert, i) => (
            <li key={i}>
              <span className="rule">{alert.rule}</span> {alert.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

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
            <th scope="col">Quantity</th>
          </tr>
        </thead>
        <tbody>
          {board.lots.map((lot) => (
            <tr key={lot.id}>
              <th scope="row">{lot.lot}</th>
              <td>{lot.kind === 'blank' ? 'Blank' : 'Dummy'}</td>
              <td>{lot.caliber}</td>
              <td>{lot.quantity}</td>
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
    announce(`${done.data.firearm.make} ${done.data.firearm.model} added to storage.`);
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

function WrapForm({ productionId, days }: { productionId: string; days: { id: string; date: string; location: string | null }[] }) {
  const submit = useSubmit<{ shootDayId: string }, { ok: true }>((body, options) => api.wrap(productionId, body, options));
  const [wrapped, setWrapped] = useState('');
  async function wrap(form: HTMLFormElement): Promise<void> {
    setWrapped('');
    const done = await submit.run({ shootDayId: text(form, 'shootDayId') }, (b): Record<string, string> => (b.shootDayId ? {} : { shootDayId: 'Choose the shoot day' }));
    if (done) setWrapped('Wrapped: every firearm is in storage and every round is accounted for.');
  }
  return (
    <section className="panel" aria-labelledby="wrap-day">
      <h2 id="wrap-day">Wrap the day</h2>
      <p>The day wraps only when every firearm is back in storage and every round is accounted for: issued = fired + returned, per lot (F9).</p>
      <Form label="Wrap the day" problem={submit.problem} fields={['shootDayId']} onSubmit={(f) => void wrap(f)}>
        <SelectField name="shootDayId" label="Shoot day" defaultValue={days[0]?.id ?? ''}>
          {days.length === 0 && <option value="">No shoot days yet</option>}
          {days.map((d) => (
            <option key={d.id} value={d.id}>
              {d.date}
              {d.location ? ` · ${d.location}` : ''}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>Wrap the day</SubmitButton>
      </Form>
      <p className="status status--done" role="status">
        {wrapped}
      </p>
    </section>
  );
}

export function ArmoryScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const keepsInventory = roles.includes('armorer') || roles.includes('property_master');
  const [board, reload] = useResource(`${productionId}/armory`, () => api.armory(productionId));
  const { days, nameOf } = useCrewAndSchedule(productionId);
  const { dateTime } = useArmoryTimes();
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
  return (
    <>
      <p className="sr-only" role="status">
        {said}
      </p>
      {data.hold && (
        <section className="panel panel--danger hold-banner" role="alert" aria-labelledby="hold-heading">
          <h2 id="hold-heading">
            <span className="rule">F11</span> Firearms on hold
          </h2>
          <p>
            Since <time dateTime={data.hold.since}>{dateTime.format(new Date(data.hold.since))}</time>, after an incident. No firearm is handed off until the
            safety advisor records a corrective action and a new safety meeting is held.
          </p>
        </section>
      )}
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
        <h2 id="firearms-heading">Firearms</h2>
        {data.firearms.length === 0 ? (
          <p>No firearms in the inventory yet.</p>
        ) : (
          <ul className="firearms">
            {data.firearms.map((firearm) => (
              <FirearmCard key={firearm.id} firearm={firearm} board={data} nameOf={nameOf} productionId={productionId} />
            ))}
          </ul>
        )}
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
      <WrapForm productionId={productionId} days={days} />
    </>
  );
}
