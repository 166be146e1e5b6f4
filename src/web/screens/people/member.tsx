// One person on the production, managed from a phone: their roles (a change of
// the safety advisor or armorer role waits for the second of the producer and
// the safety advisor), their phone and emergency contact, their firearms
// training, a new invitation link while they have not joined, and removal with
// a confirmation. Each act is offered only when its rule can pass, and says why otherwise.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { decidingChanges, mayEditContact, removalDecision, roleChange } from '../../../domain/identity/grants.js';
import { api, type Invitation, type Role } from '../../api.js';
import { Field, Form, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { t } from '../../i18n.js';
import { Link } from '../../router.js';
import { allRoles, canManageMembers, roleLabel, rolesText } from '../../roles.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { refusalWords } from '../../refusals.js';
import { useCrew, type CrewMember } from '../armory-shared.js';
import { InviteLinkPanel, Proposal, waitingForText } from '../members.js';
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
  if ('allowed' in change) return refusalWords(change);
  const deciding = decidingChanges(member.roles, roles)
    .map((r) => roleLabel(r as Role))
    .join(t('productions.member.and'));
  if (change.kind === 'propose') {
    const other = waitingForText(me.roles.includes('producer') ? 'safety_advisor' : 'producer');
    return t('productions.member.changeWaits', { roles: deciding, other, name: member.name });
  }
  if (change.kind === 'confirm') return t('productions.member.changeConfirms');
  if (change.kind === 'unconfirmed') return t('productions.member.changeAlone', { roles: deciding });
  return null;
}

function RolesForm({ productionId, member, me, people, saved }: { productionId: string; member: CrewMember; me: Me; people: readonly CrewMember[]; saved: (said: string) => void }) {
  const { t } = useTranslation();
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
      if (b.roles && b.roles.length === 0) return { roles: t('productions.member.check.roles') };
      if (!b.roles && b.department === undefined) return { roles: t('productions.member.check.nothing') };
      return {};
    });
    if (!answer) return;
    const waiting = answer.data.proposal;
    saved(
      waiting
        ? t('productions.member.proposed', { roles: rolesText(waiting.roles), name: member.name, who: waitingForText(waiting.waitingFor) })
        : t('productions.member.isNow', { name: member.name, roles: rolesText(answer.data.member.roles) }),
    );
  }
  return (
    <Form label={t('productions.member.rolesAndDepartment')} problem={submit.problem} fields={['roles', 'department']} onSubmit={(f) => void save(f)}>
      <fieldset className={`choices people-roles${submit.problem?.fields.roles ? ' field--invalid' : ''}`} aria-describedby="roles-said">
        <legend>{t('productions.member.rolesHeld', { name: member.name })}</legend>
        <div className="choices-grid">
          {allRoles.map((role) => (
            <label key={role} className="choice">
              <input type="checkbox" name="roles" value={role} checked={roles.includes(role)} onChange={(e) => toggle(role, e.currentTarget.checked)} />
              <span>{roleLabel(role)}</span>
            </label>
          ))}
        </div>
        {submit.problem?.fields.roles && <p className="field-error">{submit.problem.fields.roles}</p>}
      </fieldset>
      <p id="roles-said" className="hint" aria-live="polite">
        {said ?? ''}
      </p>
      {manager && (
        <Field name="department" label={t('productions.members.department')} autoComplete="off" defaultValue={member.department ?? ''} hint={t('productions.members.departmentHint')} />
      )}
      <SubmitButton busy={submit.busy}>{t('productions.member.saveRoles')}</SubmitButton>
    </Form>
  );
}

function ContactForm({ productionId, member, saved }: { productionId: string; member: CrewMember; saved: (said: string) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit((body: Parameters<typeof api.setContact>[2], options) => api.setContact(productionId, member.userId, body, options));
  async function save(form: HTMLFormElement): Promise<void> {
    const body = { phone: text(form, 'phone') || null, emergencyContact: text(form, 'emergencyContact') || null };
    const answer = await submit.run(body, (b) => {
      const invalid: Record<string, string> = {};
      if (typeof b.phone === 'string' && b.phone.length < 3) invalid.phone = t('productions.member.check.phone');
      if (typeof b.emergencyContact === 'string' && b.emergencyContact.length < 3) invalid.emergencyContact = t('productions.member.check.emergency');
      return invalid;
    });
    if (answer) saved(t('productions.member.contactSaved', { name: member.name }));
  }
  return (
    <Form label={t('productions.member.contact')} problem={submit.problem} fields={['phone', 'emergencyContact']} onSubmit={(f) => void save(f)}>
      <Field name="phone" label={t('productions.member.phone')} type="tel" inputMode="tel" autoComplete="off" defaultValue={member.phone ?? ''} hint={t('productions.member.phoneHint')} />
      <Field
        name="emergencyContact"
        label={t('productions.member.emergency')}
        autoComplete="off"
        defaultValue={member.emergencyContact ?? ''}
        hint={t('productions.member.emergencyHint')}
      />
      <SubmitButton busy={submit.busy}>{t('productions.member.saveContact')}</SubmitButton>
    </Form>
  );
}

function ResendInvitation({ productionId, member }: { productionId: string; member: CrewMember }) {
  const { t } = useTranslation();
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
      <h2 id="resend-heading">{t('productions.member.invitation')}</h2>
      <p>{t('productions.member.notJoined', { name: member.name })}</p>
      <Form label={t('productions.member.newLink')} problem={submit.problem} fields={[]} onSubmit={() => void resend()}>
        <SubmitButton busy={submit.busy}>{t('productions.member.sendNewLink')}</SubmitButton>
      </Form>
      {invitation && (
        <InviteLinkPanel
          name={member.name}
          invitation={invitation}
          title={t('productions.member.newLinkFor', { name: member.name })}
          note={t('productions.member.earlierLinks')}
          headingRef={heading}
        />
      )}
    </section>
  );
}

