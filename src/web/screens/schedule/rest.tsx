// The rest agreement (S3): the turnaround, weekly hours and weekend rest that
// hours are checked against. It changes only with the safety advisor and the
// producer together: the first proposes, the other confirms the same figures.
import { useRef, useState } from 'react';
import { api, type Problem } from '../../api.js';
import { Field, Form, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { canAgree, Facts, Loading, useProblemInView, useScheduleData } from './shared.js';

type Agreement = Parameters<typeof api.setRestAgreement>[1];
type AgreementAnswer = Extract<Awaited<ReturnType<typeof api.restAgreement>>, { ok: true }>['data'];

const waitingWords = { producer: 'the producer', safety_advisor: 'the safety advisor', 'safety_advisor or producer': 'the safety advisor or the producer' } as const;

function AgreementFacts({ agreement }: { agreement: Agreement }) {
  return (
    <Facts
      items={[
        ['Turnaround, crew', `${agreement.turnaroundHours.crew} h between a wrap and the next call`],
        ['Turnaround, performers', `${agreement.turnaroundHours.performer} h`],
        ['Week', `over ${agreement.weeklyHours} h is flagged for a fatigue review`],
        ['Weekend rest after five days', `${agreement.weekendRestHours.afterFiveDays} h`],
        ['Weekend rest after six days', `${agreement.weekendRestHours.afterSixDays} h`],
      ]}
    />
  );
}

function ProposeForm({ productionId, start, done }: { productionId: string; start: Agreement; done: (answer: AgreementAnswer) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const submit = useSubmit((body: Agreement, options) => api.setRestAgreement(productionId, body, options));
  const [typed, setTyped] = useState<Problem | null>(null);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const invalid: Record<string, string> = {};
    const read = (name: string, min: number, max: number) => {
      const value = Number(text(form, name));
      if (!text(form, name) || !Number.isFinite(value) || value < min || value > max) invalid[name] = `Enter hours from ${min} to ${max}.`;
      return value;
    };
    const body: Agreement = {
      turnaroundHours: { crew: read('crew', 8, 24), performer: read('performer', 8, 24) },
      weeklyHours: read('weeklyHours', 40, 84),
      weekendRestHours: { afterFiveDays: read('afterFiveDays', 24, 72), afterSixDays: read('afterSixDays', 24, 72) },
    };
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: invalid });
      return;
    }
    setTyped(null);
    const result = await submit.run(body);
    if (result) done(result.data);
  }

  return (
    <div ref={box} className="sched-form">
      <Form label="Propose figures" problem={problem} fields={['crew', 'performer', 'weeklyHours', 'afterFiveDays', 'afterSixDays']} onSubmit={(f) => void onSubmit(f)}>
        <div className="sched-row">
          <Field name="crew" label="Turnaround, crew (h)" inputMode="numeric" defaultValue={start.turnaroundHours.crew} />
          <Field name="performer" label="Turnaround, performers (h)" inputMode="numeric" defaultValue={start.turnaroundHours.performer} />
        </div>
        <Field name="weeklyHours" label="Hours in a week before a review" inputMode="numeric" defaultValue={start.weeklyHours} />
        <div className="sched-row">
          <Field name="afterFiveDays" label="Weekend rest after five days (h)" inputMode="numeric" defaultValue={start.weekendRestHours.afterFiveDays} />
          <Field name="afterSixDays" label="Weekend rest after six days (h)" inputMode="numeric" defaultValue={start.weekendRestHours.afterSixDays} />
        </div>
        <SubmitButton busy={submit.busy}>Propose these figures</SubmitButton>
      </Form>
    </div>
  );
}

export function RestAgreementScreen({ productionId }: { productionId: string }) {
  const { membership, me } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [answer, reload] = useResource(`${productionId}/rest-agreement`, () => api.restAgreement(productionId));
  const [data] = useScheduleData(productionId);
  const [message, setMessage] = useState('');
  const confirm = useSubmit((body: Agreement, options) => api.setRestAgreement(productionId, body, options));
  const nameOf = (userId: string) => (data.state === 'ready' ? data.data.nameOf(userId) : 'someone');

  const proposal = useRef<HTMLElement>(null);
  useProblemInView(proposal, confirm.problem);

  function after(next: AgreementAnswer): void {
    setMessage(next.status === 'active' ? 'The agreement is in force.' : `Proposed. It waits for ${waitingWords[next.proposed!.waitingFor]} to confirm the same figures.`);
    reload();
  }

  return (
    <Page title="Rest agreement" wide>
      <p className="lead">S3: hours are checked against these figures. The safety advisor and the producer change them together.</p>
      <Loading resource={answer} retry={reload} />
      <p className="status status--done" role="status">
        {message}
      </p>
      {answer.state === 'ready' && (
        <div className="sched-split">
          <div>
            <section className="panel" aria-labelledby="agreement-heading">
              <h2 id="agreement-heading">In force</h2>
              <AgreementFacts agreement={answer.data.agreement} />
            </section>
            {!canAgree(roles) && <p className="hint">Only the safety advisor and the producer, together, change these figures.</p>}
          </div>
          <div>
            {answer.data.proposed && (
              <section ref={proposal} className="panel panel--warn" aria-labelledby="proposal-heading">
                <h2 id="proposal-heading">Proposed by {nameOf(answer.data.proposed.proposedBy)}</h2>
                <p>Waiting for {waitingWords[answer.data.proposed.waitingFor]} to confirm.</p>
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
                      Confirm these figures
                    </button>
                  </>
                )}
              </section>
            )}
            {canAgree(roles) && (
              <section aria-labelledby="propose-heading">
                <h2 id="propose-heading">{answer.data.proposed ? 'Propose other figures' : 'Propose a change'}</h2>
                <p className="hint">Your proposal is in the ledger; it is in force once the other of the safety advisor and the producer confirms the same figures.</p>
                <ProposeForm productionId={productionId} start={answer.data.proposed?.agreement ?? answer.data.agreement} done={after} />
              </section>
            )}
          </div>
        </div>
      )}
    </Page>
  );
}
