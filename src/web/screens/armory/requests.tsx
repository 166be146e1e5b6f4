// The armorer's requests for more training or more time (F12): the armorer
// (or property master) asks; the producer or the UPM answers. A request is
// never silently denied: a denial needs a reason, the reason is shown with it,
// and it goes to the safety advisor.
import { useState } from 'react';
import { api } from '../../api.js';
import { Form, SubmitButton, TextAreaField, Tiles, text, useSubmit } from '../../components/form.js';
import { f12Decision } from '../../../domain/armory/rules.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { armoryPath, useArmoryTimes, useCrew, type Ok } from '../armory-shared.js';

type Request = Ok<typeof api.armorerRequests>['requests'][number];
type NewRequest = Parameters<typeof api.makeArmorerRequest>[1];
type Decision = Parameters<typeof api.decideArmorerRequest>[2];

const kindWords: Record<Request['kind'], string> = { training: 'More training', time: 'More time' };

function AskForm({ productionId, asked }: { productionId: string; asked: () => void }) {
  const submit = useSubmit((body: NewRequest, options) => api.makeArmorerRequest(productionId, body, options));
  const { announce } = useSession();
  async function ask(form: HTMLFormElement): Promise<void> {
    const body = { kind: text(form, 'kind') as NewRequest['kind'], description: text(form, 'description') };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.kind) invalid.kind = 'Choose training or time';
      if (!b.description) invalid.description = 'Say what you need and why';
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce('Your request is recorded. The producer, the UPM and the safety advisor are told.');
    asked();
  }
  return (
    <section className="panel" aria-labelledby="ask-heading">
      <h2 id="ask-heading">Ask for training or time</h2>
      <p className="hint">Recorded in the ledger from the first moment. A refusal needs a reason, and the safety advisor sees it (F12).</p>
      <Form label="Ask for training or time" problem={submit.problem} fields={['kind', 'description']} onSubmit={(f) => void ask(f)}>
        <Tiles
          name="kind"
          legend="What do you need?"
          choices={[
            { value: 'training', label: 'More training', sub: 'a course, a refresher' },
            { value: 'time', label: 'More time', sub: 'prep, checks, a second pair of hands' },
          ]}
        />
        <TextAreaField className="prose" name="description" label="What, and why?" hint="For example: two more hours of prep before the saloon scene to check every blank." rows={4} />
        <SubmitButton busy={submit.busy}>Send the request</SubmitButton>
      </Form>
    </section>
  );
}

function DecisionForm({ productionId, request, decided }: { productionId: string; request: Request; decided: () => void }) {
  const submit = useSubmit((body: Decision, options) => api.decideArmorerRequest(productionId, request.id, body, options));
  const [choice, setChoice] = useState<'granted' | 'denied' | null>(null);
  async function decide(form: HTMLFormElement): Promise<void> {
    const reason = text(form, 'reason');
    const body: Decision = { decision: choice ?? 'granted', reason: reason || null };
    const done = await submit.run(body, (b): Record<string, string> => {
      if (!choice) return { decision: 'Grant or deny the request' };
      const rule = f12Decision(b.decision, b.reason);
      return rule.allowed ? {} : { reason: rule.reason };
    });
    if (done) decided();
  }
  return (
    <Form label={`Answer: ${kindWords[request.kind]}`} problem={submit.problem} fields={['decision', 'reason']} onSubmit={(f) => void decide(f)}>
      <fieldset className="choices">
        <legend>Your answer</legend>
        <div className="choices-grid">
          <label className="choice">
            <input type="radio" name="decision" value="granted" checked={choice === 'granted'} onChange={() => setChoice('granted')} />
            <span>Grant</span>
          </label>
          <label className="choice">
            <input type="radio" name="decision" value="denied" checked={choice === 'denied'} onChange={() => setChoice('denied')} />
            <span>Deny</span>
          </label>
        </div>
      </fieldset>
      <TextAreaField
className="prose"         name="reason"
        label={choice === 'denied' ? 'Why is it denied? (required)' : 'Note (optional)'}
        hint={choice === 'denied' ? 'The reason is shown with the request and sent to the safety advisor (F12).' : undefined}
        rows={3}
      />
      <SubmitButton busy={submit.busy}>{choice === 'denied' ? 'Deny the request' : 'Send the answer'}</SubmitButton>
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
  const { dateTime } = useArmoryTimes();
  const when = (at: string) => <time dateTime={at}>{dateTime.format(new Date(at))}</time>;
  return (
    <li className={`panel arm-request arm-request--${request.status}`} aria-label={`${kindWords[request.kind]}, asked by ${nameOf(request.requestedBy)}`}>
      <p className="arm-request-head">
        <strong>{kindWords[request.kind]}</strong> · asked by {nameOf(request.requestedBy)}, {when(request.requestedAt)}
      </p>
      <p className="prose-text">{request.description}</p>
      {request.status === 'open' && <p className="arm-request-status">Open: waiting for the producer or the UPM.</p>}
      {request.status === 'granted' && request.decidedAt && (
        <p className="arm-request-status">
          Granted by {nameOf(request.decidedBy)}, {when(request.decidedAt)}
          {request.reason ? `: ${request.reason}` : '.'}
        </p>
      )}
      {request.status === 'denied' && request.decidedAt && (
        <p className="arm-request-status arm-request-status--denied">
          Denied by {nameOf(request.decidedBy)}, {when(request.decidedAt)}. Reason: {request.reason}
        </p>
      )}
      {request.status === 'open' && decides && <DecisionForm productionId={productionId} request={request} decided={decided} />}
    </li>
  );
}

export function RequestsScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const asks = roles.includes('armorer') || roles.includes('property_master');
  const decides = roles.includes('producer') || roles.includes('upm');
  const reads = asks || decides || roles.includes('safety_advisor');
  const [requests, reload] = useResource(`${productionId}/armorer-requests`, () => api.armorerRequests(productionId));
  const { nameOf } = useCrew(productionId);
  const back = (
    <Link className="back-link" href={armoryPath(productionId)}>
      Armory
    </Link>
  );
  if (!reads) {
    return (
      <>
        {back}
        <p>The armorer’s requests are read by the armorer, the property master, the producer, the UPM and the safety advisor.</p>
      </>
    );
  }
  const open = requests.state === 'ready' ? requests.data.requests.filter((r) => r.status === 'open') : [];
  const answered = requests.state === 'ready' ? requests.data.requests.filter((r) => r.status !== 'open') : [];
  return (
    <>
      {back}
      <p className="lead">The armorer asks for more training or more time; the producer or the UPM answers. A denial always carries its reason (F12).</p>
      {asks && <AskForm productionId={productionId} asked={reload} />}
      {requests.state === 'loading' && <p>Loading…</p>}
      {requests.state === 'failed' && <p role="alert">{requests.problem.detail}</p>}
      {requests.state === 'ready' && (
        <>
          <section aria-labelledby="open-requests">
            <h2 id="open-requests">Waiting for an answer ({open.length})</h2>
            {open.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="arm-requests">
                {open.map((r) => (
                  <RequestItem key={r.id} productionId={productionId} request={r} decides={decides} decided={reload} nameOf={nameOf} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="answered-requests">
            <h2 id="answered-requests">Answered</h2>
            {answered.length === 0 ? (
              <p>None yet.</p>
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
