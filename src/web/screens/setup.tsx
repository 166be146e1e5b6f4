import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Field, Form, SubmitButton, minPasswordLength, secret, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { useSession } from '../session.js';

type SetupBody = Parameters<typeof api.setup>[0];

function check(body: SetupBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.setupToken) invalid.setupToken = t('auth.check.setupToken');
  if (!body.name) invalid.name = t('auth.check.name');
  if (!body.email) invalid.email = t('auth.check.email');
  if (body.password.length < minPasswordLength) invalid.password = t('auth.check.passwordLength', { min: minPasswordLength });
  return invalid;
}

/** First run: the person holding the setup token creates the first account. */
export function SetupScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const submit = useSubmit(api.setup);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const body = {
      setupToken: text(form, 'setupToken'),
      name: text(form, 'name'),
      email: text(form, 'email'),
      password: secret(form, 'password'),
    };
    const done = await submit.run(body, check);
    if (!done) return;
    // Signed in, setup is over: the router moves on from /setup by itself.
    session.announce(t('auth.setup.done', { name: done.data.user.name }));
    await session.refresh();
  }

  return (
    <Page title={t('auth.setup.title')}>
      <p className="lead">{t('auth.setup.lead')}</p>
      <Form label={t('auth.setup.title')} problem={submit.problem} fields={['setupToken', 'name', 'email', 'password']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="setupToken" label={t('auth.setup.token')} autoComplete="off" autoCapitalize="off" spellCheck={false} />
        <Field name="name" label={t('auth.fields.yourName')} autoComplete="name" />
        <Field name="email" label={t('auth.fields.email')} type="email" autoComplete="email" inputMode="email" />
        <Field name="password" label={t('auth.fields.password')} type="password" autoComplete="new-password" hint={t('auth.fields.passwordHint', { min: minPasswordLength })} />
        <SubmitButton busy={submit.busy}>{t('auth.setup.submit')}</SubmitButton>
      </Form>
    </Page>
  );
}
