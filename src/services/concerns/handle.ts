import { acknowledgeDecision, mayAcknowledge, mayResolve, standing, type LadderLevel } from '../../domain/concerns/escalation.js';
import type { ConcernRow } from '../../store/concerns.js';
import type { Repos } from '../../store/index.js';
import { reader, type ServiceDeps, type Tx } from '../context.js';
import type { Act, Caller, Command } from '../command.js';
import { conflict, notFound } from '../problem.js';
import { newId, sameSecret, sha256Hex } from '../secrets.js';
import { parseLadder } from './ladder.js';
import { commitment, passphraseHash } from './report.js';

interface Loaded {
  row: ConcernRow;
  ladder: LadderLevel[];
  implicated: string[];
  standing: ReturnType<typeof standing>;
}

/** S2: every member reads the ledger, the implicated included, so a refusal never names a concern's reporter. */
const refusalActor = (act: { caller: Caller }, f: Loaded) => (f.standing === 'reporter' ? null : { userId: act.caller.user.id });

function asViewer(caller: Caller) {
  return { userId: caller.user.id, roles: caller.roles };
}

/** A concern as the caller stands to it; an implicated person, or someone it has not reached, learns nothing: not even that it exists. */
async function load(repos: Repos, productionId: string, concernId: string, caller: Caller): Promise<Loaded> {
  const row = await repos.concerns.byId(productionId, concernId);
  if (!row) throw notFound('Concern not found');
  const ladder = parseLadder(row.ladder);
  const implicated = await repos.concerns.implicated(row.id);
  const seen = standing(ladder, { level: row.level, reporterId: row.reporter_id, implicated }, asViewer(caller));
  if (seen === 'implicated' || seen === 'none') throw notFound('Concern not found');
  return { row, ladder, implicated, standing: seen };
}

async function names(repos: Repos, productionId: string): Promise<Map<string, string>> {
  return new Map((await repos.members.list(productionId)).map((m) => [m.userId, m.name]));
}

function presentConcern(row: ConcernRow, ladder: LadderLevel[], implicated: string[], people: Map<string, string>, caller: Caller | null, seen: Loaded['standing'] | null) {
  const person = (id: string | null) => (id ? { userId: id, name: people.get(id) ?? null } : null);
  return {
    id: row.id,
    category: row.category,
    severity: row.severity,
    description: row.description,
    sceneId: row.scene_id,
    location: row.location,
    source: row.source,
    anonymous: row.reporter_id === null,
    reporter: person(row.reporter_id),
    implicated: implicated.map((id) => person(id)!),
    status: row.status,
    level: row.level,
    levels: ladder.length,
    levelRoles: ladder[row.level]?.roles ?? [],
    ackDeadline: row.ack_deadline,
    createdAt: row.created_at,
    reportedAt: row.reported_at ?? row.created_at,
    acknowledgedBy: person(row.acknowledged_by),
    acknowledgedAt: row.acknowledged_at,
    resolvedBy: person(row.resolved_by),
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
    mine: caller !== null && row.reporter_id === caller.user.id,
    canAcknowledge:
      caller !== null && seen === 'handler' && row.status === 'open' && mayAcknowledge(ladder, { level: row.level, reporterId: row.reporter_id, implicated }, asViewer(caller)),
  };
}

const STATUS_ORDER = { open: 0, acknowledged: 1, resolved: 2 } as const;

/**
 * The handler's inbox: concerns the caller handles or reported, open ones
 * first by deadline. Never lists a concern to a person it implicates.
 */
export async function listConcerns(deps: ServiceDeps, productionId: string, caller: Caller) {
  const repos = reader(deps);
  const people = await names(repos, productionId);
  const visible = (await repos.concerns.list(productionId))
    .map((row) => ({ row, ladder: parseLadder(row.ladder) }))
    .map(({ row, ladder }) => ({ row, ladder, seen: standing(ladder, { level: row.level, reporterId: row.reporter_id, implicated: row.implicated }, asViewer(caller)) }))
    .filter(({ seen }) => seen === 'handler' || seen === 'reporter');
  visible.sort(
    (a, b) =>
      STATUS_ORDER[a.row.status] - STATUS_ORDER[b.row.status] ||
      (a.row.ack_deadline ?? '9999').localeCompare(b.row.ack_deadline ?? '9999') ||
      b.row.created_at.localeCompare(a.row.created_at),
  );
  return { concerns: visible.map(({ row, ladder, seen }) => presentConcern(row, ladder, row.implicated, people, caller, seen)) };
}

