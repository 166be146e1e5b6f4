import type { Role } from '../domain/roles.js';
import type { UserRow } from '../store/schema.js';
import { inTransaction, reader, uniquely, type ServiceDeps, type Tx } from './context.js';
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

const actorOf = (user: UserRow) => ({ userId: user.id });

/** A new production; its creator is its first producer, and its ledger opens with it. */
export async function createProduction(deps: ServiceDeps, creator: UserRow, input: { name: string; timezone: string }) {
  return inTransaction(deps, async (tx) => {
    const production = {
      id: newId(),
      name: input.name,
      timezone: input.timezone,
      set_code: randomSetCode(),
      created_by: creator.id,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.productions.insert(production);
    await tx.ledger.open(production.id);
    await tx.repos.live.open(production.id);
    await tx.repos.members.add({
      productionId: production.id,
      userId: creator.id,
      roles: ['producer'],
      department: null,
      at: tx.now.toISOString(),
    });
    await tx.ledger.append(production.id, {
      type: 'production.created',
      actor: actorOf(creator),
      data: { name: production.name, timezone: production.timezone },
    });
    const receipt = await tx.ledger.append(production.id, {
      type: 'member.added',
      actor: actorOf(creator),
      data: { userId: creator.id, name: creator.name, roles: ['producer'], department: null },
    });
    return { production: presentProduction(production), receipt };
  });
}

export function presentProduction(row: { id: string; name: string; timezone: string; set_code: string }): PublicProduction {
  return { id: row.id, name: row.name, timezone: row.timezone, setCode: row.set_code };
}

export async function getProduction(deps: ServiceDeps, productionId: string) {
  const row = await reader(deps).productions.byId(productionId);
  if (!row) throw notFound('Production not found');
  return { production: presentProduction(row) };
}

export async function listMembers(deps: ServiceDeps, productionId: string) {
  return { members: await reader(deps).members.list(productionId) };
}

/**
 * Adds a person to the production. Someone without an account gets an
 * invitation code (shown once; only its hash is kept) to choose a password and PIN.
 */
export async function addMember(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  input: { email: string; name: string; roles: Role[]; department?: string | null | undefined },
) {
  return uniquely(`${input.email} was just added by someone else.`, () => inTransaction(deps, async (tx) => {
    let user = await tx.repos.users.byEmail(input.email);
    if (user && (await tx.repos.members.roles(productionId, user.id))) {
      throw conflict(`${input.email} is already on this production.`);
    }
    if (!user) {
      user = {
        id: newId(),
        email: input.email,
        name: input.name,
        password_hash: null,
        pin_hash: null,
        created_at: tx.now.toISOString(),
      };
      await tx.repos.users.insert(user);
    }
    const department = input.department ?? null;
    await tx.repos.members.add({ productionId, userId: user.id, roles: input.roles, department, at: tx.now.toISOString() });
    let invitation: { code: string; expiresAt: string } | null = null;
    if (user.password_hash === null) {
      const code = randomToken();
      const expiresAt = new Date(tx.now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
      await tx.repos.invitations.insert({
        id: sha256Hex(code),
        production_id: productionId,
        user_id: user.id,
        expires_at: expiresAt,
        created_at: tx.now.toISOString(),
      });
      invitation = { code, expiresAt };
    }
    const receipt = await tx.ledger.append(productionId, {
      type: 'member.added',
      actor: actorOf(actor),
      data: { userId: user.id, name: user.name, roles: input.roles, department },
    });
    return { member: { userId: user.id, roles: input.roles, department }, invitation, receipt };
  }));
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
export async function acceptInvitation(
  deps: ServiceDeps,
  code: string,
  input: { name: string; password: string; pin: string },
) {
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
    await tx.ledger.append(invitation.production_id, {
      type: 'invitation.accepted',
      actor,
      data: { userId: user.id, name: input.name },
    });
    await tx.ledger.append(invitation.production_id, { type: 'pin.set', actor, data: { userId: user.id } });
    const updated = { ...user, name: input.name, password_hash: passwordHash, pin_hash: pinHash };
    return {
      user: publicUser(updated),
      token: await startSession(tx.repos, user.id, tx.now),
      productionId: invitation.production_id,
    };
  });
}

/** Changes a member's roles or department; a production always keeps a producer. */
export async function updateMember(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  userId: string,
  input: { roles?: Role[] | undefined; department?: string | null | undefined },
) {
  return inTransaction(deps, async (tx) => {
    const previous = await tx.repos.members.roles(productionId, userId);
    if (!previous) throw notFound('Member not found');
    if (input.roles) {
      const losesProducer = previous.includes('producer') && !input.roles.includes('producer');
      if (losesProducer && (await tx.repos.members.countWithRole(productionId, 'producer')) === 1) {
        throw conflict('A production must keep at least one producer. Add another producer first.');
      }
      await tx.repos.members.setRoles(productionId, userId, input.roles);
    }
    if (input.department !== undefined) await tx.repos.members.setDepartment(productionId, userId, input.department);
    const [member] = await tx.repos.members.list(productionId, userId);
    const receipt: Receipt = await tx.ledger.append(productionId, {
      type: 'member.updated',
      actor: actorOf(actor),
      data: { userId, roles: member!.roles, previousRoles: previous, department: member!.department },
    });
    return { member: member!, receipt };
  });
}

/** Firearms safety training on file (F12 reads it). */
export async function recordTraining(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  input: { userId: string; course: 'firearms_safety'; completedOn: string },
) {
  return inTransaction(deps, async (tx: Tx) => {
    if (!(await tx.repos.members.roles(productionId, input.userId))) throw notFound('Member not found');
    const training = {
      id: newId(),
      production_id: productionId,
      user_id: input.userId,
      course: input.course,
      completed_on: input.completedOn,
      recorded_by: actor.id,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.trainings.insert(training);
    const receipt = await tx.ledger.append(productionId, {
      type: 'training.recorded',
      actor: actorOf(actor),
      data: { trainingId: training.id, userId: input.userId, course: input.course, completedOn: input.completedOn },
    });
    return {
      training: { id: training.id, userId: input.userId, course: input.course, completedOn: input.completedOn, recordedBy: actor.id },
      receipt,
    };
  });
}
