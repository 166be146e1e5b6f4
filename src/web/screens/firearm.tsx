// One firearm: where it is, hot or cold, what is in it, its history in
// sentences, and the actions its rules allow now. Each action is offered only
// when the same rules the server decides with can pass (readiness.ts); the
// others say what stands in their way ("inspect first"), so nobody types a PIN
// only to be refused. Check-in follows the armorer's own order: unload (an
// inspection that finds it empty, returning the rounds to their lots), then
// check in. Every action carries the firearm's version, so a change made
// meanwhile on another device is a clear 409, never a second state.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, type AmmunitionLot, type Firearm, type FirearmEventBody, type Load, type Problem, type RoundCount, type Scene } from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useStops } from '../stops.js';
import { useResource } from '../use-resource.js';
import { refusalWords } from '../refusals.js';
import {
  armoryPath,
  dayText,
  firearmName,
  firearmScenesPath,
  HotCold,
  inspectionText,
  kindText,
  lotReturnText,
  roundsText,
  RuleId,
  sceneText,
  shootDayText,
  todayIn,
  trainingPath,
  useArmoryRefresh,
  useArmoryTimes,
  useCrewAndSchedule,
  useNow,
  whereText,
  type CrewMember,
  type RosterDay,
} from './armory-shared.js';
import { historyLines } from './armory/history.js';
import { checkOutChoices, custodyReadiness, type Action, type Readiness } from './armory/readiness.js';
import { meetingPath } from './schedule/shared.js';

/** An action's button, in the language shown when it is drawn. */
function actionLabel(action: Action): string {
  switch (action) {
    case 'check_out':
      return t('armory.actions.checkOut');
    case 'inspect':
      return t('armory.actions.inspect');
    case 'hand_off':
      return t('armory.actions.handOff');
    case 'return':
      return t('armory.actions.return');
    case 'unload':
      return t('armory.actions.unload');
    case 'check_in':
      return t('armory.actions.checkIn');
    case 'discharge':
      return t('armory.actions.discharge');
    case 'misfire':
      return t('armory.actions.misfire');
  }
}

/** What is said aloud once an action is recorded. */
function doneText(action: Action): string {
  switch (action) {
    case 'check_out':
      return t('armory.done.checkOut');
    case 'inspect':
      return t('armory.done.inspect');
    case 'hand_off':
      return t('armory.done.handOff');
    case 'return':
      return t('armory.done.return');
    case 'unload':
      return t('armory.done.unload');
    case 'check_in':
      return t('armory.done.checkIn');
    case 'discharge':
      return t('armory.done.discharge');
    case 'misfire':
      return t('armory.done.misfire');
  }
}

interface Context {
  productionId: string;
  firearm: Firearm;
  lots: AmmunitionLot[];
  people: CrewMember[];
  trained: ReadonlySet<string>;
  scenes: Scene[];
  days: RosterDay[];
  today: string;
  nameOf: (userId: string | null) => string;
}

/** A custody event, sent with the firearm's version; a 409 reads as "changed meanwhile". */
function useEvent(context: Context, done: (action: Action) => void, stale: () => void, action: Action) {
  const { productionId, firearm } = context;
  const submit = useSubmit<FirearmEventBody, { firearm: Firearm }>((body, options) => api.firearmEvent(productionId, firearm.id, body, options));
  // A 409 is said once, above the actions, where it stays even when the new state closes this form.
  const problem: Problem | null = submit.problem?.status === 409 ? null : submit.problem;
  // Changed meanwhile elsewhere: read it again, so the next attempt carries the new version.
  const conflicted = submit.problem?.status === 409;
  useEffect(() => {
    if (conflicted) stale();
  }, [conflicted, stale]);
  async function send(body: FirearmEventBody, check?: (body: FirearmEventBody) => Record<string, string>): Promise<boolean> {
    const result = await submit.run(body, check);
    if (result) done(action);
    return result !== null;
  }
  return { busy: submit.busy, problem, send };
}

/** PINs never stay on a shared tablet's screen, whatever the answer; after a refusal each field says it was cleared. */
function clearPins(form: HTMLFormElement): void {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = '';
}

function PinField({ name, person, hint, cleared }: { name: string; person: string; hint: string; cleared: boolean }) {
  const { t } = useTranslation();
  return (
    <Field
      name={name}
      label={t('armory.pin.label', { person })}
      type="password"
      inputMode="numeric"
      autoComplete="off"
      maxLength={8}
      hint={cleared ? t('armory.pin.cleared', { person }) : hint}
    />
  );
}

