// One person on the production, managed from a phone: their roles (a change of
// the safety advisor or armorer role waits for the second of the producer and
// the safety advisor), their phone and emergency contact, their firearms
// training, a new invitation link while they have not joined, and removal with
// a confirmation. Each act is offered only when its rule can pass, and says why otherwise.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { decidingChanges, mayEditContact, removalDecision, roleChange } from '../../../domain/identity/grants.js';
import { api, type Invitation, type Role } from '../../api.js';
import { Field, Form, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { allRoles, canManageMembers, roleLabels, rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { useCrew, type CrewMember } from '../armory-shared.js';
import { InviteLinkPanel, Proposal, WAITING_FOR } from '../members.js';
import { canRecordTraining, RecordTrainingForm, TrainingList } from './training.js';

const membersPath = (productionId: string) => `/productions/${encodeURIComponent(productionId)}/members`;

interface Me {
  userId: string;
  roles: readonly Role[];
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** What saving a role change will do, said before it is saved: the same rule the server decides with. */
function changeText(member: CrewMember, roles: readonly Role[], me: Me, people: readonly CrewMember[]): string | null {
  if (sameRoles(member.roles, roles) || roles.length === 0) return null;
  const change = roleChange({
    caller: me,
    before: member.roles,
    after: roles,
    advisors: people.filter((m) => m.roles.includes('safety_advisor')).map((m) => m.userId),
    proposal: member.proposal ? { roles: member.proposal.roles, by: member.proposal.proposedBy, byRoles: people.find((m) => m.userId === member.proposal?.proposedBy)?.roles ?? [] } : null,
  });
  if ('allowed' in change) return change.reason;
  const deciding = decidingChanges(member.roles, roles).map((r) => roleLabels[r as Role]);
  if (change.kind === 'propose') {
    const other = me.roles.includes('producer') ? 'the safety advisor' : 'the producer';
    return `${deciding.join(' and ')}: this change waits for ${other} to confirm it. Until then ${member.name} keeps the roles they have.`;
  }
  if (change.kind === 'confirm') return `This confirms the change already proposed: it takes effect at once.`;
  if (change.kind === 'unconfirmed') return `${deciding.join(' and ')}: the production has no safety advisor yet, so you grant it alone. It is recorded and alerted.`;
  return null;
}

function RolesForm({ productionId, member, me, people, saved }: { productionId: string; member: CrewMember; me: Me; people: readonly CrewMember[]; saved: (said: string) => void }) {
  const submit = useSubmit((body: Parameters<typeof api.updateMember>[2]) => api.updateMember(productionId, member.userId, body));
  const [roles, setRoles] = useState<Role[]>(member.proposal?.roles ?? member.roles);
  const manager = canManageMembers(me.roles);
  const said = changeText(member, roles, me, people);
  function toggle(role: Role, on: boolean): void {
    setRoles((list) => (on ? allRoles.filter((r) => r === role || list.includes(r)) : list.filter((r) => r !== role)));
  }
  async function save(form: HTMLFormElement): Promise<void> {
    const department = text(form, 'department') || null;
    const body: Parameters<typeof api.updateMember>[2] = {};
    if (!sameRoles(member.roles, roles) || member.proposal) body.roles = roles;
    if (manager && department !== member.department) body.department = department;
    const answer = await submit.run(body, (b): Record<string, string> => {
      if (b.roles && b.roles.length === 0) return { roles: 'Choose at least one role' };
      if (!b.roles && b.department === undefined) return { roles: 'Nothing changed' };
      return {};
    });
    if (!answer) return;
    const waiting = answer.data.proposal;
    saved(
      waiting
        ? `Proposed: ${rolesText(waiting.roles)} for ${member.name}. Waiting for ${WAITING_FOR[waiting.waitingFor] ?? waiting.waitingFor} to confirm.`
        : `${member.name} is now ${rolesText(answer.data.member.roles)}.`,
    );
  }
  return (
    <Form label="Roles and department" problem={submit.problem} fields={['roles', 'department']} onSubmit={(f) => void save(f)}>
      <fieldset className={`choices people-roles${submit.problem?.fields.roles ? ' field--invalid' : ''}`} aria-describedby="roles-said">
        <legend>Roles {member.name} holds</legend>
        <div className="choices-grid">
          {allRoles.map((role) => (
            <label key={role} className="choice">
              <input type="checkbox" name="roles" value={role} checked={roles.includes(role)} onChange={(e) => toggle(role, e.currentTarget.checked)} />
              <span>{roleLabels[role]}</span>
            </label>
          ))}
        </div>
        {submit.problem?.fields.roles && <p className="field-error">{submit.problem.fields.roles}</p>}
      </fieldset>
      <p id="roles-said" className="hint" aria-live="polite">
        {said ?? ''}
      </p>
      {manager && <Field name="department" label="Department (optional)" autoComplete="off" defaultValue={member.department ?? ''} hint="For example Camera, Props, Stunts." />}
      <SubmitButton busy={submit.busy}>Save roles</SubmitButton>
    </Form>
  );
}

function ContactForm({ productionId, member, saved }: { productionId: string; member: CrewMember; saved: (said: string) => void }) {
  const submit = useSubmit((body: Parameters<typeof api.setContact>[2], options) => api.setContact(productionId, member.userId, body, options));
  async function save(form: HTMLFormElement): Promise<void> {
    const body = { phone: text(form, 'phone') || null, emergencyContact: text(form, 'emergencyContact') || null };
    const answer = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (typeof b.phone === 'string' && b.phone.length < 3) invalid.phone = 'Give a phone number, or leave it empty';
      if (typeof b.emergencyContact === 'string' && b.emergencyContact.length < 3) invalid.emergencyContact = 'Give a name and a number, or leave it empty';
      return invalid;
    });
    if (answer) saved(`Contact details saved for ${member.name}. The ledger records that they changed, never the numbers.`);
  }
  return (
    <Form label="Contact details" problem={submit.problem} fields={['phone', 'emergencyContact']} onSubmit={(f) => void save(f)}>
      <Field name="phone" label="Phone" type="tel" inputMode="tel" autoComplete="off" defaultValue={member.phone ?? ''} hint="How the production reaches them on set." />
      <Field
        name="emergencyContact"
        label="Emergency contact"
        autoComplete="off"
        defaultValue={member.emergencyContact ?? ''}
        hint="A name and a number to call if they are hurt. Seen by them, the producer, the UPM, the 1st AD, the safety advisor and the medic."
      />
      <SubmitButton busy={submit.busy}>Save contact details</SubmitButton>
    </Form>
  );
}

function ResendInvitation({ productionId, member }: { productionId: string; member: CrewMember }) {
  const submit = useSubmit((_: null, options) => api.resendInvitation(productionId, member.userId, options));
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (invitation) heading.current?.focus();
  }, [invitation]);
  async function resend(): Promise<void> {
    const answer = await submit.run(null);
    if (answer) setInvitation(answer.data.invitation);
  }
  return (
    <section className="panel" aria-labelledby="resend-heading">
      <h2 id="resend-heading">Invitation</h2>
      <p>{member.name} has not joined yet. A new link replaces the earlier ones: they stop working.</p>
      <Form label="New invitation link" problem={submit.problem} fields={[]} onSubmit={() => void resend()}>
        <SubmitButton busy={submit.busy}>Send a new invitation link</SubmitButton>
      </Form>
      {invitation && (
        <InviteLinkPanel name={member.name} invitation={invitation} title={`New invitation link for ${member.name}`} note="The earlier links no longer work." headingRef={heading} />
      )}
    </section>
  );
}

