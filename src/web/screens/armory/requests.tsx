// The armorer's requests for more training or more time (F12): the armorer
// (or property master) asks; the producer or the UPM answers. A request is
// never silently denied: a denial needs a reason, the reason is shown with it,
// and it goes to the safety advisor.
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Form, SubmitButton, TextAreaField, Tiles, text, useSubmit } from '../../components/form.js';
import { f12Decision } from '../../../domain/armory/rules.js';
import { t } from '../../i18n.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { refusalWords } from '../../refusals.js';
import { armoryPath, useArmoryTimes, useCrew, type Ok } from '../armory-shared.js';

type Request = Ok<typeof api.armorerRequests>['requests'][number];
type NewRequest = Parameters<typeof api.makeArmorerRequest>[1];
type Decision = Parameters<typeof api.decideArmorerRequest>[2];

function kindText(kind: Request['kind']): string {
  return kind === 'training' ? t('armory.requests.moreTraining') : t('armory.requests.moreTime');
}

function AskForm({ productionId, asked }: { productionId: string; asked: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit((body: NewRequest, options) => api.makeArmorerRequest(productionId, body, options));
  const { announce } = useSession();
  async function ask(form: HTMLFormElement): Promise<void> {
    const body = { kind: text(form, 'kind') as NewRequest['kind'], description: text(form, 'description') };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.kind) invalid.kind = t('armory.requests.kindMissing');
      if (!b.description) invalid.description = t('armory.requests.descriptionMissing');
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(t('armory.requests.recorded'));
    asked();
  }
  return (
    <section className="panel" aria-labelledby="ask-heading">
      <h2 id="ask-heading">{t('armory.requests.askHeading')}</h2>
      <p className="hint">{t('armory.requests.askHint')}</p>
      <Form label={t('armory.requests.askHeading')} problem={submit.problem} fields={['kind', 'description']} onSubmit={(f) => void ask(f)}>
        <Tiles
          name="kind"
          legend={t('armory.requests.whatNeeded')}
          choices={[
            { value: 'training', label: t('armory.requests.moreTraining'), sub: t('armory.requests.trainingSub') },
            { value: 'time', label: t('armory.requests.moreTime'), sub: t('armory.requests.timeSub') },
          ]}
        />
        <TextAreaField className="prose" name="description" label={t('armory.requests.whatWhy')} hint={t('armory.requests.whatWhyHint')} rows={4} />
        <SubmitButton busy={submit.busy}>{t('armory.requests.send')}</SubmitButton>
      </Form>
    </section>
  );
}

