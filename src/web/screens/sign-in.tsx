import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Field, Form, SubmitButton, secret, text, useSubmit } from '../components/form.js';
import { useSession } from '../session.js';

type LoginBody = Parameters<typeof api.login>[0];

function check(body: LoginBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.email) invalid.email = 'Enter your email address.';
  if (!body.password) invalid.password = 'Enter your password.';
  return invalid;
}

export function SignInScreen() {
  const session = useSession();
  const submit = useSubmit(api.login);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const done = await submit.run({ email: text(form, 'email'), password: secret(form, 'password') }, check);
    // Once signed in, the router sends the person on to where they were going.
    if (done) await session.refresh();
  }

  return (
    <Page title="Sign in">
      <Form label="Sign in" problem={submit.problem} fields={['email', 'password']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="email" label="Email" type="email" autoComplete="username" inputMode="email" autoCapitalize="off" />
        <Field name="password" label="Password" type="password" autoComplete="current-password" />
        <SubmitButton busy={submit.busy}>Sign in</SubmitButton>
      </Form>
      <p className="aside">New on this production? Open the invitation link your producer or UPM sent you.</p>
    </Page>
  );
}
