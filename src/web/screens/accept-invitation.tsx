import { Trans, useTranslation } from 'react-i18next';
import { api, type InvitationPreview } from '../api.js';
import { Field, Form, SubmitButton, isPin, minPasswordLength, secret, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { intlLocale, t } from '../i18n.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';

type AcceptBody = Parameters<typeof api.acceptInvitation>[1];

function check(body: AcceptBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.name) invalid.name = t('auth.check.crewName');
  if (body.password.length < minPasswordLength) invalid.password = t('auth.check.passwordLength', { min: minPasswordLength });
  if (!isPin(body.pin)) invalid.pin = t('auth.check.pin');
  return invalid;
}

function AcceptForm({ code, invitation }: { code: string; invitation: InvitationPreview | null }) {
  const { t } = useTranslation();
  const session = useSession();
  const submit = useSubmit((body: AcceptBody, options) => api.acceptInvitation(code, body, options));

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const done = await submit.run({ name: text(form, 'name'), password: secret(form, 'password'), pin: secret(form, 'pin') }, check);
    if (!done) return;
    const me = await session.refresh();
    // A new account holds exactly the one membership its invitation made.
    const joined = me?.memberships.find((m) => m.productionId === done.data.productionId) ?? me?.memberships[0];
    if (joined) session.go(`/productions/${encodeURIComponent(joined.productionId)}`, t('auth.invite.welcomeTo', { production: joined.productionName, name: done.data.user.name }));
    else session.go('/', t('auth.invite.welcome', { name: done.data.user.name }));
  }

  return (
    <Form label={t('auth.invite.form')} problem={submit.problem} fields={['name', 'password', 'pin']} onSubmit={(f) => void onSubmit(f)}>
      <Field name="name" label={t('auth.fields.yourName')} autoComplete="name" defaultValue={invitation?.name} hint={t('auth.invite.nameHint')} />
      <Field name="password" label={t('auth.fields.password')} type="password" autoComplete="new-password" hint={t('auth.fields.passwordHint', { min: minPasswordLength })} />
      <Field name="pin" label={t('auth.fields.pin')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={t('auth.invite.pinHint')} />
      <SubmitButton busy={submit.busy}>{t('auth.invite.submit')}</SubmitButton>
    </Form>
  );
}

export function AcceptInvitationScreen({ code }: { code: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [preview] = useResource(code, () => api.invitation(code));

  if (preview.state === 'loading') {
    return (
      <Page title={t('auth.invite.title')}>
        <p>{t('common.loading')}</p>
      </Page>
    );
  }
  // An invitation that is used, expired or mistyped offers nothing to fill in.
  if (preview.state === 'failed' && preview.problem.status === 404) {
    return (
      <Page title={t('auth.invite.title')}>
        <p className="lead" role="alert">
          {preview.problem.detail}
        </p>
        <p>{t('auth.invite.alreadyJoined')}</p>
        <p>
          <Link className="button button--secondary" href="/sign-in">
            {t('auth.signIn.title')}
          </Link>
        </p>
      </Page>
    );
  }
  // Any other failure (the set Wi-Fi dropped) still lets the person try: accepting reports its own problem.
  const invitation = preview.state === 'ready' ? preview.data.invitation : null;
  const expires = invitation ? new Date(invitation.expiresAt) : null;

  return (
    <Page title={t('auth.invite.title')}>
      {invitation ? (
        <>
          <p className="lead invite-offer">
            <Trans i18nKey="auth.invite.offer" values={{ production: invitation.productionName, roles: rolesText(invitation.roles) }} components={{ b: <strong /> }} />
          </p>
          <p className="hint">
            {expires && !Number.isNaN(expires.getTime())
              ? t('auth.invite.signInWithUntil', { email: invitation.email, until: expires.toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }) })
              : t('auth.invite.signInWith', { email: invitation.email })}
          </p>
        </>
      ) : null}
      {session.me && <p className="aside">{t('auth.invite.signedInAs', { name: session.me.user.name })}</p>}
      <p className="lead">{t('auth.invite.lead')}</p>
      <AcceptForm code={code} invitation={invitation} />
    </Page>
  );
}