function DecisionForm({ productionId, request, decided }: { productionId: string; request: Request; decided: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit((body: Decision, options) => api.decideArmorerRequest(productionId, request.id, body, options));
  const [choice, setChoice] = useState<'granted' | 'denied' | null>(null);
  async function decide(form: HTMLFormElement): Promise<void> {
    const reason = text(form, 'reason');
    const body: Decision = { decision: choice ?? 'granted', reason: reason || null };
    const done = await submit.run(body, (b): Record<string, string> => {
      if (!choice) return { decision: t('armory.requests.decisionMissing') };
      const rule = f12Decision(b.decision, b.reason);
      return rule.allowed ? {} : { reason: refusalWords(rule) };
    });
    if (done) decided();
  }
  return (
    <Form label={t('armory.requests.answerLabel', { kind: kindText(request.kind) })} problem={submit.problem} fields={['decision', 'reason']} onSubmit={(f) => void decide(f)}>
      <fieldset className="choices">
        <legend>{t('armory.requests.yourAnswer')}</legend>
        <div className="choices-grid">
          <label className="choice">
            <input type="radio" name="decision" value="granted" checked={choice === 'granted'} onChange={() => setChoice('granted')} />
            <span>{t('armory.requests.grant')}</span>
          </label>
          <label className="choice">
            <input type="radio" name="decision" value="denied" checked={choice === 'denied'} onChange={() => setChoice('denied')} />
            <span>{t('armory.requests.deny')}</span>
          </label>
        </div>
      </fieldset>
      <TextAreaField
        className="prose"
        name="reason"
        label={choice === 'denied' ? t('armory.requests.whyDenied') : t('armory.requests.noteOptional')}
        hint={choice === 'denied' ? t('armory.requests.whyDeniedHint') : undefined}
        rows={3}
      />
      <SubmitButton busy={submit.busy}>{choice === 'denied' ? t('armory.requests.denySubmit') : t('armory.requests.answerSubmit')}</SubmitButton>
    </Form>
  );
}

interface ItemProps {
  productionId: string;
  request: Request;
  decides: boolean;
  decided: () => void;
  nameOf: (userId: string | null) => string;
}

function RequestItem({ productionId, request, decides, decided, nameOf }: ItemProps) {
  const { t } = useTranslation();
  const { dateTime } = useArmoryTimes();
  return (
    <li className={`panel arm-request arm-request--${request.status}`} aria-label={t('armory.requests.itemLabel', { kind: kindText(request.kind), name: nameOf(request.requestedBy) })}>
      <p className="arm-request-head">
        <Trans
          i18nKey="armory.requests.askedBy"
          values={{ kind: kindText(request.kind), name: nameOf(request.requestedBy), at: dateTime.format(new Date(request.requestedAt)) }}
          components={{ b: <strong />, time: <time dateTime={request.requestedAt} /> }}
        />
      </p>
      <p className="prose-text">{request.description}</p>
      {request.status === 'open' && <p className="arm-request-status">{t('armory.requests.open')}</p>}
      {request.status === 'granted' && request.decidedAt && (
        <p className="arm-request-status">
          <Trans
            i18nKey={request.reason ? 'armory.requests.grantedWithNote' : 'armory.requests.granted'}
            values={{ name: nameOf(request.decidedBy), at: dateTime.format(new Date(request.decidedAt)), reason: request.reason ?? '' }}
            components={{ time: <time dateTime={request.decidedAt} /> }}
          />
        </p>
      )}
      {request.status === 'denied' && request.decidedAt && (
        <p className="arm-request-status arm-request-status--denied">
          <Trans
            i18nKey="armory.requests.denied"
            values={{ name: nameOf(request.decidedBy), at: dateTime.format(new Date(request.decidedAt)), reason: request.reason ?? '' }}
            components={{ time: <time dateTime={request.decidedAt} /> }}
          />
        </p>
      )}
      {request.status === 'open' && decides && <DecisionForm productionId={productionId} request={request} decided={decided} />}
    </li>
  );
}

export function RequestsScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const asks = roles.includes('armorer') || roles.includes('property_master');
  const decides = roles.includes('producer') || roles.includes('upm');
  const reads = asks || decides || roles.includes('safety_advisor');
  const [requests, reload] = useResource(`${productionId}/armorer-requests`, () => api.armorerRequests(productionId));
  const { nameOf } = useCrew(productionId);
  const back = (
    <Link className="back-link" href={armoryPath(productionId)}>
      {t('armory.title')}
    </Link>
  );
  if (!reads) {
    return (
      <>
        {back}
        <p>{t('armory.requests.whoReads')}</p>
      </>
    );
  }
  const open = requests.state === 'ready' ? requests.data.requests.filter((r) => r.status === 'open') : [];
  const answered = requests.state === 'ready' ? requests.data.requests.filter((r) => r.status !== 'open') : [];
  return (
    <>
      {back}
      <p className="lead">{t('armory.requests.lead')}</p>
      {asks && <AskForm productionId={productionId} asked={reload} />}
      {requests.state === 'loading' && <p>{t('armory.loading')}</p>}
      {requests.state === 'failed' && <p role="alert">{requests.problem.detail}</p>}
      {requests.state === 'ready' && (
        <>
          <section aria-labelledby="open-requests">
            <h2 id="open-requests">{t('armory.requests.waiting', { count: open.length })}</h2>
            {open.length === 0 ? (
              <p>{t('armory.requests.none')}</p>
            ) : (
              <ul className="arm-requests">
                {open.map((r) => (
                  <RequestItem key={r.id} productionId={productionId} request={r} decides={decides} decided={reload} nameOf={nameOf} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="answered-requests">
            <h2 id="answered-requests">{t('armory.requests.answered')}</h2>
            {answered.length === 0 ? (
              <p>{t('armory.requests.noneYet')}</p>
            ) : (
              <ul className="arm-requests">
                {answered.map((r) => (
                  <RequestItem key={r.id} productionId={productionId} request={r} decides={false} decided={reload} nameOf={nameOf} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
