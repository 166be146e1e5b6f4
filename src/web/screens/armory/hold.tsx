// The F11 hold on the armory board: what happened, what lifts it (a corrective
// action by the safety advisor, and a new safety meeting recorded after the
// incident), and for the safety advisor the form that writes the action,
// confirmed with their own PIN. The hold lifts on the server, by itself, once
// both are on record; the board hears it live.
import { useEffect, useRef, useState } from 'react';
import { api, type ArmoryBoard } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../../components/form.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { meetingPath, schedulePath } from '../schedule/shared.js';
import { useArmoryTimes } from '../armory-shared.js';

type Hold = NonNullable<ArmoryBoard['hold']>;

const incidentWords: Record<string, string> = {
  unintended_discharge: 'An unintended discharge',
  misfire: 'A misfire',
  live_round: 'A live round found on set',
};

interface Corrected {
  action: string;
}

function CorrectiveActionForm({ productionId, hold, done }: { productionId: string; hold: Hold; done: (corrected: Corrected) => void }) {
  const { me } = useSession();
  const submit = useSubmit((body: { action: string; pin: string }, options) =>
    api.correctiveAction(productionId, hold.incidentId, { action: body.action, confirmations: [{ userId: me?.user.id ?? '', pin: body.pin }] }, options),
  );
  const [pinCleared, setPinCleared] = useState(false);
  async function record(form: HTMLFormElement): Promise<void> {
    const body = { action: text(form, 'action'), pin: secret(form, 'pin') };
    const answer = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.action) invalid.action = 'Write what changes so that it does not happen again';
      if (!isPin(b.pin)) invalid.pin = 'A PIN is 4 to 8 digits';
      return invalid;
    });
    // The PIN never stays on a shared screen; after a refusal the field says so, so nothing looks as if it vanished.
    const input = form.elements.namedItem('pin');
    if (input instanceof HTMLInputElement) input.value = '';
    setPinCleared(!answer);
    if (answer) done({ action: answer.data.incident.correctiveAction ?? body.action });
  }
  return (
    <Form label="Corrective action" problem={submit.problem} fields={['action', 'pin']} onSubmit={(f) => void record(f)}>
      <TextAreaField
className="prose"         name="action"
        label="What changes so that it does not happen again?"
        hint="For example: blanks stay in the locked case until the armorer loads at the mark; a second check of the barrel before every take."
        rows={4}
      />
      <Field
        name="pin"
        label={`${me?.user.name ?? 'Safety advisor'}: your PIN`}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        hint={pinCleared ? 'Cleared after the refusal above: type your PIN again.' : 'You confirm the corrective action with your own PIN.'}
      />
      <SubmitButton busy={submit.busy}>Record the corrective action</SubmitButton>
    </Form>
  );
}

/** The F11 banner: on the board of everyone on the production, with the corrective action form for the safety advisor. */
export function HoldBanner({ productionId, hold, reload }: { productionId: string; hold: Hold; reload: () => void }) {
  const { membership, announce } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const advisor = roles.includes('safety_advisor');
  const { dateTime } = useArmoryTimes();
  // The day's answer names the shoot day whose meeting lifts the hold.
  const [today] = useResource(`${productionId}/today/${hold.incidentId}`, () => api.today(productionId));
  const shootDayId = today.state === 'ready' ? today.data.shootDay?.id : undefined;
  const [justCorrected, setCorrected] = useState<Corrected | null>(null);
  // What the server holds outlives this device: a reload still shows the action done.
  const corrected = hold.correctiveAction ?? justCorrected;
  const [writing, setWriting] = useState(false);
  const formHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (writing) formHeading.current?.focus();
  }, [writing]);
  const since = dateTime.format(new Date(hold.since));

  function done(next: Corrected): void {
    setCorrected(next);
    setWriting(false);
    announce('Corrective action recorded. The hold lifts once a new safety meeting is recorded.');
    reload();
  }

  return (
    <section className="panel panel--danger arm-hold" aria-labelledby="hold-heading">
      <h2 id="hold-heading">
        <span className="rule">F11</span> Firearms on hold
      </h2>
      <p className="arm-hold-what" role="alert">
        {incidentWords[hold.kind]} at <time dateTime={hold.since}>{since}</time>. No firearm is handed off until both steps below are on record.
      </p>
      <ol className="arm-hold-steps">
        <li className={corrected ? 'arm-step arm-step--done' : 'arm-step'}>
          <strong>{corrected ? 'Done: ' : ''}A corrective action</strong>, written by the safety advisor and confirmed with their PIN.
          {corrected && <span className="arm-step-detail"> “{corrected.action}”</span>}
        </li>
        <li className={hold.meetingSince ? 'arm-step arm-step--done' : 'arm-step'}>
          <strong>{hold.meetingSince ? 'Done: ' : ''}A new safety meeting</strong>, recorded after <time dateTime={hold.since}>{since}</time> by the 1st AD, the safety advisor or the armorer.{' '}
          <Link href={shootDayId ? meetingPath(productionId, shootDayId) : schedulePath(productionId)}>Record the safety meeting</Link>
        </li>
      </ol>
      <p>
        {corrected && !hold.meetingSince
          ? 'Still needed: the new safety meeting. The hold then lifts by itself.'
          : !corrected && hold.meetingSince
            ? 'Still needed: the corrective action. The hold then lifts by itself.'
            : 'The hold lifts by itself once both are on record.'}
      </p>
      {advisor && !corrected && !writing && (
        <button type="button" className="button button--primary" onClick={() => setWriting(true)}>
          Write the corrective action
        </button>
      )}
      {advisor && writing && (
        <div className="action-form">
          <h3 ref={formHeading} tabIndex={-1}>
            Corrective action
          </h3>
          <CorrectiveActionForm productionId={productionId} hold={hold} done={done} />
          <button type="button" className="button button--secondary" onClick={() => setWriting(false)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