function Removal({ productionId, member, people }: { productionId: string; member: CrewMember; people: readonly CrewMember[] }) {
  const { go, membership } = useSession();
  const [asking, setAsking] = useState(false);
  const submit = useSubmit((_: null, options) => api.removeMember(productionId, member.userId, options));
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const producers = people.filter((m) => m.roles.includes('producer')).map((m) => m.userId);
  const rule = removalDecision(member.roles, producers, member.userId);
  const production = membership(productionId)?.productionName ?? 'the production';
  async function remove(): Promise<void> {
    const answer = await submit.run(null);
    if (answer) go(membersPath(productionId), `${member.name} is removed from ${production}. Everything they did stays in the ledger.`);
  }
  return (
    <section className="panel" aria-labelledby="remove-heading">
      <h2 id="remove-heading">Remove from the production</h2>
      {!rule.allowed ? (
        <p>
          <span className="rule">{rule.rule}</span> {rule.reason}
        </p>
      ) : !asking ? (
        <button type="button" className="button button--secondary people-remove" onClick={() => setAsking(true)}>
          Remove {member.name}…
        </button>
      ) : (
        <div className="people-confirm">
          <h3 ref={question} tabIndex={-1}>
            Remove {member.name} from {production}?
          </h3>
          <p>They lose access at once. Everything they did stays in the ledger.</p>
          <Form label={`Remove ${member.name}`} problem={submit.problem} fields={[]} onSubmit={() => void remove()}>
            <SubmitButton busy={submit.busy}>Yes, remove {member.name}</SubmitButton>
          </Form>
          <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
            Keep {member.name}
          </button>
        </div>
      )}
    </section>
  );
}