/** A concern's thread: the concern, its messages, and every email it sent with where it stands. */
export async function getConcern(deps: ServiceDeps, productionId: string, concernId: string, caller: Caller) {
  const repos = reader(deps);
  const loaded = await load(repos, productionId, concernId, caller);
  const people = await names(repos, productionId);
  const messages = await repos.concerns.messages(concernId);
  const emails = loaded.standing === 'handler' ? await repos.outbox.forConcern(concernId) : [];
  return {
    concern: presentConcern(loaded.row, loaded.ladder, loaded.implicated, people, caller, loaded.standing),
    messages: messages.map((m) => ({
      id: m.id,
      from: m.author_kind,
      author: m.author_kind === 'handler' && m.author_id ? { userId: m.author_id, name: people.get(m.author_id) ?? null } : null,
      text: m.text,
      at: m.at,
    })),
    notifications: emails.map((e) => ({
      id: e.id,
      recipients: JSON.parse(e.recipients) as string[],
      subject: e.subject,
      status: e.status,
      attempts: e.attempts,
      sentAt: e.sent_at,
      error: e.error,
      createdAt: e.created_at,
    })),
  };
}

async function loadOpen(tx: Tx, act: Act<{ concernId: string }> & { caller: Caller }): Promise<Loaded> {
  const loaded = await load(tx.repos, act.productionId, act.input.concernId, act.caller);
  if (loaded.row.status === 'resolved') throw conflict('This concern is already resolved.');
  return loaded;
}

/** S2: a handler at the concern's current level acknowledges it, which stops the climb; anyone else is refused, on the record. */
export const acknowledgeConcern: Command<{ concernId: string; note?: string | undefined }, Loaded, object> = {
  name: 'concern.acknowledge',
  facts: loadOpen,
  decide: (f, act) => [acknowledgeDecision(f.ladder, { status: f.row.status, level: f.row.level, reporterId: f.row.reporter_id, implicated: f.implicated }, asViewer(act.caller))],
  refusalData: (act, f) => ({ concernId: act.input.concernId, level: f.row.level }),
  refusalActor,
  refusalRefs: (f) => [f.row.created_entry],
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const { row, ladder, implicated } = f;
    if (row.status === 'acknowledged') return { concern: presentConcern(row, ladder, implicated, await names(tx.repos, productionId), caller, f.standing) };
    await tx.repos.concerns.acknowledge(productionId, row.id, caller.user.id, tx.now.toISOString());
    const receipt = await tx.ledger.append(productionId, { type: 'concern.acknowledged', actor: { userId: caller.user.id }, data: { concernId: row.id, level: row.level }, refs: [row.created_entry] });
    await tx.publish(productionId, 'concern.updated', { concernId: row.id, status: 'acknowledged' }, implicated);
    if (input.note) await addMessage(tx, row, 'handler', caller.user.id, input.note);
    const after = (await tx.repos.concerns.byId(productionId, row.id))!;
    return { concern: presentConcern(after, ladder, implicated, await names(tx.repos, productionId), caller, f.standing), receipt };
  },
};

async function addMessage(tx: Tx, row: ConcernRow, from: 'reporter' | 'handler', authorId: string | null, text: string) {
  const id = newId();
  const receipt = await tx.ledger.append(row.production_id, {
    type: 'concern.message',
    // A handler answers on the record; the reporter's side names nobody.
    actor: from === 'handler' && authorId ? { userId: authorId } : null,
    data: { concernId: row.id, messageId: id, from, commitment: commitment(row.salt, { messageId: id, text }) },
    refs: [row.created_entry],
  });
  await tx.repos.concerns.addMessage({ id, concern_id: row.id, production_id: row.production_id, author_kind: from, author_id: authorId, text, at: tx.now.toISOString(), ledger_index: receipt.index });
  const implicated = await tx.repos.concerns.implicated(row.id);
  await tx.publish(row.production_id, 'concern.updated', { concernId: row.id, message: id }, implicated);
  return { message: { id, from, text, at: tx.now.toISOString() }, receipt };
}

