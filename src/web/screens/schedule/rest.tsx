// The rest agreement (S3): the turnaround, weekly hours and weekend rest that
// hours are checked against. It changes only with the safety advisor and the
// producer together: the first proposes, the other confirms the same figures.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Problem } from '../../api.js';
import { Field, Form, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { canAgree, Facts, Loading, useProblemInView, useScheduleData } from './shared.js';

type Agreement = Parameters<typeof api.setRestAgreement>[1];
type AgreementAnswer = Extract<Awaited<ReturnType<typeof api.restAgreement>>, { ok: true }>['data'];

/** Who a proposal waits for, as a catalogue key. */
const waitingKeys = { producer: 'schedule.rest.waitProducer', safety_advisor: 'schedule.rest.waitAdvisor', 'safety_advisor or producer': 'schedule.rest.waitEither' } as const;

function AgreementFacts({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  return (
    <Facts
      items={[
        [t('schedule.rest.crew'), t('schedule.rest.crewValue', { hours: agreement.turnaroundHours.crew })],
        [t('schedule.rest.performers'), t('schedule.rest.hoursValue', { hours: agreement.turnaroundHours.performer })],
        [t('schedule.rest.week'), t('schedule.rest.weekValue', { hours: agreement.weeklyHours })],
        [t('schedule.rest.afterFive'), t('schedule.rest.hoursValue', { hours: agreement.weekendRestHours.afterFiveDays })],
        [t('schedule.rest.afterSix'), t('schedule.rest.hoursValue', { hours: agreement.weekendRestHours.afterSixDays })],
      ]}
    />
  );
}

function ProposeForm({ productionId, start, done }: { productionId: string; start: Agreement; done: (answer: AgreementAnswer) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const submit = useSubmit((body: Agreement, options) => api.setRestAgreement(productionId, body, options));
  const [typed, setTyped] = useState<Problem | null>(null);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const invalid: Record<string, string> = {};
    const read = (name: string, min: number, max: number) => {
      const value = Number(text(form, name));
      if (!text(form, name) || !Number.isFinite(value) || value < min || value > max) invalid[name] = t('schedule.rest.range', { min, max });
      return value;
    };
    const body: Agreement = {
      turnaroundHours: { crew: read('crew', 8, 24), performer: read('performer', 8, 24) },
      weeklyHours: read('weeklyHours', 40, 84),
      weekendRestHours: { afterFiveDays: read('afterFiveDays', 24, 72), afterSixDays: read('afterSixDays', 24, 72) },
    };
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: t('schedule.correctFields'), fields: invalid });
      return;
    }
    setTyped(null);
    const result = await submit.run(body);
    if (result) done(result.data);
  }

  return (
    <div ref={box} className="sched-form">
      <Form label={t('schedule.rest.proposeFigures')} problem={problem} fields={['crew', 'performer', 'weeklyHours', 'afterFiveDays', 'afterSixDays']} onSubmit={(f) => void onSubmit(f)}>
        <div className="sched-row">
          <Field name="crew" label={t('schedule.rest.crewField')} inputMode="numeric" defaultValue={start.turnaroundHours.crew} />
          <Field name="performer" label={t('schedule.rest.performersField')} inputMode="numeric" defaultValue={start.turnaroundHours.performer} />
        </div>
        <Field name="weeklyHours" label={t('schedule.rest.weekField')} inputMode="numeric" defaultValue={start.weeklyHours} />
        <div className="sched-row">
          <Field name="afterFiveDays" label={t('schedule.rest.afterFiveField')} inputMode="numeric" defaultValue={start.weekendRestHours.afterFiveDays} />
          <Field name="afterSixDays" label={t('schedule.rest.afterSixField')} inputMode="numeric" defaultValue={start.weekendRestHours.afterSixDays} />
        </div>
        <SubmitButton busy={submit.busy}>{t('schedule.rest.propose')}</SubmitButton>
      </Form>
    </div>
  );
}

export function RestAgreementScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership, me } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [answer, reload] = useResource(`${productionId}/rest-agreement`, () => api.restAgreement(productionId));
  const [data] = useScheduleData(productionId);
  const [message, setMessage] = useState('');
  const confirm = useSubmit((body: Agreement, options) => api.setRestAgreement(productionId, body, options));
  const nameOf = (userId: string) => (data.state === 'ready' ? data.data.nameOf(userId) : t('schedule.rest.someone'));

  const proposal = useRef<HTMLElement>(null);
  useProblemInView(proposal, confirm.problem);

  function after(next: AgreementAnswer): void {
    setMessage(next.status === 'active' ? t('schedule.rest.inForceNow') : t('schedule.rest.proposed', { who: t(waitingKeys[next.proposed!.waitingFor]) }));
    reload();
  }

  return (
    <Page title={t('schedule.rest.title')} wide>
      <p className="lead">{t('schedule.rest.lead')}</p>
      <Loading resource={answer} retry={reload} />
      <p className="status status--done" role="status">
        {message}
      </p>
      {answer.state === 'ready' && (
        <div className="sched-split">
          <div>
            <section className="panel" aria-labelledby="agreement-heading">
              <h2 id="agreement-heading">{t('schedule.rest.inForce')}</h2>
              <AgreementFacts agreement={answer.data.agreement} />
            </section>
            {!canAgree(roles) && <p className="hint">{t('schedule.rest.onlyTogether')}</p>}
          </div>
          <div>
            {answer.data.proposed && (
              <section ref={proposal} className="panel panel--warn" aria-labelledby="proposal-heading">
                <h2 id="proposal-heading">{t('schedule.rest.proposedBy', { name: nameOf(answer.data.proposed.proposedBy) })}</h2>
                <p>{t('schedule.rest.waiting', { who: t(waitingKeys[answer.data.proposed.waitingFor]) })}</p>
                <AgreementFacts agreement={answer.data.proposed.agreement} />
                {canAgree(roles) && answer.data.proposed.proposedBy !== me?.user.id && (
                  <>
                    <div className="form-error" role="alert">
                      {confirm.problem && <p>{confirm.problem.detail}</p>}
                    </div>
                    <button
                      type="button"
                      className="button button--primary sched-save"
                      aria-disabled={confirm.busy || undefined}
                      onClick={() => void confirm.run(answer.data.proposed!.agreement).then((result) => result && after(result.data))}
                    >
                      {t('schedule.rest.confirm')}
                    </button>
                  </>
                )}
              </section>
            )}
            {canAgree(roles) && (
              <section aria-labelledby="propose-heading">
                <h2 id="propose-heading">{answer.data.proposed ? t('schedule.rest.proposeOther') : t('schedule.rest.proposeChange')}</h2>
                <p className="hint">{t('schedule.rest.proposalHint')}</p>
                <ProposeForm productionId={productionId} start={answer.data.proposed?.agreement ?? answer.data.agreement} done={after} />
              </section>
            )}
          </div>
        </div>
      )}
    </Page>
  );
}
