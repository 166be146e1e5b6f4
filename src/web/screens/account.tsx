import { useState } from 'react';
import { api } from '../api.js';
import { Field, Form, SubmitButton, isPin, secret, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { useSession } from '../session.js';

type PinBody = Parameters<typeof api.setPin>[0];

function check(body: PinBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!isPin(body.pin)) invalid.pin = 'Use 4 to 8 digits.';
  if (!body.password) invalid.password = 'Enter your password to confirm it is you.';
  return invalid;
}

export function AccountScreen() {
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
    setSaved('Your PIN is saved.');
  }

  async function signOut(): Promise<void> {
    const problem = await session.signOut();
    setSignOutError(problem ? problem.detail : '');
  }

  const me = session.me;
  if (!me) return null;
  return (
    <Page title="Your account">
      <p className="lead">
        {me.user.name} · {me.user.email}
      </p>
      <section className="panel" aria-labelledby="pin-heading">
        <h2 id="pin-heading">Set my PIN</h2>
        <p>Performers and witnesses type their PIN on the armorer’s tablet to confirm what they saw. Choose 4 to 8 digits nobody can guess.</p>
        <p>
          <strong>{me.user.hasPin ? 'You have a PIN. Saving a new one replaces it.' : 'You have not set a PIN yet.'}</strong>
        </p>
        <Form label="Set my PIN" problem={submit.problem} fields={['pin', 'password']} onSubmit={(f) => void savePin(f)}>
          <Field name="pin" label="New PIN" type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint="4 to 8 digits." />
          <Field name="password" label="Your password" type="password" autoComplete="current-password" />
          <SubmitButton busy={submit.busy}>Save PIN</SubmitButton>
        </Form>
        <p className="status status--done" role="status">
          {saved}
        </p>
      </section>
      <section className="panel" aria-labelledby="signout-heading">
        <h2 id="signout-heading">Sign out</h2>
        <p>Sign out on shared tablets and phones.</p>
        <button type="button" className="button button--secondary" onClick={() => void signOut()}>
          Sign out
        </button>
        <p className="status" role="alert">
          {signOutError}
        </p>
      </section>
    </Page>
  );
}
