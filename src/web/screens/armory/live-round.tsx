// "Live round found" (F4, F11): anyone on the production reports a live round
// on set. Firearm work stops at once, every firearm is held, and a critical
// concern climbs the ladder. One tap from the armory board and from the
// production's home.
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Link } from '../../router.js';
import { useResource } from '../../use-resource.js';
import { armoryPath, firearmName, useArmoryTimes } from '../armory-shared.js';

type Report = Parameters<typeof api.reportLiveRound>[1];

export function LiveRoundScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
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
    const answer = await submit.run(body, (b): Record<string, string> => (b.description ? {} : { description: t('armory.liveRound.descriptionMissing') }));
    if (answer) setReportedAt(answer.data.incident.openedAt);
  }

  if (reportedAt) {
    return (
      <section className="panel panel--danger" aria-labelledby="reported-heading">
        <h2 id="reported-heading" ref={done} tabIndex={-1}>
          {t('armory.liveRound.reportedAt', { time: clock.format(new Date(reportedAt)) })}
        </h2>
        <p>{t('armory.liveRound.stopped')}</p>
        <p>
          <Trans i18nKey="armory.liveRound.stayBy" components={{ b: <strong /> }} />
        </p>
        <Link className="button button--secondary" href={armoryPath(productionId)}>
          {t('armory.liveRound.backToArmory')}
        </Link>
      </section>
    );
  }

  return (
    <>
      <Link className="back-link" href={armoryPath(productionId)}>
        {t('armory.title')}
      </Link>
      <p className="arm-note arm-live-lead">
        <Trans i18nKey="armory.liveRound.lead" components={{ b: <strong /> }} />
      </p>
      <div className="arm-live-form">
        <Form label={t('armory.liveRound.formLabel')} problem={submit.problem} fields={['description', 'location', 'firearmId']} onSubmit={(f) => void report(f)}>
          <TextAreaField className="prose" name="description" label={t('armory.liveRound.description')} hint={t('armory.liveRound.descriptionHint')} rows={3} />
          <Field name="location" label={t('armory.liveRound.location')} autoComplete="off" hint={t('armory.liveRound.locationHint')} />
          <SelectField name="firearmId" label={t('armory.liveRound.firearm')} defaultValue="">
            <option value="">{t('armory.liveRound.noFirearm')}</option>
            {firearms.map((f) => (
              <option key={f.id} value={f.id}>
                {firearmName(f)}
              </option>
            ))}
          </SelectField>
          <SubmitButton busy={submit.busy}>{t('armory.liveRound.submit')}</SubmitButton>
        </Form>
      </div>
    </>
  );
}
