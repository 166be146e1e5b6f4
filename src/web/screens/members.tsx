import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Invitation, type Role } from '../api.js';
import { Choices, Field, Form, SubmitButton, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { intlLocale, t } from '../i18n.js';
import { Link } from '../router.js';
import { allRoles, canManageMembers, roleLabel, rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';

type InviteBody = Parameters<typeof api.invite>[1];
/** A member as the crew list shows them, with any role change waiting for its second confirmation. */
export type Member = Extract<Awaited<ReturnType<typeof api.members>>, { ok: true }>['data']['members'][number];

function check(body: InviteBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.name) invalid.name = t('productions.members.check.name');
  if (!body.email) invalid.email = t('productions.members.check.email');
  if (body.roles.length === 0) invalid.roles = t('productions.members.check.roles');
  return invalid;
}

function readInvite(form: HTMLFormElement): InviteBody {
  const roles = new FormData(form).getAll('roles').filter((r): r is Role => typeof r === 'string' && allRoles.includes(r as Role));
  const body: InviteBody = { email: text(form, 'email'), name: text(form, 'name'), roles };
  const department = text(form, 'department');
  if (department) body.department = department;
  return body;
}

interface Sent {
  name: string;
  invitation: Invitation | null;
}

const enc = encodeURIComponent;
const memberPath = (productionId: string, userId: string) => `/productions/${enc(productionId)}/members/${enc(userId)}`;

function inviteLink(code: string): string {
  return `${location.origin}/invite/${encodeURIComponent(code)}`;
}

function InviteResult({ sent }: { sent: Sent }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [sent]);

  if (!sent.invitation) {
    return (
      <section className="panel panel--done" aria-labelledby="invite-result">
        <h2 id="invite-result" ref={heading} tabIndex={-1}>
          {t('productions.members.onProduction', { name: sent.name })}
        </h2>
        <p>{t('productions.members.hasAccount', { name: sent.name })}</p>
      </section>
    );
  }
  return <InviteLinkPanel name={sent.name} invitation={sent.invitation} title={t('productions.members.invitationFor', { name: sent.name })} headingRef={heading} />;
}

/**
 * An invitation link to hand over by text or email, with Copy and Share: after
 * inviting someone, and after sending them a new link (the earlier ones stop working).
 */
