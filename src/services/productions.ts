import { DECIDING_ROLES, mayEditContact, removalDecision, roleChange, roleChangeDecision, seesEmergencyContacts, waitingFor, type RoleChange } from '../domain/identity/grants.js';
import type { Role } from '../domain/roles.js';
import type { Locale } from '../i18n/locales.js';
import type { Tx } from './context.js';
import { inTransaction, reader, uniquely, type ServiceDeps } from './context.js';
import type { Caller, Command } from './command.js';
import { conflict, notFound, ProblemError } from './problem.js';
import { newId, randomSetCode, randomToken, sha256Hex } from './secrets.js';
import { publicUser, startSession } from './identity.js';
import type { Receipt } from './ledger.js';

const INVITATION_DAYS = 7;

export interface PublicProduction {
  id: string;
  name: string;
  timezone: string;
  setCode: string;
}

/** A new production; its creator is its first producer, and its ledger opens with it. The act's production id is the new one. */
export const createProduction: Command<{ name: string; timezone: string }, null, { production: PublicProduction; receipt: Receipt }> = {
  name: 'production.create',
  facts: async () => null,
  refusalData: () => ({}),
  async apply(tx, _facts, act) {
    const creator = act.caller.user;
    const production = { id: act.productionId, name: act.input.name, timezone: act.input.timezone, set_code: randomSetCode(), created_by: creator.id, created_at: tx.now.toISOString() };
    await tx.repos.productions.insert(production);
    await tx.ledger.open(production.id);
    await tx.repos.live.open(production.id);
    await tx.repos.members.add({ productionId: production.id, userId: creator.id, roles: ['producer'], department: null, at: tx.now.toISOString() });
    await tx.ledger.append(production.id, { type: 'production.created', actor: { userId: creator.id }, data: { name: production.name, timezone: production.timezone } });
    const receipt = await tx.ledger.append(production.id, {
      type: 'member.added',
      actor: { userId: creator.id },
      data: { userId: creator.id, name: creator.name, roles: ['producer'], department: null },
    });
    return { production: presentProduction(production), receipt };
  },
};

export function presentProduction(row: { id: string; name: string; timezone: string; set_code: string }): PublicProduction {
  return { id: row.id, name: row.name, timezone: row.timezone, setCode: row.set_code };
}

export async function getProduction(deps: ServiceDeps, productionId: string) {
  const row = await reader(deps).productions.byId(productionId);
  if (!row) throw notFound('Production not found');
  return { production: presentProduction(row) };
}

/**
 * The crew, each with a role change waiting for its second confirmation.
 * Everyone sees each other's phone; an emergency contact is seen by the
 * person, and by the people who act when someone is hurt.
 */
export async function listMembers(deps: ServiceDeps, productionId: string, caller: Caller) {
  const repos = reader(deps);
  const proposals = await repos.members.proposals(productionId);
  const contacts = await repos.members.contacts(productionId);
  const seesEmergency = seesEmergencyContacts(caller.roles);
  return {
    members: (await repos.members.list(productionId)).map((m) => {
      const proposal = proposals.get(m.userId);
      const contact = contacts.get(m.userId);
      return {
        ...m,
        phone: contact?.phone ?? null,
        emergencyContact: seesEmergency || m.userId === caller.user.id ? (contact?.emergencyContact ?? null) : null,
        proposal: proposal ? { roles: proposal.roles, proposedBy: proposal.by, waitingFor: waitingFor(proposal.byRoles) } : null,
      };
    }),
  };
}

export interface ContactInput {
  userId: string;
  phone?: string | null | undefined;
  emergencyContact?: string | null | undefined;
}

/** A person's phone and emergency contact: their own to set, or the producer's, UPM's or 1st AD's. The ledger keeps that they changed, never the numbers. */
export const setContact: Command<ContactInput, null, object> = {
  name: 'member.contact',
  async facts(tx, act) {
    if (!(await tx.repos.members.roles(act.productionId, act.input.userId))) throw notFound('Member not found');
    return null;
  },
  decide: (_f, act) => [mayEditContact(act.caller.user.id, act.caller.roles, act.input.userId)],
  refusalData: (act) => ({ userId: act.input.userId }),
  async apply(tx, _f, act) {
    const { productionId, caller, input } = act;
    const change = { ...(input.phone !== undefined ? { phone: input.phone } : {}), ...(input.emergencyContact !== undefined ? { emergency_contact: input.emergencyContact } : {}) };
    await tx.repos.members.setContact(productionId, input.userId, change);
    const receipt = await tx.ledger.append(productionId, { type: 'member.contactChanged', actor: { userId: caller.user.id }, data: { userId: input.userId, changed: Object.keys(change).sort() } });
    const contact = (await tx.repos.members.contacts(productionId)).get(input.userId)!;
    return { contact: { userId: input.userId, ...contact }, receipt };
  },
};

