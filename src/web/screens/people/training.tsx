// Firearms safety training on file (F12, F1): who has it, since when, who
// recorded it, and who does not (a performer without it cannot receive a
// firearm; an armorer without it cannot be the armorer of the day). The safety
// advisor, the armorer or the producer records it.
import { Trans, useTranslation } from 'react-i18next';
import { api, type Role } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, text, useSubmit } from '../../components/form.js';
import { t } from '../../i18n.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { dayText, memberPath, todayIn, useArmoryTimes, useCrew, type CrewMember, type Training } from '../armory-shared.js';
import { useResource } from '../../use-resource.js';

type NewTraining = Parameters<typeof api.recordTraining>[1];

export const canRecordTraining = (roles: readonly Role[]) => roles.some((r) => r === 'safety_advisor' || r === 'armorer' || r === 'producer');

/** What missing training stops, for the roles that need it. */
function missingMeans(member: CrewMember): string | null {
  if (member.roles.includes('armorer')) return t('productions.training.missingArmorer');
  if (member.roles.includes('performer')) return t('productions.training.missingPerformer');
  return null;
}

export function RecordTrainingForm({ productionId, people, userId, recorded }: { productionId: string; people: readonly CrewMember[]; userId?: string; recorded: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit((body: NewTraining, options) => api.recordTraining(productionId, body, options));
  const { announce } = useSession();
  const { zone } = useArmoryTimes();
  const today = todayIn(zone);
  const nameOf = (id: string) => people.find((m) => m.userId === id)?.name ?? t('productions.training.them');
  async function record(form: HTMLFormElement): Promise<void> {
    const body: NewTraining = { userId: userId ?? text(form, 'userId'), course: 'firearms_safety', completedOn: text(form, 'completedOn') };
    const done = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (!b.userId) invalid.userId = t('productions.training.check.person');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(b.completedOn)) invalid.completedOn = t('productions.training.check.day');
      else if (b.completedOn > today) invalid.completedOn = t('productions.training.check.future');
      return invalid;
    });
    if (!done) return;
    form.reset();
    announce(t('productions.training.recorded', { name: nameOf(body.userId), day: dayText(body.completedOn) }));
    recorded();
  }
  return (
    <Form label={t('productions.training.recordFirearms')} problem={submit.problem} fields={['userId', 'completedOn']} onSubmit={(f) => void record(f)}>
      {!userId && (
        <SelectField name="userId" label={t('productions.training.person')} defaultValue="">
          <option value="">{t('common.choose')}</option>
          {people.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({rolesText(m.roles)})
            </option>
          ))}
        </SelectField>
      )}
      <Field name="completedOn" label={t('productions.training.completedOn')} type="date" max={today} />
      <SubmitButton busy={submit.busy}>{t('productions.training.record')}</SubmitButton>
    </Form>
  );
}

/** One person's records, newest first. */
export function TrainingList({ trainings, nameOf }: { trainings: readonly Training[]; nameOf: (userId: string) => string }) {
  const { t } = useTranslation();
  return (
    <ul className="people-training">
      {trainings.map((training) => (
        <li key={training.id}>
          <Trans i18nKey="productions.training.completed" values={{ day: dayText(training.completedOn) }} components={{ b: <strong /> }} />
          <span className="arm-sub"> {t('productions.training.recordedBy', { name: nameOf(training.recordedBy) })}</span>
        </li>
      ))}
    </ul>
  );
}

export function TrainingScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const { members, people, nameOf } = useCrew(productionId);
  const [trainings, reload] = useResource(`${productionId}/trainings`, () => api.trainings(productionId));
  if (members.state === 'loading' || trainings.state === 'loading') return <p>{t('common.loading')}</p>;
  if (members.state === 'failed') return <p role="alert">{members.problem.detail}</p>;
  if (trainings.state === 'failed') return <p role="alert">{trainings.problem.detail}</p>;
  const records = trainings.data.trainings;
  const onFile = people.filter((m) => records.some((t) => t.userId === m.userId));
  const without = people.filter((m) => !records.some((t) => t.userId === m.userId));
  return (
    <>
      <p className="lead">{t('productions.training.lead')}</p>
      {canRecordTraining(roles) && (
        <section className="panel" aria-labelledby="record-training">
          <h2 id="record-training">{t('productions.training.record')}</h2>
          <RecordTrainingForm productionId={productionId} people={people} recorded={reload} />
        </section>
      )}
      <section aria-labelledby="without-training">
        <h2 id="without-training">{t('productions.training.without', { n: without.length })}</h2>
        {without.length === 0 ? (
          <p>{t('productions.training.everyone')}</p>
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
        <h2 id="with-training">{t('productions.training.onFile', { n: onFile.length })}</h2>
        {onFile.length === 0 ? (
          <p>{t('common.noneYet')}</p>
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
