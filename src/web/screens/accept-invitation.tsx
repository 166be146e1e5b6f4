import { api, type InvitationPreview } from '../api.js';
import { Field, Form, SubmitButton, isPin, minPasswordLength, secret, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';

type AcceptBody = Parameters<typeof api.acceptInvitation>[1];

function check(body: AcceptBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.name) invalid.name = 'Enter your name as the crew knows it.';
  if (body.password.length < minPasswordLength) invalid.password = `Use at least ${minPasswordLength} characters.`;
  if (!isPin(body.pin)) invalid.pin = 'Use 4 to 8 digits.';
  return invalid;
}

function AcceptForm({ code, invitation }: { code: string; invitation: InvitationPreview | null }) {
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
    <Form label="Accept the invitation" problem={submit.problem} fields={['name', 'password', 'pin']} onSubmit={(f) => void onSubmit(f)}>
      <Field name="name" label="Your name" autoComplete="name" defaultValue={invitation?.name} hint="As the crew knows you; you can change it." />
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
  );
}

export function AcceptInvitationScreen({ code }: { code: string }) {
  const session = useSession();
  const [preview] = useResource(code, () => api.invitation(code));

  if (preview.state === 'loading') {
    return (
      <Page title="Join your production">
        <p>Loading…</p>
      </Page>
    );
  }
  // An invitation that is used, expired or mistyped offers nothing to fill in.
  if (preview.state === 'failed' && preview.problem.status === 404) {
    return (
      <Page title="Join your production">
        <p className="lead" role="alert">
          {preview.problem.detail}
        </p>
        <p>If you already joined with this link, sign in instead.</p>
        <p>
          <Link className="button button--secondary" href="/sign-in">
            Sign in
          </Link>
        </p>
      </Page>
    );
  }
  // Any other failure (the set Wi-Fi dropped) still lets the person try: accepting reports its own problem.
  const invitation = preview.state === 'ready' ? preview.data.invitation : null;
  const expires = invitation ? new Date(invitation.expiresAt) : null;

  return (
    <Page title="Join your production">
      {invitation ? (
        <>
          <p className="lead invite-offer">
            Join <strong>{invitation.productionName}</strong> as <strong>{rolesText(invitation.roles)}</strong>.
          </p>
          <p className="hint">
            You will sign in with {invitation.email}
            {expires && !Number.isNaN(expires.getTime())
              ? `. This invitation is valid until ${expires.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.`
              : '.'}
          </p>
        </>
      ) : null}
      {session.me && (
        <p className="aside">
          You are signed in as {session.me.user.name}. Accepting this invitation makes a new account and signs you in with it.
        </p>
      )}
      <p className="lead">Choose how you sign in to Setbook, and the PIN you will use to confirm things in person on set.</p>
      <AcceptForm code={code} invitation={invitation} />
    </Page>
  );
}