/** A checkbox whose error sits under it and which takes focus when it is the problem. */
function CheckField({ name, label, problem }: { name: string; label: string; problem: Problem | null }) {
  const error = problem?.fields[name];
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="choice">
        <input type="checkbox" name={name} value="yes" aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
        <span>{label}</span>
      </label>
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** One number input per lot, named `lot:<id>`. */
function RoundsFields({ lots }: { lots: AmmunitionLot[] }) {
  const { t } = useTranslation();
  if (lots.length === 0) return <p className="hint">{t('armory.firearm.noLots')}</p>;
  return (
    <div className="arm-rounds">
      {lots.map((lot) => (
        <Field
          key={lot.id}
          name={`lot:${lot.id}`}
          label={
            lot.kind === 'blank'
              ? t('armory.firearm.roundsFromBlankLot', { lot: lot.lot, caliber: lot.caliber })
              : t('armory.firearm.roundsFromDummyLot', { lot: lot.lot, caliber: lot.caliber })
          }
          inputMode="numeric"
          autoComplete="off"
          defaultValue="0"
        />
      ))}
    </div>
  );
}

function readRounds(form: HTMLFormElement, lots: AmmunitionLot[]): RoundCount[] {
  return lots.map((lot) => ({ lotId: lot.id, count: Number(text(form, `lot:${lot.id}`) || '0') })).filter((r) => r.count !== 0);
}

function checkRounds(rounds: RoundCount[]): Record<string, string> {
  const invalid: Record<string, string> = {};
  for (const r of rounds) if (!Number.isInteger(r.count) || r.count < 0) invalid[`lot:${r.lotId}`] = t('armory.firearm.wholeRounds');
  return invalid;
}

interface FormProps {
  context: Context;
  done: (action: Action) => void;
  stale: () => void;
}

function CheckOutForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'check_out');
  const choices = checkOutChoices(context);
  const open = choices.filter((c) => c.refused.length === 0);
  const closed = choices.filter((c) => c.refused.length > 0);
  return (
    <Form
      label={t('armory.actions.checkOut')}
      problem={event.problem}
      fields={['shootDayId']}
      onSubmit={(form) =>
        void event.send({ type: 'check_out', shootDayId: text(form, 'shootDayId'), version: context.firearm.version }, (b): Record<string, string> =>
          b.type === 'check_out' && !b.shootDayId ? { shootDayId: t('armory.firearm.chooseDay') } : {},
        )
      }
    >
      <SelectField name="shootDayId" label={t('armory.firearm.shootDay')} defaultValue={open[0]?.day.id ?? ''} hint={t('armory.firearm.checkOutHint')}>
        {open.map(({ day }) => (
          <option key={day.id} value={day.id}>
            {shootDayText(day)}
          </option>
        ))}
      </SelectField>
      {closed.length > 0 && (
        <ul className="arm-why">
          {closed.map(({ day, refused }) => (
            <li key={day.id}>
              <strong>{shootDayText(day)}</strong>: <span className="rule">{refused[0]!.rule}</span> {refusalWords(refused[0]!)}
            </li>
          ))}
        </ul>
      )}
      <SubmitButton busy={event.busy}>{t('armory.firearm.checkOutSubmit')}</SubmitButton>
    </Form>
  );
}

function InspectForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'inspect');
  const [load, setLoad] = useState<Load>('dummy');
  const lots = context.lots.filter((lot) => lot.kind === load);
  function inspect(form: HTMLFormElement): void {
    const rounds = load === 'empty' ? [] : readRounds(form, lots);
    const barrelClear = new FormData(form).get('barrelClear') === 'yes';
    void event.send({ type: 'inspect', load, rounds, barrelClear, version: context.firearm.version }, () => checkRounds(rounds));
  }
  return (
    <Form label={t('armory.actions.inspect')} problem={event.problem} fields={['load', 'barrelClear', ...lots.map((l) => `lot:${l.id}`)]} onSubmit={inspect}>
      <fieldset className="choices">
        <legend>{t('armory.firearm.load')}</legend>
        <p className="hint">{t('armory.firearm.loadHint')}</p>
        <div className="choices-grid">
          {(['empty', 'dummy', 'blank'] as const).map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="load" value={value} checked={load === value} onChange={() => setLoad(value)} />
              <span>{{ empty: t('armory.firearm.loadEmpty'), dummy: t('armory.firearm.loadDummy'), blank: t('armory.firearm.loadBlank') }[value]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {load !== 'empty' && <RoundsFields lots={lots} />}
      <label className="choice">
        <input type="checkbox" name="barrelClear" value="yes" />
        <span>{t('armory.firearm.barrelChecked')}</span>
      </label>
      <SubmitButton busy={event.busy}>{t('armory.firearm.recordInspection')}</SubmitButton>
    </Form>
  );
}

interface HandOffChoice {
  toUserId: string;
  sceneId: string;
  firstAdId: string;
}

function HandOffForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'hand_off');
  const { people, days, scenes, firearm, nameOf, trained, productionId } = context;
  const performers = people.filter((m) => m.roles.includes('performer'));
  const firstAds = people.filter((m) => m.roles.includes('first_ad'));
  // F1: a firearm works the day it was checked out for; that day's scenes are the choice.
  const day = days.find((d) => d.id === firearm.shootDayId);
  const dayScenes = day ? day.sceneIds.map((id) => scenes.find((s) => s.id === id)).filter((s): s is Scene => s !== undefined) : [];
  const [sceneId, setSceneId] = useState(firearm.sceneId && dayScenes.some((s) => s.id === firearm.sceneId) ? firearm.sceneId : (dayScenes[0]?.id ?? ''));
  const [choice, setChoice] = useState<HandOffChoice | null>(null);
  const [pinsCleared, setPinsCleared] = useState(false);
  const [meetings] = useResource(`${productionId}/today/${day?.date ?? ''}`, () => api.today(productionId, day?.date));
  const pinStep = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (choice) pinStep.current?.focus();
  }, [choice]);
  const scene = dayScenes.find((s) => s.id === sceneId);
  // F5: the day's meetings, as the day's answer lists them; unknown until it is read.
  const meetingOnRecord = meetings.state === 'ready' ? meetings.data.meetings.some((m) => m.sceneIds.includes(sceneId)) : true;

  if (!day) return <p>{t('armory.firearm.dayGone')}</p>;

  if (!choice) {
    return (
      <Form
        label={t('armory.firearm.handOffWho')}
        problem={null}
        fields={['toUserId', 'sceneId', 'firstAdId']}
        onSubmit={(form) => setChoice({ toUserId: text(form, 'toUserId'), sceneId, firstAdId: text(form, 'firstAdId') })}
      >
        <p>
          <Trans i18nKey="armory.firearm.handOffFor" values={{ day: shootDayText(day) }} components={{ b: <strong /> }} />
        </p>
        <SelectField name="toUserId" label={t('armory.firearm.performer')} defaultValue={performers.find((m) => trained.has(m.userId))?.userId ?? ''}>
          {performers.map((m) => (
            <option key={m.userId} value={m.userId} disabled={!trained.has(m.userId)}>
              {trained.has(m.userId) ? m.name : t('armory.firearm.untrainedOption', { name: m.name })}
            </option>
          ))}
        </SelectField>
        {performers.some((m) => !trained.has(m.userId)) && (
          <p className="hint">
            {t('armory.firearm.untrainedHint')} <Link href={trainingPath(productionId)}>{t('armory.firearm.recordTraining')}</Link>
          </p>
        )}
        <SelectField name="sceneId" label={t('armory.firearm.scene')} value={sceneId} onChange={(e) => setSceneId(e.target.value)}>
          {dayScenes.length === 0 && <option value="">{t('armory.firearm.noScenes')}</option>}
          {dayScenes.map((s) => (
            <option key={s.id} value={s.id}>
              {sceneText(s)}
            </option>
          ))}
        </SelectField>
        {scene?.aimedAtPerson && (
          <p className="arm-note">
            <RuleId id="F10" /> {t('armory.firearm.f10Note')}{' '}
            <Link href={`${firearmScenesPath(productionId)}#scene-${scene.id}`}>{t('armory.firearm.recordF10')}</Link>
          </p>
        )}
        {!meetingOnRecord && (
          <p className="arm-note" role="alert">
            <RuleId id="F5" /> {t('armory.firearm.f5Note', { day: dayText(day.date) })}{' '}
            <Link href={meetingPath(productionId, day.id)}>{t('armory.firearm.recordMeeting')}</Link>
          </p>
        )}
        <SelectField name="firstAdId" label={t('armory.firearm.firstAdConfirming')} defaultValue={firstAds[0]?.userId ?? ''}>
          {firstAds.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </SelectField>
        {meetingOnRecord && scene && (
          <button type="submit" className="button button--primary">
            {t('armory.firearm.nextPins')}
          </button>
        )}
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
      shootDayId: firearm.shootDayId ?? '',
      sceneId: choice.sceneId,
      confirmations: [
        { userId: choice.toUserId, pin: performerPin },
        { userId: choice.firstAdId, pin: firstAdPin },
      ],
      version: firearm.version,
    };
    const check = () => {
      const invalid: Record<string, string> = {};
      if (!isPin(performerPin)) invalid.performerPin = t('armory.pin.digits');
      if (!isPin(firstAdPin)) invalid.firstAdPin = t('armory.pin.digits');
      return invalid;
    };
    const sent = await event.send(body, check);
    clearPins(form);
    setPinsCleared(!sent);
  }

  const performer = nameOf(choice.toUserId);
  const firstAd = nameOf(choice.firstAdId);
  return (
    <div className="pin-step">
      <h3 ref={pinStep} tabIndex={-1}>
        {t('armory.firearm.pinStepHeading')}
      </h3>
      <p>
        {firearm.status === 'hot'
          ? t('armory.firearm.pinStepHot', { performer, firstAd, rounds: roundsText(firearm.loaded, context.lots) })
          : t('armory.firearm.pinStepCold', { performer, firstAd, rounds: roundsText(firearm.loaded, context.lots) })}
      </p>
      <Form label={t('armory.firearm.handOffPins')} problem={event.problem} fields={['performerPin', 'firstAdPin']} onSubmit={(form) => void handOff(form)}>
        <PinField name="performerPin" person={performer} hint={t('armory.firearm.performerPinHint')} cleared={pinsCleared} />
        <PinField name="firstAdPin" person={firstAd} hint={t('armory.firearm.firstAdPinHint')} cleared={pinsCleared} />
        <SubmitButton busy={event.busy}>{t('armory.firearm.handOffTo', { name: performer })}</SubmitButton>
      </Form>
      <button type="button" className="button button--secondary" onClick={() => setChoice(null)}>
        {t('armory.firearm.back')}
      </button>
    </div>
  );
}

function ReturnForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'return');
  const [cleared, setCleared] = useState(false);
  const { firearm, nameOf } = context;
  const performer = nameOf(firearm.holderId);
  async function takeBack(form: HTMLFormElement): Promise<void> {
    const pin = secret(form, 'performerPin');
    const sent = await event.send(
      { type: 'return', fromUserId: firearm.holderId ?? '', confirmations: [{ userId: firearm.holderId ?? '', pin }], version: firearm.version },
      (): Record<string, string> => (isPin(pin) ? {} : { performerPin: t('armory.pin.digits') }),
    );
    clearPins(form);
    setCleared(!sent);
  }
  return (
    <Form label={t('armory.actions.return')} problem={event.problem} fields={['performerPin']} onSubmit={(form) => void takeBack(form)}>
      <p>{t('armory.firearm.inItNow', { rounds: roundsText(firearm.loaded, context.lots) })}</p>
      <PinField name="performerPin" person={performer} hint={t('armory.firearm.returnPinHint')} cleared={cleared} />
      <SubmitButton busy={event.busy}>{t('armory.firearm.takeBackFrom', { name: performer })}</SubmitButton>
    </Form>
  );
}

/** Unloading is an inspection that finds the firearm empty: every round in it goes back to its lot. */
function UnloadForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'unload');
  const { firearm, lots } = context;
  function unload(form: HTMLFormElement): void {
    const barrelClear = new FormData(form).get('barrelClear') === 'yes';
    void event.send({ type: 'inspect', load: 'empty', rounds: [], barrelClear, version: firearm.version }, (): Record<string, string> =>
      barrelClear ? {} : { barrelClear: t('armory.firearm.checkClearFirst') },
    );
  }
  return (
    <Form label={t('armory.actions.unload')} problem={event.problem} fields={['barrelClear']} onSubmit={unload}>
      {firearm.loaded.length > 0 ? (
        <>
          <p>{t('armory.firearm.unloadLead')}</p>
          <ul className="arm-returns">
            {firearm.loaded.map((r) => (
              <li key={r.lotId}>{lotReturnText(r.count, lots.find((l) => l.id === r.lotId))}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('armory.firearm.nothingLoaded')}</p>
      )}
      <CheckField name="barrelClear" label={t('armory.firearm.chamberClear')} problem={event.problem} />
      <SubmitButton busy={event.busy}>{t('armory.firearm.recordUnloaded')}</SubmitButton>
    </Form>
  );
}

function DischargeForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'discharge');
  const { firearm, lots, scenes } = context;
  // The rounds fired come from what is in it; with nothing recorded in it, any lot may be named.
  const inIt = lots.filter((lot) => firearm.loaded.some((r) => r.lotId === lot.id));
  const choices = inIt.length > 0 ? inIt : lots;
  function record(form: HTMLFormElement): void {
    const data = new FormData(form);
    const rounds = readRounds(form, choices);
    const note = text(form, 'note');
    const sceneId = text(form, 'sceneId');
    const body: FirearmEventBody = { type: 'discharge', intended: data.get('intended') === 'yes', rounds, version: firearm.version };
    if (note) body.note = note;
    if (sceneId) body.sceneId = sceneId;
    void event.send(body, () => ({ ...checkRounds(rounds), ...(data.get('intended') ? {} : { intended: t('armory.firearm.sayIntended') }) }));
  }
  return (
    <Form label={t('armory.actions.discharge')} problem={event.problem} fields={['intended', 'note', 'sceneId', ...choices.map((l) => `lot:${l.id}`)]} onSubmit={record}>
      <fieldset className="choices">
        <legend>{t('armory.firearm.intendedQuestion')}</legend>
        <p className="hint">{t('armory.firearm.dischargeHint')}</p>
        <div className="choices-grid">
          <label className="choice">
            <input type="radio" name="intended" value="yes" />
            <span>{t('armory.firearm.intendedYes')}</span>
          </label>
          <label className="choice">
            <input type="radio" name="intended" value="no" />
            <span>{t('armory.firearm.intendedNo')}</span>
          </label>
        </div>
      </fieldset>
      <RoundsFields lots={choices} />
      <SceneChoice scenes={scenes} sceneId={firearm.sceneId} />
      <TextAreaField className="prose" name="note" label={t('armory.firearm.whatHappened')} rows={3} />
      <SubmitButton busy={event.busy}>{t('armory.actions.discharge')}</SubmitButton>
    </Form>
  );
}

