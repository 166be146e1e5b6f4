import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Field, Form, SubmitButton, secret, text, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { useSession } from '../session.js';

type LoginBody = Parameters<typeof api.login>[0];

function check(body: LoginBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.email) invalid.email = t('auth.check.email');
  if (!body.password) invalid.password = t('auth.check.password');
  return invalid;
}

export function SignInScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const submit = useSubmit(api.login);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const done = await submit.run({ email: text(form, 'email'), password: secret(form, 'password') }, check);
    // Once signed in, the router sends the person on to where they were going.
    if (done) await session.refresh();
  }

  return (
    <Page title={t('auth.signIn.title')}>
      <Form label={t('auth.signIn.title')} problem={submit.problem} fields={['email', 'password']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="email" label={t('auth.fields.email')} type="email" autoComplete="username" inputMode="email" autoCapitalize="off" />
        <Field name="password" label={t('auth.fields.password')} type="password" autoComplete="current-password" />
        <SubmitButton busy={submit.busy}>{t('auth.signIn.submit')}</SubmitButton>
      </Form>
      <p className="aside">{t('auth.signIn.newHere')}</p>
    </Page>
  );
}