export function InviteLinkPanel({ name, invitation, title, note, headingRef }: { name: string; invitation: Invitation; title: string; note?: string; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const linkInput = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  const link = inviteLink(invitation.code);
  async function copy(): Promise<void> {
    linkInput.current?.select();
    try {
      await navigator.clipboard.writeText(link);
      setCopied(t('productions.members.copied'));
    } catch {
      // The clipboard API needs HTTPS; a set laptop served over plain HTTP gets the old way.
      setCopied(document.execCommand('copy') ? t('productions.members.copied') : t('productions.members.selected'));
    }
  }
  async function share(): Promise<void> {
    try {
      await navigator.share({ title: t('productions.members.shareTitle'), text: t('productions.members.shareText', { name }), url: link });
    } catch {
      // Closing the share sheet is not an error worth showing.
    }
  }
  const expires = new Date(invitation.expiresAt);

  return (
    <section className="panel panel--done" aria-labelledby="invite-result">
      <h2 id="invite-result" ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <p>{t('productions.members.sendLink', { name })}</p>
      {note && <p>{note}</p>}
      <div className="field">
        <label htmlFor="invite-link">{t('productions.members.inviteLink')}</label>
        <input id="invite-link" ref={linkInput} className="link-input" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {t('productions.members.copy')}
        </button>
        {'share' in navigator && (
          <button type="button" className="button button--secondary" onClick={() => void share()}>
            {t('productions.members.share')}
          </button>
        )}
      </div>
      <p className="status" role="status">
        {copied}
      </p>
      {!Number.isNaN(expires.getTime()) && (
        <p className="hint">{t('productions.members.validUntil', { until: expires.toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
      )}
    </section>
  );
}

function InviteForm({ productionId, onSent }: { productionId: string; onSent: (sent: Sent) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit((body: InviteBody, options) => api.invite(productionId, body, options));

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const body = readInvite(form);
    const done = await submit.run(body, check);
    if (!done) return;
    form.reset();
    onSent({ name: body.name, invitation: done.data.invitation });
  }

  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading" tabIndex={-1}>
        {t('productions.members.invite')}
      </h2>
      <Form label={t('productions.members.invite')} problem={submit.problem} fields={['email', 'name', 'roles', 'department']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label={t('productions.members.name')} autoComplete="off" />
        <Field name="email" label={t('auth.fields.email')} type="email" autoComplete="off" inputMode="email" autoCapitalize="off" />
        <Choices
          name="roles"
          legend={t('productions.members.roles')}
          hint={t('productions.members.rolesHint')}
          choices={allRoles.map((role) => ({ value: role, label: roleLabel(role) }))}
        />
        <Field name="department" label={t('productions.members.department')} autoComplete="off" hint={t('productions.members.departmentHint')} />
        <SubmitButton busy={submit.busy}>{t('productions.members.createInvitation')}</SubmitButton>
      </Form>
    </section>
  );
}

/** Who a role change waits for, as a sentence names them ("the safety advisor"). */
export function waitingForText(waitingFor: string): string {
  if (waitingFor === 'producer') return t('productions.members.waitingFor.producer');
  if (waitingFor === 'safety_advisor') return t('productions.members.waitingFor.safety_advisor');
  if (waitingFor === 'safety_advisor or producer') return t('productions.members.waitingFor.either');
  return waitingFor;
}

/**
 * A change of a deciding role (safety advisor, armorer) waiting for its second
 * confirmation: who must confirm, and for them the button that does.
 */
export function Proposal({ productionId, member, myId, myRoles, onDone }: { productionId: string; member: Member; myId: string; myRoles: readonly Role[]; onDone(): void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const proposal = member.proposal;
  if (!proposal) return null;
  const canConfirm =
    proposal.proposedBy !== myId && (proposal.waitingFor === 'safety_advisor or producer' ? myRoles.some((r) => r === 'producer' || r === 'safety_advisor') : myRoles.includes(proposal.waitingFor as Role));
  async function confirm(): Promise<void> {
    const result = await api.updateMember(productionId, member.userId, { roles: proposal!.roles });
    if (result.ok) onDone();
    else setProblem(result.problem.detail);
  }
  return (
    <div className="member-proposal">
      <span>{t('productions.members.waitingToConfirm', { who: waitingForText(proposal.waitingFor), roles: rolesText(proposal.roles) })}</span>
      {canConfirm && (
        <button type="button" className="button button--secondary" onClick={() => void confirm()}>
          {t('productions.members.confirmRoles', { roles: rolesText(proposal.roles) })}
        </button>
      )}
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

function MemberList({ productionId, members, myId, myRoles, onChange }: { productionId: string; members: Member[]; myId: string; myRoles: readonly Role[]; onChange(): void }) {
  const { t } = useTranslation();
  return (
    <ul className="members">
      {members.map((member) => (
        <li key={member.userId} className="member">
          <div className="member-head">
            <Link className="member-name" href={memberPath(productionId, member.userId)}>
              {member.name}
            </Link>
            <span className={`badge badge--${member.status}`}>{member.status === 'active' ? t('productions.members.active') : t('productions.members.invited')}</span>
          </div>
          <span className="member-roles">{member.roles.length > 0 ? rolesText(member.roles) : t('productions.members.noRole')}</span>
          <Proposal productionId={productionId} member={member} myId={myId} myRoles={myRoles} onDone={onChange} />
          {member.department && <span className="member-dept">{member.department}</span>}
          <span className="member-email">{member.email}</span>
          {member.phone && (
            <a className="member-phone" href={`tel:${member.phone.replace(/[^\d+]/g, '')}`}>
              {member.phone}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

export function MembersScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership, me } = useSession();
  const mine = membership(productionId);
  const [members, reload] = useResource(productionId, () => api.members(productionId));
  const [sent, setSent] = useState<Sent | null>(null);
  if (!mine) return null;
  const manager = canManageMembers(mine.roles);

  function onSent(next: Sent): void {
    setSent(next);
    reload();
  }

  return (
    <Page title={t('productions.members.title')} wide>
      <p className="lead">{t('productions.members.lead', { production: mine.productionName })}</p>
      <p>
        <Link href={`/productions/${enc(productionId)}/training`}>{t('productions.members.trainingLink')}</Link>
      </p>
      {manager && (
        // On a phone the form sits below a long crew list.
        <a className="jump" href="#invite-heading">
          {t('productions.members.invite')}
        </a>
      )}
      <div className={manager ? 'split' : undefined}>
        <section aria-labelledby="people-heading" className="split-main">
          <h2 id="people-heading">{members.state === 'ready' ? t('productions.members.peopleCount', { n: members.data.members.length }) : t('productions.members.people')}</h2>
          {members.state === 'loading' && <p>{t('common.loading')}</p>}
          {members.state === 'failed' && <p role="alert">{members.problem.detail}</p>}
          {members.state === 'ready' && me && (
            <MemberList productionId={productionId} members={members.data.members} myId={me.user.id} myRoles={mine.roles} onChange={reload} />
          )}
        </section>
        {manager && (
          <div className="split-side">
            {sent && <InviteResult sent={sent} />}
            <InviteForm productionId={productionId} onSent={onSent} />
          </div>
        )}
      </div>
    </Page>
  );
}
