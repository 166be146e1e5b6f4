import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Field, Form, SelectField, SubmitButton, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';

export function ProductionListScreen() {
  const { t } = useTranslation();
  const { me } = useSession();
  const memberships = me?.memberships ?? [];
  return (
    <Page title={t('productions.list.title')}>
      {memberships.length === 0 ? (
        <p className="lead">{t('productions.list.none')}</p>
      ) : (
        <ul className="cards">
          {memberships.map((m) => (
            <li key={m.productionId} className="card">
              <Link className="card-link" href={`/productions/${encodeURIComponent(m.productionId)}`}>
                <span className="card-title">{m.productionName}</span>
                <span className="card-sub">{rolesText(m.roles)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link className="button button--secondary" href="/productions/new">
          {t('productions.list.new')}
        </Link>
      </p>
    </Page>
  );
}

function browserTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function timezones(current: string): string[] {
  const all = Intl.supportedValuesOf('timeZone');
  return all.includes(current) ? all : [current, ...all];
}

type ProductionBody = Parameters<typeof api.createProduction>[0];

function check(body: ProductionBody): Record<string, string> {
  return body.name ? {} : { name: t('productions.create.nameMissing') };
}

export function CreateProductionScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const submit = useSubmit(api.createProduction);
  const defaultZone = useMemo(browserTimezone, []);
  const zones = useMemo(() => timezones(defaultZone), [defaultZone]);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const done = await submit.run({ name: text(form, 'name'), timezone: text(form, 'timezone') }, check);
    if (!done) return;
    await session.refresh();
    session.go(`/productions/${encodeURIComponent(done.data.production.id)}`, t('productions.create.done', { name: done.data.production.name }));
  }

  return (
    <Page title={t('productions.create.title')}>
      <p className="lead">{t('productions.create.lead')}</p>
      <Form label={t('productions.create.title')} problem={submit.problem} fields={['name', 'timezone']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label={t('productions.create.name')} autoComplete="off" />
        <SelectField name="timezone" label={t('productions.timeZone')} hint={t('productions.create.timeZoneHint')} defaultValue={defaultZone}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>{t('productions.create.submit')}</SubmitButton>
      </Form>
    </Page>
  );
}
