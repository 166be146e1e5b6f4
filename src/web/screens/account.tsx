import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Field, Form, SubmitButton, isPin, secret, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { t } from '../i18n.js';
import { PushSettings } from '../components/push-settings.js';
import { useSession } from '../session.js';

type PinBody = Parameters<typeof api.setPin>[0];

function check(body: PinBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!isPin(body.pin)) invalid.pin = t('auth.check.pin');
  if (!body.password) invalid.password = t('auth.check.confirmPassword');
  return invalid;
}

export function AccountScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const submit = useSubmit(api.setPin);
  const [saved, setSaved] = useState('');
  const [signOutError, setSignOutError] = useState('');

  async function savePin(form: HTMLFormElement): Promise<void> {
    setSaved('');
    const done = await submit.run({ pin: secret(form, 'pin'), password: secret(form, 'password') }, check);
    if (!done) return;
    form.reset();
    await session.refresh();
    setSaved(t('auth.account.pinSaved'));
  }

  async function signOut(): Promise<void> {
    const problem = await session.signOut();
    setSignOutError(problem ? problem.detail : '');
  }

  const me = session.me;
  if (!me) return null;
  return (
    <Page title={t('auth.account.title')}>
      <p className="lead">
        {me.user.name} · {me.user.email}
      </p>
      <section className="panel" aria-labelledby="pin-heading">
        <h2 id="pin-heading">{t('auth.account.setPin')}</h2>
        <p>{t('auth.account.pinLead')}</p>
        <p>
          <strong>{me.user.hasPin ? t('auth.account.hasPin') : t('auth.account.noPin')}</strong>
        </p>
        <Form label={t('auth.account.setPin')} problem={submit.problem} fields={['pin', 'password']} onSubmit={(f) => void savePin(f)}>
          <Field name="pin" label={t('auth.account.newPin')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={t('auth.account.pinHint')} />
          <Field name="password" label={t('auth.account.yourPassword')} type="password" autoComplete="current-password" />
          <SubmitButton busy={submit.busy}>{t('auth.account.savePin')}</SubmitButton>
        </Form>
        <p className="status status--done" role="status">
          {saved}
        </p>
      </section>
      <PushSettings />
      <section className="panel" aria-labelledby="signout-heading">
        <h2 id="signout-heading">{t('auth.account.signOut')}</h2>
        <p>{t('auth.account.signOutLead')}</p>
        <button type="button" className="button button--secondary" onClick={() => void signOut()}>
          {t('auth.account.signOut')}
        </button>
        <p className="status" role="alert">
          {signOutError}
        </p>
      </section>
    </Page>
  );
}
