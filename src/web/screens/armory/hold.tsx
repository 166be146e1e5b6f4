// The F11 hold on the armory board: what happened, what lifts it (a corrective
// action by the safety advisor, and a new safety meeting recorded after the
// incident), and for the safety advisor the form that writes the action,
// confirmed with their own PIN. The hold lifts on the server, by itself, once
// both are on record; the board hears it live.
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, type ArmoryBoard } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../../components/form.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { meetingPath, schedulePath } from '../schedule/shared.js';
import { RuleId, useArmoryTimes } from '../armory-shared.js';

type Hold = NonNullable<ArmoryBoard['hold']>;

/** The banner's sentence for what the hold followed: each a whole sentence, so each language orders its own words. */
const incidentKeys: Record<string, string> = {
  unintended_discharge: 'armory.hold.afterDischarge',
  misfire: 'armory.hold.afterMisfire',
  live_round: 'armory.hold.afterLiveRound',
};

interface Corrected {
  action: string;
}

function CorrectiveActionForm({ productionId, hold, done }: { productionId: string; hold: Hold; done: (corrected: Corrected) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const submit = useSubmit((body: { action: string; pin: string }, options) =>
    api.correctiveAction(productionId, hold.incidentId, { action: body.action, confirmations: [{ userId: me?.user.id ?? '', pin: body.pin }] }, options),
  );
  const [pinCleared, setPinCleared] = useState(false);
  async function record(form: HTMLFormElement): Promise<void> {
    const body = { action: text(form, 'action'), pin: secret(form, 'pin') };
    const answer = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.action) invalid.action = t('armory.hold.actionMissing');
      if (!isPin(b.pin)) invalid.pin = t('armory.pin.digits');
      return invalid;
    });
    // The PIN never stays on a shared screen; after a refusal the field says so, so nothing looks as if it vanished.
    const input = form.elements.namedItem('pin');
    if (input instanceof HTMLInputElement) input.value = '';
    setPinCleared(!answer);
    if (answer) done({ action: answer.data.incident.correctiveAction ?? body.action });
  }
  return (
    <Form label={t('armory.hold.correctiveAction')} problem={submit.problem} fields={['action', 'pin']} onSubmit={(f) => void record(f)}>
      <TextAreaField className="prose" name="action" label={t('armory.hold.actionLabel')} hint={t('armory.hold.actionHint')} rows={4} />
      <Field
        name="pin"
        label={me ? t('armory.hold.yourPin', { name: me.user.name }) : t('armory.hold.advisorPin')}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        hint={pinCleared ? t('armory.hold.pinCleared') : t('armory.hold.pinHint')}
      />
      <SubmitButton busy={submit.busy}>{t('armory.hold.recordAction')}</SubmitButton>
    </Form>
  );
}

/** The F11 banner: on the board of everyone on the production, with the corrective action form for the safety advisor. */
export function HoldBanner({ productionId, hold, reload }: { productionId: string; hold: Hold; reload: () => void }) {
  const { t } = useTranslation();
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
    announce(t('armory.hold.actionRecorded'));
    reload();
  }

  return (
    <section className="panel panel--danger arm-hold" aria-labelledby="hold-heading">
      <h2 id="hold-heading">
        <RuleId id="F11" /> {t('armory.hold.heading')}
      </h2>
      <p className="arm-hold-what" role="alert">
        <Trans i18nKey={incidentKeys[hold.kind] ?? 'armory.hold.afterIncident'} values={{ since }} components={{ time: <time dateTime={hold.since} /> }} />
      </p>
      <ol className="arm-hold-steps">
        <li className={corrected ? 'arm-step arm-step--done' : 'arm-step'}>
          <Trans i18nKey={corrected ? 'armory.hold.actionStepDone' : 'armory.hold.actionStep'} components={{ b: <strong /> }} />
          {corrected && <span className="arm-step-detail"> {t('armory.history.note', { note: corrected.action })}</span>}
        </li>
        <li className={hold.meetingSince ? 'arm-step arm-step--done' : 'arm-step'}>
          <Trans
            i18nKey={hold.meetingSince ? 'armory.hold.meetingStepDone' : 'armory.hold.meetingStep'}
            values={{ since }}
            components={{ b: <strong />, time: <time dateTime={hold.since} /> }}
          />{' '}
          <Link href={shootDayId ? meetingPath(productionId, shootDayId) : schedulePath(productionId)}>{t('armory.firearm.recordMeeting')}</Link>
        </li>
      </ol>
      <p>
        {corrected && !hold.meetingSince
          ? t('armory.hold.needsMeeting')
          : !corrected && hold.meetingSince
            ? t('armory.hold.needsAction')
            : t('armory.hold.liftsWhenBoth')}
      </p>
      {advisor && !corrected && !writing && (
        <button type="button" className="button button--primary" onClick={() => setWriting(true)}>
          {t('armory.hold.writeAction')}
        </button>
      )}
      {advisor && writing && (
        <div className="action-form">
          <h3 ref={formHeading} tabIndex={-1}>
            {t('armory.hold.correctiveAction')}
          </h3>
          <CorrectiveActionForm productionId={productionId} hold={hold} done={done} />
          <button type="button" className="button button--secondary" onClick={() => setWriting(false)}>
            {t('armory.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