export function MemberScreen({ productionId, userId }: { productionId: string; userId: string }) {
  const { membership, me, announce } = useSession();
  const mine = membership(productionId);
  const { members, people, nameOf, reload } = useCrew(productionId);
  const [trainings, reloadTrainings] = useResource(`${productionId}/trainings`, () => api.trainings(productionId));
  const [round, setRound] = useState(0);
  const back = (
    <Link className="back-link" href={membersPath(productionId)}>
      Members
    </Link>
  );
  const waiting = (body: ReactNode) => (
    <Page title="Crew member">
      {back}
      {body}
    </Page>
  );
  if (!mine || !me) return null;
  if (members.state === 'loading') return waiting(<p>Loading…</p>);
  if (members.state === 'failed') return waiting(<p role="alert">{members.problem.detail}</p>);
  const member = people.find((m) => m.userId === userId);
  if (!member) return waiting(<p>This person is not on the production.</p>);
  const myself: Me = { userId: me.user.id, roles: mine.roles };
  const manager = canManageMembers(mine.roles);
  const changesRoles = manager || mine.roles.includes('safety_advisor');
  const editsContact = mayEditContact(me.user.id, mine.roles, userId).allowed;
  const records = trainings.state === 'ready' ? trainings.data.trainings.filter((t) => t.userId === userId) : [];

  function saved(said: string): void {
    announce(said);
    reload();
    setRound((n) => n + 1);
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }

  return (
    <Page title={member.name}>
      {back}
      <section className="panel people-card" aria-label={`About ${member.name}`}>
        <div className="member-head">
          <p className="member-roles">
            {member.roles.length > 0 ? rolesText(member.roles) : 'No role yet'}
            {member.department && <span className="member-dept"> · {member.department}</span>}
          </p>
          <span className={`badge badge--${member.status}`}>{member.status === 'active' ? 'Active' : 'Invited'}</span>
        </div>
        <Proposal productionId={productionId} member={member} myId={me.user.id} myRoles={mine.roles} onDone={reload} />
        <dl className="facts facts--stacked">
          <div>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${member.email}`}>{member.email}</a>
            </dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{member.phone ? <a href={`tel:${member.phone.replace(/[^\d+]/g, '')}`}>{member.phone}</a> : 'Not given'}</dd>
          </div>
          <div>
            <dt>Emergency contact</dt>
            <dd>{member.emergencyContact ?? (editsContact || userId === me.user.id ? 'Not given' : 'Seen only by them and by the people who act when someone is hurt')}</dd>
          </div>
          <div>
            <dt>Firearms training</dt>
            <dd>{records.length > 0 ? <TrainingList trainings={records} nameOf={nameOf} /> : 'None on file'}</dd>
          </div>
        </dl>
      </section>
      {changesRoles && (
        <section className="panel" aria-labelledby="roles-heading">
          <h2 id="roles-heading">Roles and department</h2>
          <RolesForm key={`roles-${round}-${member.roles.join()}-${member.proposal?.roles.join() ?? ''}`} productionId={productionId} member={member} me={myself} people={people} saved={saved} />
        </section>
      )}
      {editsContact && (
        <section className="panel" aria-labelledby="contact-heading">
          <h2 id="contact-heading">Contact details</h2>
          <ContactForm key={`contact-${round}`} productionId={productionId} member={member} saved={saved} />
        </section>
      )}
      {canRecordTraining(mine.roles) && (
        <section className="panel" aria-labelledby="training-heading">
          <h2 id="training-heading">Record firearms training</h2>
          <RecordTrainingForm
            productionId={productionId}
            people={people}
            userId={userId}
            recorded={() => {
              reloadTrainings();
              setRound((n) => n + 1);
            }}
          />
        </section>
      )}
      {manager && member.status === 'invited' && <ResendInvitation productionId={productionId} member={member} />}
      {manager && userId !== me.user.id && <Removal productionId={productionId} member={member} people={people} />}
    </Page>
  );
}