function SceneChoice({ scenes, sceneId }: { scenes: Scene[]; sceneId: string | null }) {
  const { t } = useTranslation();
  return (
    <SelectField name="sceneId" label={t('armory.firearm.sceneOptional')} defaultValue={sceneId ?? ''}>
      <option value="">{t('armory.firearm.noScene')}</option>
      {scenes.map((s) => (
        <option key={s.id} value={s.id}>
          {sceneText(s)}
        </option>
      ))}
    </SelectField>
  );
}

/** F11: a round that did not go off may still; the firearm is held as after a discharge. */
function MisfireForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'misfire');
  const { firearm, scenes } = context;
  function record(form: HTMLFormElement): void {
    const note = text(form, 'note');
    const sceneId = text(form, 'sceneId');
    const body: FirearmEventBody = { type: 'misfire', version: firearm.version };
    if (note) body.note = note;
    if (sceneId) body.sceneId = sceneId;
    void event.send(body);
  }
  return (
    <Form label={t('armory.actions.misfire')} problem={event.problem} fields={['note', 'sceneId']} onSubmit={record}>
      <p className="arm-note">{t('armory.firearm.misfireNote')}</p>
      <SceneChoice scenes={scenes} sceneId={firearm.sceneId} />
      <TextAreaField className="prose" name="note" label={t('armory.firearm.whatHappened')} hint={t('armory.firearm.misfireExample')} rows={3} />
      <SubmitButton busy={event.busy}>{t('armory.firearm.recordMisfire')}</SubmitButton>
    </Form>
  );
}

