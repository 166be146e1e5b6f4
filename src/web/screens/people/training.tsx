// Firearms safety training on file (F12, F1): who has it, since when, who
// recorded it, and who does not (a performer without it cannot receive a
// firearm; an armorer without it cannot be the armorer of the day). The safety
// advisor, the armorer or the producer records it.
import { api, type Role } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { dayText, memberPath, todayIn, useArmoryTimes, useCrew, type CrewMember, type Training } from '../armory-shared.js';
import { useResource } from '../../use-resource.js';

type NewTraining = Parameters<typeof api.recordTraining>[1];

export const canRecordTraining = (roles: readonly Role[]) => roles.some((r) => r === 'safety_advisor' || r === 'armorer' || r === 'producer');

/** What missing training stops, for the roles that need it. */
function missingMeans(member: CrewMember): string | null {
  if (member.roles.includes('armorer')) return 'cannot be the armorer of the day (F1)';
  if (member.roles.includes('performer')) return 'cannot receive a firearm (F12)';
  return null;
}

export function RecordTrainingForm({ productionId, people, userId, recorded }: { productionId: string; people: readonly CrewMember[]; userId?: string; recorded: () => void }) {
  const submit = useSubmit((body: NewTraining, options) => api.recordTraining(productionId, body, options));
  const { announce } = useSession();
  const { zone } = useArmoryTimes();
  const today = todayIn(zone);
  const nameOf = (id: string) => people.find((m) => m.userId === id)?.name ?? 'them';
  async function record(form: HTMLFormElement): Promise<void> {
    const body: NewTraining = { userId: userId ?? text(form, 'userId'), course: 'firearms_safety', completedOn: text(form, 'completedOn') };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.userId) invalid.userId = 'Choose the person';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(b.completedOn)) invalid.completedOn = 'Give the day the course was completed';
      else if (b.completedOn > today) invalid.completedOn = 'The course must be completed already';
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(`Firearms safety training recorded for ${nameOf(body.userId)}, completed ${dayText(body.completedOn)}.`);
    recorded();
  }
  return (
    <Form label="Record firearms training" problem={submit.problem} fields={['userId', 'completedOn']} onSubmit={(f) => void record(f)}>
      {!userId && (
        <SelectField name="userId" label="Person" defaultValue="">
          <option value="">Choose…</option>
          {people.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({rolesText(m.roles)})
            </option>
          ))}
        </SelectField>
      )}
      <Field name="completedOn" label="Firearms safety course completed on" type="date" max={today} />
      <SubmitButton busy={submit.busy}>Record training</SubmitButton>
    </Form>
  );
}

/** One person's records, newest first. */
export function TrainingList({ trainings, nameOf }: { trainings: readonly Training[]; nameOf: (userId: string) => string }) {
  return (
    <ul className="people-training">
      {trainings.map((t) => (
        <li key={t.id}>
          Firearms safety, completed <strong>{dayText(t.completedOn)}</strong>
          <span className="arm-sub"> recorded by {nameOf(t.recordedBy)}</span>
        </li>
      ))}
    </ul>
  );
}

export function TrainingScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const { members, people, nameOf } = useCrew(productionId);
  const [trainings, reload] = useResource(`${productionId}/trainings`, () => api.trainings(productionId));
  if (members.state === 'loading' || trainings.state === 'loading') return <p>Loading…</p>;
  if (members.state === 'failed') return <p role="alert">{members.problem.detail}</p>;
  if (trainings.state === 'failed') return <p role="alert">{trainings.problem.detail}</p>;
  const records = trainings.data.trainings;
  const onFile = people.filter((m) => records.some((t) => t.userId === m.userId));
  const without = people.filter((m) => !records.some((t) => t.userId === m.userId));
  return (
    <>
      <p className="lead">Firearms safety training, per person. Performers need it to receive a firearm (F12); the armorer of the day needs it (F1).</p>
      {canRecordTraining(roles) && (
        <section className="panel" aria-labelledby="record-training">
          <h2 id="record-training">Record training</h2>
          <RecordTrainingForm productionId={productionId} people={people} recorded={reload} />
        </section>
      )}
      <section aria-labelledby="without-training">
        <h2 id="without-training">No training on file ({without.length})</h2>
        {without.length === 0 ? (
          <p>Everyone on the production has firearms safety training on file.</p>
        ) : (
          <ul className="people-list">
            {without.map((m) => (
              <li key={m.userId} className={missingMeans(m) ? 'people-item people-item--missing' : 'people-item'}>
                <Link href={memberPath(productionId, m.userId)}>{m.name}</Link> <span className="arm-sub">{rolesText(m.roles)}</span>
                {missingMeans(m) && <span className="people-warning"> · {missingMeans(m)}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="with-training">
        <h2 id="with-training">On file ({onFile.length})</h2>
        {onFile.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul className="people-list">
            {onFile.map((m) => (
              <li key={m.userId} className="people-item">
                <Link href={memberPath(productionId, m.userId)}>{m.name}</Link> <span className="arm-sub">{rolesText(m.roles)}</span>
                <TrainingList trainings={records.filter((t) => t.userId === m.userId)} nameOf={nameOf} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
