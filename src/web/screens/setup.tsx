import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Field, Form, SubmitButton, minPasswordLength, secret, text, useSubmit } from '../components/form.js';
import { useSession } from '../session.js';

type SetupBody = Parameters<typeof api.setup>[0];

function check(body: SetupBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.setupToken) invalid.setupToken = 'Enter the setup token printed when the server first started.';
  if (!body.name) invalid.name = 'Enter your name.';
  if (!body.email) invalid.email = 'Enter your email address.';
  if (body.password.length < minPasswordLength) invalid.password = `Use at least ${minPasswordLength} characters.`;
  return invalid;
}

/** First run: the person holding the setup token creates the first account. */
export function SetupScreen() {
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
    session.announce(`Welcome, ${done.data.user.name}. Setbook is set up.`);
    await session.refresh();
  }

  return (
    <Page title="Set up Setbook">
      <p className="lead">
        This server has no accounts yet. Create the first one with the setup token printed in the server log when it first started.
      </p>
      <Form label="Set up Setbook" problem={submit.problem} fields={['setupToken', 'name', 'email', 'password']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="setupToken" label="Setup token" autoComplete="off" autoCapitalize="off" spellCheck={false} />
        <Field name="name" label="Your name" autoComplete="name" />
        <Field name="email" label="Email" type="email" autoComplete="email" inputMode="email" />
        <Field name="password" label="Password" type="password" autoComplete="new-password" hint={`At least ${minPasswordLength} characters.`} />
        <SubmitButton busy={submit.busy}>Create the first account</SubmitButton>
      </Form>
    </Page>
  );
}
