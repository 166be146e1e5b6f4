// One firearm: where it is, hot or cold, its history, and the armorer's custody
// actions valid for its state (storage -> armorer -> performer -> armorer ->
// storage, F6). The actions are offered to everyone: the rules on the server
// decide and record a refused attempt; the screen only puts them first for the
// armorer. Every action carries the firearm's version, so a change made
// meanwhile on another device is a clear 409, never a second state.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  api,
  type AmmunitionLot,
  type Firearm,
  type FirearmEvent,
  type FirearmEventBody,
  type Load,
  type Member,
  type Problem,
  type RoundCount,
  type Scene,
  type ShootDay,
} from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../components/form.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
import {
  armoryPath,
  HotCold,
  inspectionText,
  kindText,
  roundsText,
  sceneText,
  useArmoryRefresh,
  useArmoryTimes,
  useCrewAndSchedule,
  whereText,
} from './armory-shared.js';

type Action = 'check_out' | 'inspect' | 'hand_off' | 'return' | 'discharge' | 'check_in';
/** The custody events this screen sends (a misfire is not among them). */
type ActionBody = Extract<FirearmEventBody, { type: Action }>;

const actionLabels: Record<Action, string> = {
  check_out: 'Check out',
  inspect: 'Inspect',
  hand_off: 'Hand off',
  return: 'Take back',
  discharge: 'Record discharge',
  check_in: 'Check in',
};

const doneText: Record<Action, string> = {
  check_out: 'Checked out of storage.',
  inspect: 'Inspection recorded.',
  hand_off: 'Handed off.',
  return: 'Taken back.',
  discharge: 'Discharge recorded.',
  check_in: 'Checked in to storage.',
};

/** The custody actions the state machine allows from each state (F6). */
const validActions: Record<Firearm['state'], Action[]> = {
  stored: ['check_out'],
  with_armorer: ['inspect', 'hand_off', 'discharge', 'check_in'],
  with_performer: ['return', 'discharge'],
};

const historyLabels: Record<string, string> = {
  check_out: 'Checked out',
  inspect: 'Inspected',
  hand_off: 'Handed off',
  return: 'Taken back',
  discharge: 'Discharged',
  check_in: 'Checked in',
};

interface Context {
  productionId: string;
  firearm: Firearm;
  lots: AmmunitionLot[];
  people: Member[];
  scenes: Scene[];
  days: ShootDay[];
  nameOf: (userId: string | null) => string;
}

/** A custody event, sent with the firearm's version; a 409 reads as "changed meanwhile". */
function useEvent(context: Context, done: (action: Action) => void, stale: () => void) {
  const { productionId, firearm } = context;
  const submit = useSubmit<ActionBody, { firearm: Firearm }>((body, options) => api.firearmEvent(productionId, firearm.id, body, options));
  // A 409 is said once, above the actions, where it stays even when the new state closes this form.
  const problem: Problem | null = submit.problem?.status === 409 ? null : submit.problem;
  // Changed meanwhile elsewhere: read it again, so the next attempt carries the new version.
  const conflicted = submit.problem?.status === 409;
  useEffect(() => {
    if (conflicted) stale();
  }, [conflicted, stale]);
  async function send(body: ActionBody, check?: (body: ActionBody) => Record<string, string>): Promise<void> {
    const result = await submit.run(body, check);
    if (result) done(body.type);
  }
  return { busy: submit.busy, problem, send };
}

function clearPins(form: HTMLFormElement): void {
  // PINs never stay on a shared tablet's screen, whatever the answer.
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = '';
}

function PinField({ name, person, hint }: { name: string; person: string; hint: string }) {
  return <Field name={name} label={`${person}: PIN`} type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={hint} />;
}

function DayOptions({ days }: { days: ShootDay[] }) {
  return (
    <>
      {days.length === 0 && <option value="">No shoot days yet</option>}
      {days.map((d) => (
        <option key={d.id} value={d.id}>
          {d.date}
          {d.location ? ` · ${d.location}` : ''}
        </option>
      ))}
    </>
  );
}

