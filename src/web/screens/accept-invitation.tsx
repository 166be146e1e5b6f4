import { api } from '../api.js';
import { Field, Form, SubmitButton, isPin, minPasswordLength, secret, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { useSession } from '../session.js';

type AcceptBody = Parameters<typeof api.acceptInvitation>[1];

function check(body: AcceptBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.name) invalid.name = 'Enter your name as the crew knows it.';
  if (body.password.length < minPasswordLength) invalid.password = `Use at least ${minPasswordLength} characters.`;
  if (!isPin(body.pin)) invalid.pin = 'Use 4 to 8 digits.';
  return invalid;
}

export function AcceptInvitationScreen({ code }: { code: string }) {
  const session = useSession();
  const submit = useSubmit((body: AcceptBody, options) => api.acceptInvitation(code, body, options));

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const done = await submit.run({ name: text(form, 'name'), password: secret(form, 'password'), pin: secret(form, 'pin') }, check);
    if (!done) return;
    const me = await session.refresh();
    // A new account holds exactly the one membership its invitation made.
    const joined = me?.memberships.find((m) => m.productionId === done.data.productionId) ?? me?.memberships[0];
    if (joined) session.go(`/productions/${encodeURIComponent(joined.productionId)}`, `Welcome to ${joined.productionName}, ${done.data.user.name}.`);
    else session.go('/', `Welcome, ${done.data.user.name}.`);
  }

  return (
    <Page title="Join your production">
      {session.me && (
        <p className="aside">
          You are signed in as {session.me.user.name}. Accepting this invitation makes a new account and signs you in with it.
        </p>
      )}
      <p className="lead">Choose how you sign in to Setbook, and the PIN you will use to confirm things in person on set.</p>
      <Form label="Accept the invitation" problem={submit.problem} fields={['name', 'password', 'pin']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label="Your name" autoComplete="name" />
        <Field name="password" label="Password" type="password" autoComplete="new-password" hint={`At least ${minPasswordLength} characters.`} />
        <Field
          name="pin"
          label="PIN"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          hint="4 to 8 digits. You type it on the armorer’s tablet to confirm a hand-off or a check you witnessed. Keep it to yourself."
        />
        <SubmitButton busy={submit.busy}>Join the production</SubmitButton>
      </Form>
    </Page>
  );
}