function Removal({ productionId, member, people }: { productionId: string; member: CrewMember; people: readonly CrewMember[] }) {
  const { t } = useTranslation();
  const { go, membership } = useSession();
  const [asking, setAsking] = useState(false);
  const submit = useSubmit((_: null, options) => api.removeMember(productionId, member.userId, options));
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const producers = people.filter((m) => m.roles.includes('producer')).map((m) => m.userId);
  const rule = removalDecision(member.roles, producers, member.userId);
  const production = membership(productionId)?.productionName ?? t('productions.member.theProduction');
  async function remove(): Promise<void> {
    const answer = await submit.run(null);
    if (answer) go(membersPath(productionId), t('productions.member.removed', { name: member.name, production }));
  }
  return (
    <section className="panel" aria-labelledby="remove-heading">
      <h2 id="remove-heading">{t('productions.member.remove')}</h2>
      {!rule.allowed ? (
        <p>
          <span className="rule">{rule.rule}</span> {refusalWords(rule)}
        </p>
      ) : !asking ? (
        <button type="button" className="button button--secondary people-remove" onClick={() => setAsking(true)}>
          {t('productions.member.removeAsk', { name: member.name })}
        </button>
      ) : (
        <div className="people-confirm">
          <h3 ref={question} tabIndex={-1}>
            {t('productions.member.removeQuestion', { name: member.name, production })}
          </h3>
          <p>{t('productions.member.removeLead')}</p>
          <Form label={t('productions.member.removeLabel', { name: member.name })} problem={submit.problem} fields={[]} onSubmit={() => void remove()}>
            <SubmitButton busy={submit.busy}>{t('productions.member.removeYes', { name: member.name })}</SubmitButton>
          </Form>
          <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
            {t('productions.member.keep', { name: member.name })}
          </button>
        </div>
      )}
    </section>
  );
}

export function MemberScreen({ productionId, userId }: { productionId: string; userId: string }) {
  const { t } = useTranslation();
  const { membership, me, announce } = useSession();
  const mine = membership(productionId);
  const { members, people, nameOf, reload } = useCrew(productionId);
  const [trainings, reloadTrainings] = useResource(`${productionId}/trainings`, () => api.trainings(productionId));
  const [round, setRound] = useState(0);
  const back = (
    <Link className="back-link" href={membersPath(productionId)}>
      {t('productions.members.title')}
    </Link>
  );
  const waiting = (body: ReactNode) => (
    <Page title={t('productions.member.title')}>
      {back}
      {body}
    </Page>
  );
  if (!mine || !me) return null;
  if (members.state === 'loading') return waiting(<p>{t('common.loading')}</p>);
  if (members.state === 'failed') return waiting(<p role="alert">{members.problem.detail}</p>);
  const member = people.find((m) => m.userId === userId);
  if (!member) return waiting(<p>{t('productions.member.notOnProduction')}</p>);
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
      <section className="panel people-card" aria-label={t('productions.member.about', { name: member.name })}>
        <div className="member-head">
          <p className="member-roles">
            {member.roles.length > 0 ? rolesText(member.roles) : t('productions.members.noRole')}
            {member.department && <span className="member-dept"> · {member.department}</span>}
          </p>
          <span className={`badge badge--${member.status}`}>{member.status === 'active' ? t('productions.members.active') : t('productions.members.invited')}</span>
        </div>
        <Proposal productionId={productionId} member={member} myId={me.user.id} myRoles={mine.roles} onDone={reload} />
        <dl className="facts facts--stacked">
          <div>
            <dt>{t('auth.fields.email')}</dt>
            <dd>
              <a href={`mailto:${member.email}`}>{member.email}</a>
            </dd>
          </div>
          <div>
            <dt>{t('productions.member.phone')}</dt>
            <dd>{member.phone ? <a href={`tel:${member.phone.replace(/[^\d+]/g, '')}`}>{member.phone}</a> : t('common.notGiven')}</dd>
          </div>
          <div>
            <dt>{t('productions.member.emergency')}</dt>
            <dd>{member.emergencyContact ?? (editsContact || userId === me.user.id ? t('common.notGiven') : t('productions.member.emergencyHidden'))}</dd>
          </div>
          <div>
            <dt>{t('productions.member.training')}</dt>
            <dd>{records.length > 0 ? <TrainingList trainings={records} nameOf={nameOf} /> : t('productions.member.noTraining')}</dd>
          </div>
        </dl>
      </section>
      {changesRoles && (
        <section className="panel" aria-labelledby="roles-heading">
          <h2 id="roles-heading">{t('productions.member.rolesAndDepartment')}</h2>
          <RolesForm key={`roles-${round}-${member.roles.join()}-${member.proposal?.roles.join() ?? ''}`} productionId={productionId} member={member} me={myself} people={people} saved={saved} />
        </section>
      )}
      {editsContact && (
        <section className="panel" aria-labelledby="contact-heading">
          <h2 id="contact-heading">{t('productions.member.contact')}</h2>
          <ContactForm key={`contact-${round}`} productionId={productionId} member={member} saved={saved} />
        </section>
      )}
      {canRecordTraining(mine.roles) && (
        <section className="panel" aria-labelledby="training-heading">
          <h2 id="training-heading">{t('productions.training.recordFirearms')}</h2>
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