/** One number input per lot, named `lot:<id>`. */
function RoundsFields({ lots }: { lots: AmmunitionLot[] }) {
  if (lots.length === 0) return <p className="hint">No lots of this kind in the inventory.</p>;
  return (
    <>
      {lots.map((lot) => (
        <Field
          key={lot.id}
          name={`lot:${lot.id}`}
          label={`Rounds from lot ${lot.lot} (${lot.kind}, ${lot.caliber})`}
          inputMode="numeric"
          autoComplete="off"
          defaultValue="0"
        />
      ))}
    </>
  );
}

function readRounds(form: HTMLFormElement, lots: AmmunitionLot[]): RoundCount[] {
  return lots.map((lot) => ({ lotId: lot.id, count: Number(text(form, `lot:${lot.id}`) || '0') })).filter((r) => r.count !== 0);
}

function checkRounds(rounds: RoundCount[]): Record<string, string> {
  const invalid: Record<string, string> = {};
  for (const r of rounds) if (!Number.isInteger(r.count) || r.count < 0) invalid[`lot:${r.lotId}`] = 'Give a whole number of rounds';
  return invalid;
}

interface FormProps {
  context: Context;
  done: (action: Action) => void;
  stale: () => void;
}

function CheckOutForm({ context, done, stale }: FormProps) {
  const event = useEvent(context, done, stale);
  return (
    <Form
      label="Check out"
      problem={event.problem}
      fields={['shootDayId']}
      onSubmit={(form) =>
        void event.send({ type: 'check_out', shootDayId: text(form, 'shootDayId'), version: context.firearm.version }, (b): Record<string, string> =>
          b.type === 'check_out' && !b.shootDayId ? { shootDayId: 'Choose the shoot day' } : {},
        )
      }
    >
      <SelectField name="shootDayId" label="Shoot day" defaultValue={context.days[0]?.id ?? ''}>
        <DayOptions days={context.days} />
      </SelectField>
      <SubmitButton busy={event.busy}>Check out of storage</SubmitButton>
    </Form>
  );
}