/**
 * Someone leaves the production: they lose access, keep their history. A
 * production keeps a producer, and a person holding a deciding role gives it
 * up first, through the producer and the safety advisor together (ROLES).
 */
export const removeMember: Command<{ userId: string }, { roles: string[]; producers: string[] }, object> = {
  name: 'member.remove',
  async facts(tx, act) {
    await tx.repos.productions.lock(act.productionId);
    const roles = await tx.repos.members.roles(act.productionId, act.input.userId);
    if (!roles) throw notFound('Member not found');
    return { roles, producers: await tx.repos.members.withRole(act.productionId, 'producer') };
  },
  decide: (f, act) => [removalDecision(f.roles, f.producers, act.input.userId)],
  refusalData: (act) => ({ userId: act.input.userId }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    await tx.repos.members.remove(productionId, input.userId, tx.now.toISOString());
    await tx.repos.invitations.expireFor(productionId, input.userId, tx.now.toISOString());
    const receipt = await tx.ledger.append(productionId, { type: 'member.removed', actor: { userId: caller.user.id }, data: { userId: input.userId, previousRoles: f.roles } });
    return { removed: { userId: input.userId }, receipt };
  },
};

/** A new invitation link for someone who has not joined yet; the earlier links stop working. */
export const resendInvitation: Command<{ userId: string }, null, object> = {
  name: 'invitation.resend',
  async facts(tx, act) {
    const [member] = await tx.repos.members.list(act.productionId, act.input.userId);
    if (!member) throw notFound('Member not found');
    if (member.status !== 'invited') throw conflict(`${member.name} has already joined; they sign in instead.`);
    return null;
  },
  refusalData: (act) => ({ userId: act.input.userId }),
  async apply(tx, _f, act) {
    const { productionId, caller, input } = act;
    await tx.repos.invitations.expireFor(productionId, input.userId, tx.now.toISOString());
    const invitation = await invite(tx, productionId, input.userId);
    const receipt = await tx.ledger.append(productionId, { type: 'invitation.resent', actor: { userId: caller.user.id }, data: { userId: input.userId, expiresAt: invitation.expiresAt } });
    return { invitation, receipt };
  },
};