function CheckInForm({ context, done, stale }: FormProps) {
  const { t } = useTranslation();
  const event = useEvent(context, done, stale, 'check_in');
  return (
    <Form label={t('armory.actions.checkIn')} problem={event.problem} fields={[]} onSubmit={() => void event.send({ type: 'check_in', version: context.firearm.version })}>
      <p>{t('armory.firearm.checkInLead')}</p>
      <SubmitButton busy={event.busy}>{t('armory.firearm.checkInSubmit')}</SubmitButton>
    </Form>
  );
}

const actionForms: Record<Action, (props: FormProps) => ReactNode> = {
  check_out: CheckOutForm,
  inspect: InspectForm,
  hand_off: HandOffForm,
  return: ReturnForm,
  unload: UnloadForm,
  check_in: CheckInForm,
  discharge: DischargeForm,
  misfire: MisfireForm,
};

/** What stands in the way of the actions that cannot pass now, one line each. */
function NotYet({ blocked }: { blocked: Readiness[] }) {
  const { t } = useTranslation();
  if (blocked.length === 0) return null;
  return (
    <div className="arm-notyet">
      <h3>{t('armory.firearm.notYet')}</h3>
      <ul className="arm-why">
        {blocked.map(({ action, blockedBy, first }) => (
          <li key={action} aria-label={t('armory.firearm.notYetItem', { action: actionLabel(action) })}>
            <strong>{actionLabel(action)}</strong>
            {first && <p className="arm-first">{first}</p>}
            <ul>
              {blockedBy.map((refusal, i) => (
                <li key={i}>
                  <span className="rule">{refusal.rule}</span> {refusalWords(refusal)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Actions({ context, readiness, reload }: { context: Context; readiness: ReturnType<typeof custodyReadiness>; reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useSession();
  const [open, setOpen] = useState<Action | null>(null);
  const [changed, setChanged] = useState(false);
  const stale = useCallback(() => {
    setChanged(true);
    reload();
  }, [reload]);
  const heading = useRef<HTMLHeadingElement>(null);
  const ready = readiness.actions.filter((a) => a.blockedBy.length === 0).map((a) => a.action);
  const blocked = readiness.actions.filter((a) => a.blockedBy.length > 0);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  // A change from elsewhere may close the open action's rules: close it rather than offer it.
  // The hand-off stays open through its PIN step: a refusal there is shown where the PINs were typed.
  useEffect(() => {
    if (open && open !== 'hand_off' && !ready.includes(open)) setOpen(null);
  }, [open, ready]);

  function choose(action: Action | null): void {
    setChanged(false);
    setOpen(action);
  }

  function done(action: Action): void {
    setOpen(null);
    announce(doneText(action));
    reload();
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }

  const ActionForm = open ? actionForms[open] : null;
  return (
    <section className="panel panel--armorer" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('armory.firearm.actionsHeading')}</h2>
      {readiness.note && <p className="hint">{readiness.note}</p>}
      <p className="form-error" role="alert">
        {changed ? t('armory.firearm.changedMeanwhile') : ''}
      </p>
      {ready.length > 0 && (
        <div className="actions armory-actions">
          {ready.map((action) => (
            <button
              key={action}
              type="button"
              className={`button ${open === action ? 'button--primary' : 'button--secondary'} button--big${action === 'misfire' || action === 'discharge' ? ' arm-danger-action' : ''}`}
              aria-expanded={open === action}
              onClick={() => choose(open === action ? null : action)}
            >
              {actionLabel(action)}
            </button>
          ))}
        </div>
      )}
      {open && ActionForm && (
        <div className="action-form">
          <h3 ref={heading} tabIndex={-1}>
            {actionLabel(open)}
          </h3>
          <ActionForm key={open} context={context} done={done} stale={stale} />
          <button type="button" className="button button--secondary" onClick={() => choose(null)}>
            {t('armory.cancel')}
          </button>
        </div>
      )}
      <NotYet blocked={blocked} />
    </section>
  );
}

function History({ lines }: { lines: ReturnType<typeof historyLines> }) {
  const { t } = useTranslation();
  const { dateTime } = useArmoryTimes();
  if (lines.length === 0) return <p>{t('armory.firearm.noHistory')}</p>;
  return (
    <ol className="entries history">
      {lines.map((line) => (
        <li key={line.id} className={`entry${line.danger ? ' entry--danger' : ''}`}>
          <p className="arm-history-line">{line.text}</p>
          <p className="entry-meta">
            <time dateTime={line.at}>{dateTime.format(new Date(line.at))}</time> · {t('armory.firearm.ledgerIndex', { index: line.ledgerIndex })}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function FirearmScreen({ productionId, firearmId }: { productionId: string; firearmId: string }) {
  const { t } = useTranslation();
  const { membership, me } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [detail, reloadDetail] = useResource(`${productionId}/firearms/${firearmId}`, () => api.firearm(productionId, firearmId));
  const [board, reloadBoard] = useResource(`${productionId}/armory`, () => api.armory(productionId));
  const crew = useCrewAndSchedule(productionId);
  const activeStops = useStops()?.stops.filter((s) => s.status === 'active').length ?? 0;
  const { clock, zone } = useArmoryTimes();
  const now = useNow();
  const reload = useRef(() => {
    reloadDetail();
    reloadBoard();
  }).current;
  useArmoryRefresh(reload);

  const back = (
    <Link className="back-link" href={armoryPath(productionId)}>
      {t('armory.title')}
    </Link>
  );
  if (detail.state === 'loading' || board.state === 'loading' || !crew.ready) return <>{back}<p>{t('armory.loading')}</p></>;
  if (detail.state === 'failed') return <>{back}<p role="alert">{detail.problem.detail}</p></>;
  if (board.state === 'failed') return <>{back}<p role="alert">{board.problem.detail}</p></>;
  const { firearm, history } = detail.data;
  const { lots, hold } = board.data;
  const today = todayIn(zone, now);
  const context: Context = { productionId, firearm, lots, people: crew.people, trained: crew.trained, scenes: crew.scenes, days: crew.days, today, nameOf: crew.nameOf };
  const readiness = custodyReadiness({ firearm, myId: me?.user.id ?? '', people: crew.people, trained: crew.trained, days: crew.days, today, hold: hold !== null, activeStops, now });
  const scene = crew.scenes.find((s) => s.id === firearm.sceneId);
  const day = crew.days.find((d) => d.id === firearm.shootDayId);
  const lines = historyLines(history, { lots, scenes: crew.scenes, days: crew.days, nameOf: crew.nameOf });

  return (
    <>
      {back}
      <div className="arm-firearm">
        <div className="arm-firearm-main">
          <section className={`panel firearm-facts firearm-card--${firearm.status}`} aria-labelledby="firearm-heading">
            <div className="firearm-head">
              <h2 id="firearm-heading">
                {firearm.make} {firearm.model}
              </h2>
              <HotCold status={firearm.status} />
            </div>
            <dl className="facts">
              <div>
                <dt>{t('armory.facts.where')}</dt>
                <dd className="firearm-where">{whereText(firearm, crew.nameOf)}</dd>
              </div>
              <div>
                <dt>{t('armory.facts.serial')}</dt>
                <dd>{firearm.serial}</dd>
              </div>
              <div>
                <dt>{t('armory.facts.kind')}</dt>
                <dd>{kindText(firearm.kind)}</dd>
              </div>
              {day && firearm.state !== 'stored' && (
                <div>
                  <dt>{t('armory.facts.outFor')}</dt>
                  <dd>{shootDayText(day)}</dd>
                </div>
              )}
              {scene && (
                <div>
                  <dt>{t('armory.facts.scene')}</dt>
                  <dd>{sceneText(scene)}</dd>
                </div>
              )}
              <div>
                <dt>{t('armory.facts.lastInspection')}</dt>
                <dd>{inspectionText(firearm.lastInspection, lots, crew.nameOf, clock)}</dd>
              </div>
              <div>
                <dt>{t('armory.facts.inIt')}</dt>
                <dd>{roundsText(firearm.loaded, lots)}</dd>
              </div>
            </dl>
          </section>
          {hold && (
            <p className="panel panel--danger" role="alert">
              <RuleId id="F11" /> {t('armory.firearm.holdNote')} <Link href={armoryPath(productionId)}>{t('armory.firearm.whatLiftsHold')}</Link>
            </p>
          )}
          <Actions context={context} readiness={readiness} reload={reload} />
        </div>
        <section className="arm-firearm-history" aria-labelledby="history-heading">
          <h2 id="history-heading">{t('armory.firearm.historyOf', { name: firearmName(firearm) })}</h2>
          <History lines={lines} />
        </section>
      </div>
      <p className="hint">{t('armory.firearm.hereAs', { roles: rolesText(roles) })}</p>
    </>
  );
}