function InspectForm({ context, done, stale }: FormProps) {
  const event = useEvent(context, done, stale);
  const [load, setLoad] = useState<Load>('dummy');
  const lots = context.lots.filter((lot) => lot.kind === load);
  function inspect(form: HTMLFormElement): void {
    const rounds = load === 'empty' ? [] : readRounds(form, lots);
    const barrelClear = new FormData(form).get('barrelClear') === 'yes';
    void event.send({ type: 'inspect', load, rounds, barrelClear, version: context.firearm.version }, () => checkRounds(rounds));
  }
  return (
    <Form label="Inspect" problem={event.problem} fields={['load', 'barrelClear', ...lots.map((l) => `lot:${l.id}`)]} onSubmit={inspect}>
      <fieldset className="choices">
        <legend>Load</legend>
        <p className="hint">HOT or COLD follows from this inspection alone (F8): blanks make it HOT.</p>
        <div className="choices-grid">
          {(['empty', 'dummy', 'blank'] as const).map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="load" value={value} checked={load === value} onChange={() => setLoad(value)} />
              <span>{{ empty: 'Empty', dummy: 'Dummies', blank: 'Blanks' }[value]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {load !== 'empty' && <RoundsFields lots={lots} />}
      <label className="choice">
        <input type="checkbox" name="barrelClear" value="yes" />
        <span>Barrel checked clear, in front of the performer</span>
      </label>
      <SubmitButton busy={event.busy}>Record inspection</SubmitButton>
    </Form>
  );
}

interface HandOffChoice {
  toUserId: string;
  shootDayId: string;
  sceneId: string;
  firstAdId: string;
}

function HandOffForm({ context, done, stale }: FormProps) {
  const event = useEvent(context, done, stale);
  const { people, days, scenes, firearm, nameOf } = context;
  const performers = people.filter((m) => m.roles.includes('performer'));
  const firstAds = people.filter((m) => m.roles.includes('first_ad'));
  const [dayId, setDayId] = useState(firearm.shootDayId ?? days[0]?.id ?? '');
  const [choice, setChoice] = useState<HandOffChoice | null>(null);
  const pinStep = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (choice) pinStep.current?.focus();
  }, [choice]);
  const dayScenes = scenes.filter((s) => days.find((d) => d.id === dayId)?.sceneIds.includes(s.id));

  if (!choice) {
    return (
      <Form
        label="Hand off: who and where"
        problem={null}
        fields={['toUserId', 'shootDayId', 'sceneId', 'firstAdId']}
        onSubmit={(form) => setChoice({ toUserId: text(form, 'toUserId'), shootDayId: dayId, sceneId: text(form, 'sceneId'), firstAdId: text(form, 'firstAdId') })}
      >
        <SelectField name="toUserId" label="Performer" defaultValue={performers[0]?.userId ?? ''}>
          {performers.length === 0 && <option value="">No performers on the production</option>}
          {performers.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <SelectField name="shootDayId" label="Shoot day" value={dayId} onChange={(e) => setDayId(e.target.value)}>
          <DayOptions days={days} />
        </SelectField>
        <SelectField name="sceneId" label="Scene" key={dayId} defaultValue={dayScenes[0]?.id ?? ''}>
          {dayScenes.length === 0 && <option value="">No scenes on this day</option>}
          {dayScenes.map((s) => (
            <option key={s.id} value={s.id}>
              {sceneText(s)}
            </option>
          ))}
        </SelectField>
        <SelectField name="firstAdId" label="1st AD confirming" defaultValue={firstAds[0]?.userId ?? ''}>
          {firstAds.length === 0 && <option value="">No 1st AD on the production</option>}
          {firstAds.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--primary">
          Next: PINs
        </button>
      </Form>
    );
  }

  async function handOff(form: HTMLFormElement): Promise<void> {
    if (!choice) return;
    const performerPin = secret(form, 'performerPin');
    const firstAdPin = secret(form, 'firstAdPin');
    const body: FirearmEventBody = {
      type: 'hand_off',
      toUserId: choice.toUserId,
      shootDayId: choice.shootDayId,
      sceneId: choice.sceneId,
      confirmations: [
        { userId: choice.toUserId, pin: performerPin },
        { userId: choice.firstAdId, pin: firstAdPin },
      ],
      version: firearm.version,
    };
    const check = () => {
      const invalid: Record<string, string> = {};
      if (!isPin(performerPin)) invalid.performerPin = 'A PIN is 4 to 8 digits';
      if (!isPin(firstAdPin)) invalid.firstAdPin = 'A PIN is 4 to 8 digits';
      return invalid;
    };
    await event.send(body, check);
    clearPins(form);
  }

  const performer = nameOf(choice.toUserId);
  return (
    <div className="pin-step">
      <h3 ref={pinStep} tabIndex={-1}>
        Show the firearm, then each confirms with their PIN
      </h3>
      <p>
        {performer} and {nameOf(choice.firstAdId)} confirm that they were shown it {firearm.status === 'hot' ? 'HOT, loaded with blanks' : 'COLD'} as
        inspected (F7). Each types their own PIN on this tablet.
      </p>
      <Form label="Hand off: PINs" problem={event.problem} fields={['performerPin', 'firstAdPin']} onSubmit={(form) => void handOff(form)}>
        <PinField name="performerPin" person={performer} hint="The performer receiving the firearm." />
        <PinField name="firstAdPin" person={nameOf(choice.firstAdId)} hint="The 1st AD, who witnessed the inspection." />
        <SubmitButton busy={event.busy}>Hand off to {performer}</SubmitButton>
      </Form>
      <button type="button" className="button button--secondary" onClick={() => setChoice(null)}>
        Back
      </button>
    </div>
  );
}

function ReturnForm({ context, done, stale }: FormProps) {
  const event = useEvent(context, done, stale);
  const { firearm, nameOf } = context;
  const performer = nameOf(firearm.holderId);
  async function takeBack(form: HTMLFormElement): Promise<void> {
    const pin = secret(form, 'performerPin');
    await event.send(
      { type: 'return', fromUserId: firearm.holderId ?? '', confirmations: [{ userId: firearm.holderId ?? '', pin }], version: firearm.version },
      (): Record<string, string> => (isPin(pin) ? {} : { performerPin: 'A PIN is 4 to 8 digits' }),
    );
    clearPins(form);
  }
  return (
    <Form label="Take back" problem={event.problem} fields={['performerPin']} onSubmit={(form) => void takeBack(form)}>
      <PinField name="performerPin" person={performer} hint="The performer hands the firearm back and confirms with their PIN." />
      <SubmitButton busy={event.busy}>Take back from {performer}</SubmitButton>
    </Form>
  );
}

function DischargeForm({ context, done, stale }: FormProps) {
  const event = useEvent(context, done, stale);
  const { firearm, lots, scenes } = context;
  function record(form: HTMLFormElement): void {
    const data = new FormData(form);
    const rounds = readRounds(form, lots);
    const note = text(form, 'note');
    const sceneId = text(form, 'sceneId');
    const body: FirearmEventBody = { type: 'discharge', intended: data.get('intended') === 'yes', rounds, version: firearm.version };
    if (note) body.note = note;
    if (sceneId) body.sceneId = sceneId;
    void event.send(body, () => ({ ...checkRounds(rounds), ...(data.get('intended') ? {} : { intended: 'Say whether it was intended' }) }));
  }
  return (
    <Form label="Record discharge" problem={event.problem} fields={['intended', 'note', 'sceneId', ...lots.map((l) => `lot:${l.id}`)]} onSubmit={record}>
      <fieldset className="choices">
        <legend>Was it intended?</legend>
        <p className="hint">An unintended discharge opens a critical incident, stops work and puts firearms on hold (F11).</p>
        <div className="choices-grid">
          <label className="choice">
            <input type="radio" name="intended" value="yes" />
            <span>Intended, in the scene</span>
          </label>
          <label className="choice">
            <input type="radio" name="intended" value="no" />
            <span>Unintended</span>
          </label>
        </div>
      </fieldset>
      <RoundsFields lots={lots} />
      <SelectField name="sceneId" label="Scene (optional)" defaultValue={firearm.sceneId ?? ''}>
        <option value="">No scene</option>
        {scenes.map((s) => (
          <option key={s.id} value={s.id}>
            {sceneText(s)}
          </option>
        ))}
      </SelectField>
      <TextAreaField name="note" label="What happened (optional)" rows={3} />
      <SubmitButton busy={event.busy}>Record discharge</SubmitButton>
    </Form>
  );
}

function CheckInForm({ context, done, stale }: FormProps) {
  const event = useEvent(context, done, stale);
  return (
    <Form label="Check in" problem={event.problem} fields={[]} onSubmit={() => void event.send({ type: 'check_in', version: context.firearm.version })}>
      <p>Back into storage. It needs an inspection since it last changed hands, and the rounds it holds are returned to their lots.</p>
      <SubmitButton busy={event.busy}>Check in to storage</SubmitButton>
    </Form>
  );
}

const actionForms: Record<Action, (props: FormProps) => ReactNode> = {
  check_out: CheckOutForm,
  inspect: InspectForm,
  hand_off: HandOffForm,
  return: ReturnForm,
  discharge: DischargeForm,
  check_in: CheckInForm,
};

function Actions({ context, isArmorer, reload }: { context: Context; isArmorer: boolean; reload: () => void }) {
  const { announce } = useSession();
  const [open, setOpen] = useState<Action | null>(null);
  const [changed, setChanged] = useState(false);
  const stale = useCallback(() => {
    setChanged(true);
    reload();
  }, [reload]);
  const heading = useRef<HTMLHeadingElement>(null);
  const actions = validActions[context.firearm.state];
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  // A state change from elsewhere may make the open action invalid: close it rather than offer it.
  useEffect(() => {
    if (open && !actions.includes(open)) setOpen(null);
  }, [open, actions]);

  function choose(action: Action | null): void {
    setChanged(false);
    setOpen(action);
  }

  function done(action: Action): void {
    setOpen(null);
    announce(doneText[action]);
    reload();
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }

  const ActionForm = open ? actionForms[open] : null;
  return (
    <section className={`panel${isArmorer ? ' panel--armorer' : ''}`} aria-labelledby="actions-heading">
      <h2 id="actions-heading">Armorer’s actions</h2>
      {!isArmorer && <p className="hint">Only the armorer moves a firearm (F6). Anything tried here is checked by the rules and recorded in the ledger.</p>}
      <p className="form-error" role="alert">
        {changed ? 'This firearm changed meanwhile on another device. Look again: the page now shows where it is and how it is loaded.' : ''}
      </p>
      <div className="actions armory-actions">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`button ${open === action ? 'button--primary' : 'button--secondary'} button--big`}
            aria-expanded={open === action}
            onClick={() => choose(open === action ? null : action)}
          >
            {actionLabels[action]}
          </button>
        ))}
      </div>
      {open && ActionForm && (
        <div className="action-form">
          <h3 ref={heading} tabIndex={-1}>
            {actionLabels[open]}
          </h3>
          <ActionForm key={open} context={context} done={done} stale={stale} />
          <button type="button" className="button button--secondary" onClick={() => choose(null)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

function History({ history, nameOf }: { history: FirearmEvent[]; nameOf: (id: string) => string }) {
  const { dateTime } = useArmoryTimes();
  if (history.length === 0) return <p>Nothing has happened to this firearm yet.</p>;
  return (
    <ol className="entries history">
      {history.map((event) => (
        <li key={event.id} className="entry">
          <p>
            <strong>{historyLabels[event.type] ?? event.type}</strong> by {nameOf(event.actorId)}
          </p>
          <p className="entry-meta">
            <time dateTime={event.at}>{dateTime.format(new Date(event.at))}</time> · ledger #{event.ledgerIndex}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function FirearmScreen({ productionId, firearmId }: { productionId: string; firearmId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [detail, reloadDetail] = useResource(`${productionId}/firearms/${firearmId}`, () => api.firearm(productionId, firearmId));
  const [board, reloadBoard] = useResource(`${productionId}/armory`, () => api.armory(productionId));
  const crew = useCrewAndSchedule(productionId);
  const { clock } = useArmoryTimes();
  const reload = useRef(() => {
    reloadDetail();
    reloadBoard();
  }).current;
  useArmoryRefresh(reload);

  const back = (
    <Link className="back-link" href={armoryPath(productionId)}>
      Armory
    </Link>
  );
  if (detail.state === 'loading') return <>{back}<p>Loading…</p></>;
  if (detail.state === 'failed') return <>{back}<p role="alert">{detail.problem.detail}</p></>;
  const { firearm, history } = detail.data;
  const lots = board.state === 'ready' ? board.data.lots : [];
  const hold = board.state === 'ready' ? board.data.hold : null;
  const context: Context = { productionId, firearm, lots, people: crew.people, scenes: crew.scenes, days: crew.days, nameOf: crew.nameOf };
  const scene = crew.scenes.find((s) => s.id === firearm.sceneId);
  const day = crew.days.find((d) => d.id === firearm.shootDayId);
  const isArmorer = roles.includes('armorer');

  return (
    <>
      {back}
      <section className={`panel firearm-facts firearm-card--${firearm.status}`} aria-labelledby="firearm-heading">
        <div className="firearm-head">
          <h2 id="firearm-heading">
            {firearm.make} {firearm.model}
          </h2>
          <HotCold status={firearm.status} />
        </div>
        <dl className="facts">
          <div>
            <dt>Where</dt>
            <dd className="firearm-where">{whereText(firearm, crew.nameOf)}</dd>
          </div>
          <div>
            <dt>Serial</dt>
            <dd>{firearm.serial}</dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>{kindText(firearm.kind)}</dd>
          </div>
          {day && (
            <div>
              <dt>Shoot day</dt>
              <dd>{day.date}</dd>
            </div>
          )}
          {scene && (
            <div>
              <dt>Scene</dt>
              <dd>{sceneText(scene)}</dd>
            </div>
          )}
          <div>
            <dt>Last inspection</dt>
            <dd>{inspectionText(firearm.lastInspection, lots, crew.nameOf, clock)}</dd>
          </div>
          <div>
            <dt>Loaded</dt>
            <dd>{roundsText(firearm.loaded, lots)}</dd>
          </div>
        </dl>
      </section>
      {hold && (
        <p className="panel panel--danger" role="alert">
          <span className="rule">F11</span> Firearms are on hold after an incident: no hand-off until a corrective action and a new safety meeting are recorded.
        </p>
      )}
      <Actions context={context} isArmorer={isArmorer} reload={reload} />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <History history={history} nameOf={crew.nameOf} />
      </section>
      <p className="hint">You are here as {rolesText(roles)}.</p>
    </>
  );
}