/** A fresh invitation code (shown once; only its hash is kept). */
async function invite(tx: Tx, productionId: string, userId: string) {
  const code = randomToken();
  const expiresAt = new Date(tx.now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  await tx.repos.invitations.insert({ id: sha256Hex(code), production_id: productionId, user_id: userId, expires_at: expiresAt, created_at: tx.now.toISOString() });
  return { code, expiresAt };
}

interface GrantFacts {
  advisors: string[];
}

/** Who holds the safety advisor role now, read with the production locked so two role changes cannot cross. */
async function grantFacts(tx: Tx, productionId: string): Promise<GrantFacts> {
  await tx.repos.productions.lock(productionId);
  return { advisors: await tx.repos.members.withRole(productionId, 'safety_advisor') };
}

/** A grant made with nobody to confirm it reaches the producers and the safety advisor at once. */
async function alertUnconfirmed(tx: Tx, productionId: string, callerName: string, personName: string, roles: readonly string[]) {
  const deciding = roles.filter((role) => DECIDING_ROLES.includes(role));
  await tx.publish(productionId, 'alert', {
    rule: 'ROLES',
    message: `${callerName} made ${personName} ${deciding.join(' and ').replace('_', ' ')} with no safety advisor on the production to confirm it.`,
    notify: ['producer', 'safety_advisor'],
  });
}

export interface AddMemberInput {
  email: string;
  name: string;
  roles: Role[];
  department?: string | null | undefined;
  locale?: Locale | undefined;
}

/**
 * Adds a person to the production. Someone without an account gets an
 * invitation code (shown once; only its hash is kept) to choose a password
 * and PIN. A deciding role (safety advisor, armorer) waits for the second of
 * the producer and the safety advisor; the other roles start at once.
 */
export const addMember: Command<AddMemberInput, GrantFacts, object> = {
  name: 'member.add',
  async facts(tx, act) {
    const facts = await grantFacts(tx, act.productionId);
    const user = await tx.repos.users.byEmail(act.input.email);
    if (user && (await tx.repos.members.roles(act.productionId, user.id))) throw conflict(`${act.input.email} is already on this production.`);
    return facts;
  },
  decide: (f, act) => [roleChangeDecision({ caller: { userId: act.caller.user.id, roles: act.caller.roles }, before: [], after: act.input.roles, advisors: f.advisors, proposal: null })],
  refusalData: (act) => ({ email: act.input.email, roles: act.input.roles }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const change = roleChange({ caller: { userId: caller.user.id, roles: caller.roles }, before: [], after: input.roles, advisors: f.advisors, proposal: null }) as RoleChange;
    let user = await tx.repos.users.byEmail(input.email);
    if (!user) {
      // The inviter may know the person's language; an existing account keeps its own choice.
      user = { id: newId(), email: input.email, name: input.name, password_hash: null, pin_hash: null, created_at: tx.now.toISOString(), locale: input.locale ?? null };
      await uniquely(`${input.email} was just added by someone else.`, () => tx.repos.users.insert(user!));
    }
    const proposed = change.kind === 'propose';
    const roles = proposed ? input.roles.filter((role) => !DECIDING_ROLES.includes(role)) : input.roles;
    const department = input.department ?? null;
    await tx.repos.members.add({ productionId, userId: user.id, roles, department, at: tx.now.toISOString() });
    const invitation = user.password_hash === null ? await invite(tx, productionId, user.id) : null;
    const receipt = await tx.ledger.append(productionId, {
      type: 'member.added',
      actor: { userId: caller.user.id },
      data: { userId: user.id, name: user.name, roles, department, ...(change.kind === 'unconfirmed' ? { unconfirmed: true } : {}) },
    });
    let proposal = null;
    if (proposed) {
      proposal = await propose(tx, productionId, caller.user.id, caller.roles, user.id, [], input.roles);
    } else if (change.kind === 'unconfirmed') {
      await alertUnconfirmed(tx, productionId, caller.user.name, user.name, input.roles);
    }
    return { member: { userId: user.id, roles, department }, invitation, proposal, receipt };
  },
};

async function propose(tx: Tx, productionId: string, byId: string, byRoles: readonly string[], userId: string, previous: readonly string[], roles: readonly string[]) {
  await tx.repos.members.saveProposal({ production_id: productionId, user_id: userId, roles: JSON.stringify(roles), proposed_by: byId, proposer_roles: JSON.stringify(byRoles), created_at: tx.now.toISOString() });
  const receipt = await tx.ledger.append(productionId, {
    type: 'member.rolesProposed',
    actor: { userId: byId },
    data: { userId, roles: [...roles], previousRoles: [...previous], waitingFor: waitingFor(byRoles) },
  });
  return { roles: [...roles], proposedBy: byId, waitingFor: waitingFor(byRoles), receipt };
}

export interface UpdateMemberInput {
  userId: string;
  roles?: Role[] | undefined;
  department?: string | null | undefined;
}

interface UpdateFacts extends GrantFacts {
  previous: string[];
  proposal: { roles: string[]; by: string; byRoles: string[] } | null;
}

/**
 * Changes a member's roles or department. A production always keeps a
 * producer, and a deciding role changes only with the producer and the
 * safety advisor together (see roleChange): the first answer is a proposal.
 */
export const updateMember: Command<UpdateMemberInput, UpdateFacts, object> = {
  name: 'member.update',
  async facts(tx, act) {
    const { productionId, input } = act;
    const facts = await grantFacts(tx, productionId);
    const previous = await tx.repos.members.roles(productionId, input.userId);
    if (!previous) throw notFound('Member not found');
    const losesProducer = input.roles && previous.includes('producer') && !input.roles.includes('producer');
    if (losesProducer && (await tx.repos.members.withRole(productionId, 'producer')).length === 1) {
      throw conflict('A production must keep at least one producer. Add another producer first.');
    }
    return { ...facts, previous, proposal: (await tx.repos.members.proposals(productionId, input.userId)).get(input.userId) ?? null };
  },
  decide: (f, act) => [roleChangeDecision(changeFacts(f, act.caller, act.input))],
  refusalData: (act, f) => ({ userId: act.input.userId, roles: act.input.roles ?? f.previous }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const change = roleChange(changeFacts(f, caller, input)) as RoleChange;
    if (input.department !== undefined) await tx.repos.members.setDepartment(productionId, input.userId, input.department);
    if (change.kind === 'propose') {
      const proposal = await propose(tx, productionId, caller.user.id, caller.roles, input.userId, f.previous, input.roles!);
      const [member] = await tx.repos.members.list(productionId, input.userId);
      return { member: member!, proposal, receipt: proposal.receipt };
    }
    if (input.roles) {
      await tx.repos.members.setRoles(productionId, input.userId, input.roles);
      await tx.repos.members.dropProposal(productionId, input.userId);
    }
    const [member] = await tx.repos.members.list(productionId, input.userId);
    const receipt = await tx.ledger.append(productionId, {
      type: 'member.updated',
      actor: { userId: caller.user.id },
      data: {
        userId: input.userId,
        roles: member!.roles,
        previousRoles: f.previous,
        department: member!.department,
        ...(change.kind === 'confirm' ? { proposedBy: change.proposedBy, confirmedBy: caller.user.id } : {}),
        ...(change.kind === 'unconfirmed' ? { unconfirmed: true } : {}),
      },
    });
    if (change.kind === 'unconfirmed') await alertUnconfirmed(tx, productionId, caller.user.name, member!.name, member!.roles);
    return { member: member!, proposal: null, receipt };
  },
};

function changeFacts(f: UpdateFacts, caller: { user: { id: string }; roles: readonly string[] }, input: UpdateMemberInput) {
  return { caller: { userId: caller.user.id, roles: caller.roles }, before: f.previous, after: input.roles ?? f.previous, advisors: f.advisors, proposal: f.proposal };
}

/** What the invitation page shows before accepting: which production, as whom. */
export async function previewInvitation(deps: ServiceDeps, code: string) {
  const repos = reader(deps);
  const invitation = await repos.invitations.byId(sha256Hex(code));
  if (!invitation || invitation.accepted_at !== null || invitation.expires_at <= deps.clock().toISOString()) {
    throw invitationGone();
  }
  const production = await repos.productions.byId(invitation.production_id);
  const [member] = await repos.members.list(invitation.production_id, invitation.user_id);
  if (!production || !member) throw invitationGone();
  return {
    invitation: {
      productionId: production.id,
      productionName: production.name,
      name: member.name,
      email: member.email,
      roles: member.roles,
      expiresAt: invitation.expires_at,
    },
  };
}

const invitationGone = () =>
  new ProblemError({
    status: 404,
    title: 'Invitation not found',
    detail: 'This invitation link is not valid: it may have expired or been used already. Ask for a new one.',
  });

/** The invited person chooses their name, password and PIN, and is signed in. */
export async function acceptInvitation(deps: ServiceDeps, code: string, input: { name: string; password: string; pin: string }) {
  const [passwordHash, pinHash] = await Promise.all([deps.hasher.hash(input.password), deps.hasher.hashPin(input.pin)]);
  return inTransaction(deps, async (tx) => {
    const invitation = await tx.repos.invitations.byId(sha256Hex(code));
    if (!invitation || invitation.accepted_at !== null || invitation.expires_at <= tx.now.toISOString()) {
      throw invitationGone();
    }
    const user = await tx.repos.users.byId(invitation.user_id);
    if (!user || user.password_hash !== null || !(await tx.repos.invitations.accept(invitation.id, tx.now.toISOString()))) {
      throw conflict('This invitation was already accepted; sign in instead.');
    }
    await tx.repos.users.setCredentials(user.id, { name: input.name, password_hash: passwordHash, pin_hash: pinHash });
    const actor = { userId: user.id };
    await tx.ledger.append(invitation.production_id, { type: 'invitation.accepted', actor, data: { userId: user.id, name: input.name } });
    await tx.ledger.append(invitation.production_id, { type: 'pin.set', actor, data: { userId: user.id } });
    const updated = { ...user, name: input.name, password_hash: passwordHash, pin_hash: pinHash };
    return {
      user: publicUser(updated),
      token: await startSession(tx.repos, user.id, tx.now),
      productionId: invitation.production_id,
    };
  });
}

export interface TrainingInput {
  userId: string;
  course: 'firearms_safety';
  completedOn: string;
}

/** Firearms safety training on file (F12 reads it). */
export const recordTraining: Command<TrainingInput, null, object> = {
  name: 'training.record',
  async facts(tx, act) {
    if (!(await tx.repos.members.roles(act.productionId, act.input.userId))) throw notFound('Member not found');
    return null;
  },
  refusalData: (act) => ({ userId: act.input.userId }),
  async apply(tx, _facts, act) {
    const { productionId, caller, input } = act;
    const training = { id: newId(), production_id: productionId, user_id: input.userId, course: input.course, completed_on: input.completedOn, recorded_by: caller.user.id, created_at: tx.now.toISOString() };
    await tx.repos.trainings.insert(training);
    const receipt = await tx.ledger.append(productionId, {
      type: 'training.recorded',
      actor: { userId: caller.user.id },
      data: { trainingId: training.id, userId: input.userId, course: input.course, completedOn: input.completedOn },
    });
    return { training: { id: training.id, userId: input.userId, course: input.course, completedOn: input.completedOn, recordedBy: caller.user.id }, receipt };
  },
};

/** Training on file (F12 reads it), newest first, with whose it is. */
export async function listTrainings(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  const rows = await repos.trainings.all(productionId);
  const names = await repos.users.names(rows.map((r) => r.user_id));
  return {
    trainings: rows.map((r) => ({ id: r.id, userId: r.user_id, name: names.get(r.user_id) ?? 'someone', course: 'firearms_safety' as const, completedOn: r.completed_on, recordedBy: r.recorded_by })),
  };
}
