// "Live round found" (F4, F11): anyone on the production reports a live round
// on set. Firearm work stops at once, every firearm is held, and a critical
// concern climbs the ladder. One tap from the armory board and from the
// production's home.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Link } from '../../router.js';
import { useResource } from '../../use-resource.js';
import { armoryPath, firearmName, useArmoryTimes } from '../armory-shared.js';

type Report = Parameters<typeof api.reportLiveRound>[1];

export function LiveRoundScreen({ productionId }: { productionId: string }) {
  const [board] = useResource(`${productionId}/armory`, () => api.armory(productionId));
  const submit = useSubmit((body: Report, options) => api.reportLiveRound(productionId, body, options));
  const [reportedAt, setReportedAt] = useState<string | null>(null);
  const { clock } = useArmoryTimes();
  const done = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (reportedAt) done.current?.focus();
  }, [reportedAt]);
  const firearms = board.state === 'ready' ? board.data.firearms : [];

  async function report(form: HTMLFormElement): Promise<void> {
    const body: Report = { description: text(form, 'description') };
    const location = text(form, 'location');
    const firearmId = text(form, 'firearmId');
    if (location) body.location = location;
    if (firearmId) body.firearmId = firearmId;
    const answer = await submit.run(body, (b): Record<string, string> => (b.description ? {} : { description: 'Say what you found, in a few words' }));
    if (answer) setReportedAt(answer.data.incident.openedAt);
  }

  if (reportedAt) {
    return (
      <section className="panel panel--danger" aria-labelledby="reported-heading">
        <h2 id="reported-heading" ref={done} tabIndex={-1}>
          Live round reported at {clock.format(new Date(reportedAt))}
        </h2>
        <p>Firearm work is stopped and every firearm is on hold (F11). The armorer, the safety advisor and the producer are told, and a critical concern is open.</p>
        <p>
          <strong>Stay by it and keep everyone away until the armorer or the safety advisor takes it.</strong> Do not touch or move it.
        </p>
        <Link className="button button--secondary" href={armoryPath(productionId)}>
          Back to the armory
        </Link>
      </section>
    );
  }

  return (
    <>
      <Link className="back-link" href={armoryPath(productionId)}>
        Armory
      </Link>
      <p className="arm-note arm-live-lead">
        <strong>Do not touch or move it.</strong> Call out “live round”, keep people away, and report it here: firearm work stops at once and every firearm is
        held (F4, F11).
      </p>
      <div className="arm-live-form">
        <Form label="Report a live round" problem={submit.problem} fields={['description', 'location', 'firearmId']} onSubmit={(f) => void report(f)}>
          <TextAreaField
className="prose"             name="description"
            label="What did you find, and how do you know it is live?"
            hint="For example: a round with a bullet and a primer in the dummy box on the cart."
            rows={3}
          />
          <Field name="location" label="Where is it? (optional)" autoComplete="off" hint="For example: props cart, stage 2." />
          <SelectField name="firearmId" label="In or near a firearm? (optional)" defaultValue="">
            <option value="">No firearm</option>
            {firearms.map((f) => (
              <option key={f.id} value={f.id}>
                {firearmName(f)}
              </option>
            ))}
          </SelectField>
          <SubmitButton busy={submit.busy}>Report the live round and stop firearm work</SubmitButton>
        </Form>
      </div>
    </>
  );
}
