import { useEffect, useRef, useState, type RefObject } from 'react';
import { api, type Invitation, type Role } from '../api.js';
import { Choices, Field, Form, SubmitButton, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { Link } from '../router.js';
import { allRoles, canManageMembers, roleLabels, rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';

type InviteBody = Parameters<typeof api.invite>[1];
/** A member as the crew list shows them, with any role change waiting for its second confirmation. */
export type Member = Extract<Awaited<ReturnType<typeof api.members>>, { ok: true }>['data']['members'][number];

function check(body: InviteBody): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!body.name) invalid.name = 'Enter the person’s name.';
  if (!body.email) invalid.email = 'Enter the person’s email address.';
  if (body.roles.length === 0) invalid.roles = 'Choose at least one role.';
  return invalid;
}

function readInvite(form: HTMLFormElement): InviteBody {
  const roles = new FormData(form).getAll('roles').filter((r): r is Role => typeof r === 'string' && r in roleLabels);
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
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [sent]);

  if (!sent.invitation) {
    return (
      <section className="panel panel--done" aria-labelledby="invite-result">
        <h2 id="invite-result" ref={heading} tabIndex={-1}>
          {sent.name} is on the production
        </h2>
        <p>{sent.name} already has a Setbook account, so no invitation is needed.</p>
      </section>
    );
  }
  return <InviteLinkPanel name={sent.name} invitation={sent.invitation} title={`Invitation for ${sent.name}`} headingRef={heading} />;
}

/**
 * An invitation link to hand over by text or email, with Copy and Share: after
 * inviting someone, and after sending them a new link (the earlier ones stop working).
 */
export function InviteLinkPanel({ name, invitation, title, note, headingRef }: { name: string; invitation: Invitation; title: string; note?: string; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const linkInput = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  const link = inviteLink(invitation.code);
  async function copy(): Promise<void> {
    linkInput.current?.select();
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      // The clipboard API needs HTTPS; a set laptop served over plain HTTP gets the old way.
      setCopied(document.execCommand('copy') ? 'Link copied.' : 'The link is selected: copy it from your keyboard or menu.');
    }
  }
  async function share(): Promise<void> {
    try {
      await navigator.share({ title: 'Setbook invitation', text: `Join the production on Setbook, ${name}:`, url: link });
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
      <p>Send this link to {name} yourself, by text or email. Whoever opens it can join as {name}.</p>
      {note && <p>{note}</p>}
      <div className="field">
        <label htmlFor="invite-link">Invite link</label>
        <input id="invite-link" ref={linkInput} className="link-input" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          Copy link
        </button>
        {'share' in navigator && (
          <button type="button" className="button button--secondary" onClick={() => void share()}>
            Share…
          </button>
        )}
      </div>
      <p className="status" role="status">
        {copied}
      </p>
      {!Number.isNaN(expires.getTime()) && (
        <p className="hint">Valid until {expires.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.</p>
      )}
    </section>
  );
}

function InviteForm({ productionId, onSent }: { productionId: string; onSent: (sent: Sent) => void }) {
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
        Invite someone
      </h2>
      <Form label="Invite someone" problem={submit.problem} fields={['email', 'name', 'roles', 'department']} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label="Name" autoComplete="off" />
        <Field name="email" label="Email" type="email" autoComplete="off" inputMode="email" autoCapitalize="off" />
        <Choices name="roles" legend="Roles" hint="Choose every role this person holds." choices={allRoles.map((role) => ({ value: role, label: roleLabels[role] }))} />
        <Field name="department" label="Department (optional)" autoComplete="off" hint="For example Camera, Props, Stunts." />
        <SubmitButton busy={submit.busy}>Create invitation</SubmitButton>
      </Form>
    </section>
  );
}

export const WAITING_FOR: Record<string, string> = {
  producer: 'the producer',
  safety_advisor: 'the safety advisor',
  'safety_advisor or producer': 'the safety advisor or the producer',
};

/**
 * A change of a deciding role (safety advisor, armorer) waiting for its second
 * confirmation: who must confirm, and for them the button that does.
 */
export function Proposal({ productionId, member, myId, myRoles, onDone }: { productionId: string; member: Member; myId: string; myRoles: readonly Role[]; onDone(): void }) {
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
      <span>
        Waiting for {WAITING_FOR[proposal.waitingFor] ?? proposal.waitingFor} to confirm: {rolesText(proposal.roles)}
      </span>
      {canConfirm && (
        <button type="button" className="button button--secondary" onClick={() => void confirm()}>
          Confirm {rolesText(proposal.roles)}
        </button>
      )}
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

function MemberList({ productionId, members, myId, myRoles, onChange }: { productionId: string; members: Member[]; myId: string; myRoles: readonly Role[]; onChange(): void }) {
  return (
    <ul className="members">
      {members.map((member) => (
        <li key={member.userId} className="member">
          <div className="member-head">
            <Link className="member-name" href={memberPath(productionId, member.userId)}>
              {member.name}
            </Link>
            <span className={`badge badge--${member.status}`}>{member.status === 'active' ? 'Active' : 'Invited'}</span>
          </div>
          <span className="member-roles">{member.roles.length > 0 ? rolesText(member.roles) : 'No role yet'}</span>
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
    <Page title="Members" wide>
      <p className="lead">{mine.productionName}. Tap a name for their roles, contact details and training.</p>
      <p>
        <Link href={`/productions/${enc(productionId)}/training`}>Firearms training on file</Link>
      </p>
      {manager && (
        // On a phone the form sits below a long crew list.
        <a className="jump" href="#invite-heading">
          Invite someone
        </a>
      )}
      <div className={manager ? 'split' : undefined}>
        <section aria-labelledby="people-heading" className="split-main">
          <h2 id="people-heading">People{members.state === 'ready' ? ` (${members.data.members.length})` : ''}</h2>
          {members.state === 'loading' && <p>Loading…</p>}
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