/** A handler writes to the reporter, or a named reporter to the handlers. */
export const messageConcern: Command<{ concernId: string; text: string }, Loaded, object> = {
  name: 'concern.message',
  facts: (tx, act) => load(tx.repos, act.productionId, act.input.concernId, act.caller),
  refusalData: (act) => ({ concernId: act.input.concernId }),
  apply: (tx, f, act) => addMessage(tx, f.row, f.standing === 'reporter' ? 'reporter' : 'handler', act.caller.user.id, act.input.text),
};

/** A handler resolves a concern, not its reporter; the resolution is committed to, never written, in the ledger. */
export const resolveConcern: Command<{ concernId: string; resolution: string }, Loaded, object> = {
  name: 'concern.resolve',
  facts: loadOpen,
  decide: (f) => [mayResolve(f.standing)],
  refusalData: (act) => ({ concernId: act.input.concernId }),
  refusalActor,
  refusalRefs: (f) => [f.row.created_entry],
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    await tx.repos.concerns.resolve(productionId, f.row.id, { resolved_by: caller.user.id, resolved_at: tx.now.toISOString(), resolution: input.resolution });
    const receipt = await tx.ledger.append(productionId, {
      type: 'concern.resolved',
      actor: { userId: caller.user.id },
      data: { concernId: f.row.id, level: f.row.level, commitment: commitment(f.row.salt, { resolution: input.resolution }) },
      refs: [f.row.created_entry],
    });
    await tx.publish(productionId, 'concern.updated', { concernId: f.row.id, status: 'resolved' }, f.implicated);
    const after = (await tx.repos.concerns.byId(productionId, f.row.id))!;
    return { concern: presentConcern(after, f.ladder, f.implicated, await names(tx.repos, productionId), caller, f.standing), receipt };
  },
};

// ---------------------------------------------------------------------------
// The anonymous reporter's side

export async function byFollowUp(repos: Repos, key: string, passphrase: string): Promise<ConcernRow> {
  const row = await repos.concerns.byFollowUpKey(key.trim().toUpperCase());
  // The same answer for a wrong key and a wrong passphrase, after the same work.
  const matches = sameSecret(passphraseHash(passphrase), row?.follow_up_hash ?? sha256Hex('no concern'));
  if (!row || !matches) throw notFound('No concern matches this key and passphrase');
  return row;
}

/** What the anonymous reporter sees: status, level and the conversation; never who handled what beyond their name. */
export async function followUp(deps: ServiceDeps, key: string, passphrase: string) {
  const repos = reader(deps);
  const row = await byFollowUp(repos, key, passphrase);
  const people = await names(repos, row.production_id);
  const messages = await repos.concerns.messages(row.id);
  const production = await repos.productions.byId(row.production_id);
  return {
    concern: {
      id: row.id,
      production: production?.name ?? null,
      category: row.category,
      severity: row.severity,
      description: row.description,
      status: row.status,
      level: row.level,
      levels: parseLadder(row.ladder).length,
      ackDeadline: row.ack_deadline,
      createdAt: row.created_at,
      resolution: row.resolution,
      messages: messages.map((m) => ({
        id: m.id,
        from: m.author_kind,
        author: m.author_kind === 'handler' && m.author_id ? (people.get(m.author_id) ?? null) : null,
        text: m.text,
        at: m.at,
      })),
    },
  };
}

/** The anonymous reporter writes back; the act has no caller and names nobody. */
export const followUpMessage: Command<{ row: ConcernRow; text: string }, null, object, Act<{ row: ConcernRow; text: string }>> = {
  name: 'concern.message',
  facts: async () => null,
  refusalData: (act) => ({ concernId: act.input.row.id }),
  apply: (tx, _facts, act) => addMessage(tx, act.input.row, 'reporter', null, act.input.text),
};
