import { useMemo } from 'react';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Field, Form, SelectField, SubmitButton, text, useSubmit } from '../components/form.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';

export function ProductionListScreen() {
  const { me } = useSession();
  const memberships = me?.memberships ?? [];
  return (
    <Page title="Your productions">
      {memberships.length === 0 ? (
        <p className="lead">You are not on any production yet. Create one, or open the invitation link you were sent.</p>
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
          New production
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
  return body.name ? {} : { name: 'Give the production a name.' };
}

export function CreateProductionScreen() {
  const session = useSession();
  const submit = useSubmit(api.createProduction);
  const defaultZone = useMemo(browserTimezone, []);
  const zones = useMemo(() => timezones(defaultZone), [defaultZone]);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const done = await submit.run({ name: text(form, 'name'), timezone: text(form, 'timezone') }, check);
    if (!done) return;
    await session.refresh();
    session.go(`/productions/${encodeURIComponent(done.data.production.id)}`, `${done.data.production.name} is created. You are its producer.`);
  }

  return (
    <Page title="Create a production">
      <p className="lead">You will be its producer, and can then invite the crew.</p>
      <Form label="Create a production" problem={submit.problem} fields={['name', 'timezone']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label="Production name" autoComplete="off" />
        <SelectField name="timezone" label="Time zone" hint="Where the production shoots: call times and the ledger’s days follow it." defaultValue={defaultZone}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <SubmitButton busy={submit.busy}>Create production</SubmitButton>
      </Form>
    </Page>
  );
}
