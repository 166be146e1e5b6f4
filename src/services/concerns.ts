import crypto from 'node:crypto';
import {
  ackDeadline,
  automaticConcernLevel,
  DEFAULT_LADDER,
  ladderProblems,
  mayAcknowledge,
  nextStep,
  recipients,
  standing,
  type LadderLevel,
  type Severity,
} from '../domain/concerns/escalation.js';
import { canonicalize } from '../ledger/canonical.js';
import type { ConcernRow, LadderRow } from '../store/concerns.js';
import type { Repos } from '../store/index.js';
import type { UserRow } from '../store/schema.js';
import { inTransaction, reader, type ServiceDeps, type Tx } from './context.js';
import { conflict, forbidden, invalid, notFound, type FieldError } from './problem.js';
import { newId, sameSecret, sha256Hex } from './secrets.js';

export interface ReportInput {
  category: string;
  severity: Severity;
  description: string;
  anonymous?: boolean | undefined;
  implicatedUserIds?: string[] | undefined;
  sceneId?: string | null | undefined;
  location?: string | null | undefined;
}

type Source = 'member' | 'public' | 'automatic';

/** The viewer of a concern: who they are and the roles they hold on its production. */
export interface Viewer {
  user: UserRow;
  roles: readonly string[];
}

// ---------------------------------------------------------------------------
// The ladder

function parseLadder(json: string): LadderLevel[] {
  return JSON.parse(json) as LadderLevel[];
}

async function ladderOf(repos: Repos, productionId: string): Promise<LadderLevel[]> {
  const row = await repos.concerns.ladder(productionId);
  return row ? parseLadder(row.levels) : DEFAULT_LADDER;
}

const CONFIGURING_ROLES = ['safety_advisor', 'producer'] as const;

type Proposal = { levels: LadderLevel[]; by: string; roles: string[] };

function proposalOf(row: LadderRow | undefined): Proposal | null {
  return row?.proposed ? { levels: parseLadder(row.proposed), by: row.proposed_by!, roles: row.proposed_role!.split(',') } : null;
}

export async function getEscalation(deps: ServiceDeps, productionId: string) {
  const row = await reader(deps).concerns.ladder(productionId);
  return presentEscalation(row ? parseLadder(row.levels) : DEFAULT_LADDER, proposalOf(row));
}

function presentEscalation(levels: LadderLevel[], proposal: Proposal | null) {
  return {
    escalation: {
      levels,
      status: proposal ? ('proposed' as const) : ('active' as const),
      proposed: proposal && {
        levels: proposal.levels,
        proposedBy: proposal.by,
        // the other half of "the safety advisor together with the producer"
        waitingFor: proposal.roles.includes('safety_advisor') && !proposal.roles.includes('producer') ? 'producer' : proposal.roles.includes('producer') && !proposal.roles.includes('safety_advisor') ? 'safety_advisor' : 'safety_advisor or producer',
      },
    },
  };
}

/**
 * A rule is configured per production only by the safety advisor together
 * with the producer (SAFETY_RULES.md): the first one's PUT proposes the
 * ladder, the other's PUT of the same ladder puts it in force. Both are in
 * the ledger.
 */
export async function setEscalation(deps: ServiceDeps, productionId: string, viewer: Viewer, levels: LadderLevel[]) {
  const problems = ladderProblems(levels);
  if (problems.length > 0) throw invalid(problems.map((p) => ({ path: p.path, message: p.message })));
  const mine = CONFIGURING_ROLES.filter((role) => viewer.roles.includes(role));
  return inTransaction(deps, async (tx) => {
    const row = await tx.repos.concerns.ladder(productionId);
    const inForce = row ? parseLadder(row.levels) : DEFAULT_LADDER;
    const proposal = proposalOf(row);
    const completes =
      proposal &&
      proposal.by !== viewer.user.id &&
      canonicalize(proposal.levels) === canonicalize(levels) &&
      ((proposal.roles.includes('safety_advisor') && mine.includes('producer')) || (proposal.roles.includes('producer') && mine.includes('safety_advisor')));
    const at = tx.now.toISOString();
    if (completes) {
      const receipt = await tx.ledger.append(productionId, {
        type: 'escalation.changed',
        actor: { userId: viewer.user.id },
        data: { levels: levels as unknown as Record<string, unknown>[], proposedBy: proposal.by, confirmedBy: viewer.user.id },
      });
      await tx.repos.concerns.saveLadder({ production_id: productionId, levels: JSON.stringify(levels), proposed: null, proposed_by: null, proposed_role: null, updated_at: at });
      return { ...presentEscalation(levels, null), receipt };
    }
    const receipt = await tx.ledger.append(productionId, {
      type: 'escalation.proposed',
      actor: { userId: viewer.user.id },
      data: { levels: levels as unknown as Record<string, unknown>[], roles: mine },
    });
    await tx.repos.concerns.saveLadder({
      production_id: productionId,
      levels: JSON.stringify(inForce),
      proposed: JSON.stringify(levels),
      proposed_by: viewer.user.id,
      proposed_role: mine.join(','),
      updated_at: at,
    });
    return { ...presentEscalation(inForce, { levels, by: viewer.user.id, roles: mine }), receipt };
  });
}

// ---------------------------------------------------------------------------
// Reporting

/** The anonymous reporter's way back in: a key to find the concern, a passphrase to prove it is theirs. */
const FOLLOW_UP_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

function randomGroups(groups: number, size: number): string {
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = '';
    for (let i = 0; i < size; i++) part += FOLLOW_UP_ALPHABET[crypto.randomInt(FOLLOW_UP_ALPHABET.length)];
    out.push(part);
  }
  return out.join('-');
}

/** Passphrases are ~118 bits of randomness, so a SHA-256 of them is as safe to keep as a session token's. */
const passphraseHash = (passphrase: string) => sha256Hex(`setbook follow-up\n${passphrase.trim().toUpperCase()}`);

/**
 * The ledger records a salted commitment to a concern's words and people
 * rather than the words: every member can read the ledger, and the people a
 * concern implicates must never see it. The salt stays with the concern, so an
 * investigator with the database can check the words were never changed.
 */
export function commitment(salt: string, content: Record<string, unknown>): string {
  return sha256Hex(canonicalize({ salt, ...content }));
}

async function checkReferences(repos: Repos, productionId: string, input: ReportInput): Promise<void> {
  const errors: FieldError[] = [];
  if (input.sceneId && (await repos.schedule.scenes(productionId, [input.sceneId])).length === 0) {
    errors.push({ path: 'sceneId', message: 'is not a scene of this production' });
  }
  const implicated = input.implicatedUserIds ?? [];
  if (implicated.length > 0) {
    const members = new Set((await repos.members.list(productionId)).map((m) => m.userId));
    implicated.forEach((id, i) => {
      if (!members.has(id)) errors.push({ path: `implicatedUserIds.${i}`, message: 'is not a member of this production' });
    });
  }
  if (errors.length > 0) throw invalid(errors);
}

/** S2: a member reports a concern, named or not. */
export async function reportConcern(deps: ServiceDeps, productionId: string, reporter: UserRow, input: ReportInput) {
  await checkReferences(reader(deps), productionId, input);
  return inTransaction(deps, (tx) => openConcern(tx, productionId, input.anonymous ? null : reporter.id, input, 'member', () => 0));
}

/** S2: anyone with the set's public code reports, always anonymously. */
export async function reportConcernBySetCode(deps: ServiceDeps, setCode: string, input: Omit<ReportInput, 'anonymous'>) {
  const production = await reader(deps).productions.bySetCode(setCode.toUpperCase());
  if (!production) throw notFound('No set has this code');
  await checkReferences(reader(deps), production.id, input);
  return inTransaction(deps, (tx) => openConcern(tx, production.id, null, input, 'public', () => 0));
}

/**
 * F11 with S2: an unintended discharge or a live round found opens a critical
 * firearms concern in the caller's transaction. The production's second one
 * goes straight to the top of the ladder, the external contacts.
 */
export async function openAutomaticConcern(tx: Tx, productionId: string, description: string, previousOccurrences: number, refs: number[]) {
  const start = (ladder: readonly LadderLevel[]) => automaticConcernLevel(ladder, previousOccurrences);
  return openConcern(tx, productionId, null, { category: 'firearms', severity: 'critical', description }, 'automatic', start, refs);
}

async function openConcern(
  tx: Tx,
  productionId: string,
  reporterId: string | null,
  input: Omit<ReportInput, 'anonymous'>,
  source: Source,
  /** the level it starts at, on the production's ladder */
  startLevel: (ladder: readonly LadderLevel[]) => number,
  refs: number[] = [],
) {
  const ladder = await ladderOf(tx.repos, productionId);
  const level = startLevel(ladder);
  const id = newId();
  const salt = crypto.randomBytes(16).toString('base64url');
  const implicated = [...new Set(input.implicatedUserIds ?? [])];
  const deadline = ackDeadline(ladder, level, input.severity, tx.now);
  const anonymous = reporterId === null;
  const followUp = anonymous && source !== 'automatic' ? { key: randomGroups(3, 4), passphrase: randomGroups(5, 5) } : null;
  const receipt = await tx.ledger.append(productionId, {
    type: 'concern.reported',
    // Never the reporter: every member reads the ledger, the implicated included.
    actor: null,
    data: {
      concernId: id,
      source,
      severity: input.severity,
      level,
      ackDeadline: deadline?.toISOString() ?? null,
      commitment: commitment(salt, {
        category: input.category,
        description: input.description,
        sceneId: input.sceneId ?? null,
        location: input.location ?? null,
        reporterId,
        implicated,
      }),
    },
    refs,
  });
  const row: ConcernRow = {
    id,
    production_id: productionId,
    category: input.category,
    severity: input.severity,
    description: input.description,
    scene_id: input.sceneId ?? null,
    location: input.location ?? null,
    reporter_id: reporterId,
    source,
    status: 'open',
    level,
    level_since: tx.now.toISOString(),
    ack_deadline: deadline?.toISOString() ?? null,
    ladder: JSON.stringify(ladder),
    salt,
    created_at: tx.now.toISOString(),
    created_entry: receipt.index,
    acknowledged_by: null,
    acknowledged_at: null,
    resolved_by: null,
    resolved_at: null,
    resolution: null,
    follow_up_key: followUp?.key ?? null,
    follow_up_hash: followUp ? passphraseHash(followUp.passphrase) : null,
  };
  await tx.repos.concerns.insert(row, implicated);
  await route(tx, row, implicated, 'reported');
  return {
    concern: { id, status: row.status, level, severity: row.severity, category: row.category, ackDeadline: row.ack_deadline },
    ...(followUp ? { followUp } : {}),
    receipt,
  };
}

const SEVERITY_WORDS: Record<string, string> = { critical: 'CRITICAL', high: 'High', medium: 'Medium', low: 'Low' };

/**
 * Routes a concern to everyone at its current level: a live event for the
 * members there and an email for them and the level's external contacts,
 * queued in this transaction. Implicated people receive neither.
 */
async function route(tx: Tx, concern: ConcernRow, implicated: readonly string[], why: 'reported' | 'climbed') {
  const ladder = parseLadder(concern.ladder);
  const level = ladder[concern.level];
  if (!level) return { userIds: [], emails: [] };
  const members = (await tx.repos.members.list(concern.production_id)).map((m) => ({ userId: m.userId, roles: m.roles, email: m.email }));
  const to = recipients(level, members, implicated);
  await tx.publish(
    concern.production_id,
    'concern.escalated',
    // No words, no reporter: the stream reaches the whole production.
    { concernId: concern.id, severity: concern.severity, level: concern.level, reason: why, ackDeadline: concern.ack_deadline, notify: to.userIds },
    [...implicated],
  );
  if (to.emails.length > 0) {
    const production = await tx.repos.productions.byId(concern.production_id);
    const top = concern.level >= ladder.length - 1;
    const subject =
      why === 'climbed'
        ? `[Setbook] ${SEVERITY_WORDS[concern.severity]} ${concern.category} concern not acknowledged in time - now with you (${production?.name ?? ''})`
        : `[Setbook] ${SEVERITY_WORDS[concern.severity]} ${concern.category} concern on ${production?.name ?? ''}`;
    const body = [
      why === 'climbed'
        ? `A safety concern on ${production?.name ?? 'a production'} was not acknowledged by its deadline and has climbed to you (level ${concern.level + 1} of ${ladder.length}).`
        : `A safety concern was reported on ${production?.name ?? 'a production'} (level ${concern.level + 1} of ${ladder.length}).`,
      '',
      `Severity: ${concern.severity}`,
      `Category: ${concern.category}`,
      concern.location ? `Location: ${concern.location}` : null,
      `Reported: ${concern.created_at}`,
      '',
      concern.description,
      '',
      concern.ack_deadline
        ? `Acknowledge it in Setbook before ${concern.ack_deadline}, or it climbs to the next level.`
        : top
          ? 'This is the top of the production\'s escalation ladder.'
          : '',
      `Concern ${concern.id}`,
    ]
      .filter((line) => line !== null)
      .join('\n');
    await tx.repos.concerns.queueEmail({
      id: newId(),
      production_id: concern.production_id,
      concern_id: concern.id,
      recipients: JSON.stringify(to.emails),
      subject,
      body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: tx.now.toISOString(),
      claimed_until: null,
      sent_at: null,
      error: null,
      created_at: tx.now.toISOString(),
    });
    tx.wakeJobs();
  }
  return to;
}

// ---------------------------------------------------------------------------
// The clock: climbing

/**
 * Climbs every concern whose deadline has passed by one level per missed
 * deadline. The climb is a compare-and-set on the concern's level inside the
 * step's transaction, so after a restart, or with several instances, each step
 * happens exactly once. Returns how many steps this call took.
 */
export async function escalateDue(deps: ServiceDeps): Promise<number> {
  let steps = 0;
  for (let round = 0; round < 100; round++) {
    const due = await reader(deps).concerns.due(deps.clock().toISOString(), 100);
    if (due.length === 0) break;
    let progressed = false;
    for (const candidate of due) {
      const climbed = await inTransaction(deps, async (tx) => {
        const concern = await tx.repos.concerns.byId(candidate.production_id, candidate.id);
        if (!concern) return false;
        const ladder = parseLadder(concern.ladder);
        const step = nextStep(ladder, { status: concern.status, level: concern.level, severity: concern.severity as Severity, levelSince: new Date(concern.level_since) }, tx.now);
        if (!step) return false;
        const deadline = ackDeadline(ladder, step.climbTo, concern.severity as Severity, step.at);
        const to = { level: step.climbTo, level_since: step.at.toISOString(), ack_deadline: deadline?.toISOString() ?? null };
        if (!(await tx.repos.concerns.climb(concern.production_id, concern.id, concern.level, to))) return false;
        const moved = { ...concern, ...to };
        const implicated = await tx.repos.concerns.implicated(concern.id);
        const level = ladder[step.climbTo]!;
        await tx.ledger.append(concern.production_id, {
          type: 'concern.escalated',
          actor: null,
          data: {
            concernId: concern.id,
            fromLevel: concern.level,
            toLevel: step.climbTo,
            missedDeadline: step.at.toISOString(),
            ackDeadline: to.ack_deadline,
            roles: level.roles,
            externalContacts: level.emails.length,
          },
          refs: [concern.created_entry],
        });
        await route(tx, moved, implicated, 'climbed');
        return true;
      });
      if (climbed) {
        steps++;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return steps;
}

/** When the scheduler should next look: the earliest open deadline, or null. */
export async function nextDeadline(deps: ServiceDeps): Promise<Date | null> {
  const next = await reader(deps).concerns.nextDeadline();
  return next ? new Date(next) : null;
}

// ---------------------------------------------------------------------------
// Handling

interface Loaded {
  row: ConcernRow;
  ladder: LadderLevel[];
  implicated: string[];
  standing: ReturnType<typeof standing>;
}

async function load(repos: Repos, productionId: string, concernId: string, viewer: Viewer): Promise<Loaded> {
  const row = await repos.concerns.byId(productionId, concernId);
  if (!row) throw notFound('Concern not found');
  const ladder = parseLadder(row.ladder);
  const implicated = await repos.concerns.implicated(row.id);
  const seen = standing(ladder, { level: row.level, reporterId: row.reporter_id, implicated }, { userId: viewer.user.id, roles: viewer.roles });
  // An implicated person, or someone it has not reached, learns nothing: not even that it exists.
  if (seen === 'implicated' || seen === 'none') throw notFound('Concern not found');
  return { row, ladder, implicated, standing: seen };
}

async function names(repos: Repos, productionId: string): Promise<Map<string, string>> {
  return new Map((await repos.members.list(productionId)).map((m) => [m.userId, m.name]));
}

function presentConcern(row: ConcernRow, ladder: LadderLevel[], implicated: string[], people: Map<string, string>, viewer: Viewer | null, seen: Loaded['standing'] | null) {
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
    acknowledgedBy: person(row.acknowledged_by),
    acknowledgedAt: row.acknowledged_at,
    resolvedBy: person(row.resolved_by),
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
    mine: viewer !== null && row.reporter_id === viewer.user.id,
    canAcknowledge:
      viewer !== null && seen === 'handler' && row.status === 'open' && mayAcknowledge(ladder, { level: row.level, reporterId: row.reporter_id, implicated }, { userId: viewer.user.id, roles: viewer.roles }),
  };
}

const STATUS_ORDER = { open: 0, acknowledged: 1, resolved: 2 } as const;

/**
 * The handler's inbox: concerns the viewer handles or reported, open ones
 * first by deadline. Never lists a concern to a person it implicates.
 */
export async function listConcerns(deps: ServiceDeps, productionId: string, viewer: Viewer) {
  const repos = reader(deps);
  const people = await names(repos, productionId);
  const visible = (await repos.concerns.list(productionId))
    .map((row) => ({ row, ladder: parseLadder(row.ladder) }))
    .map(({ row, ladder }) => ({
      row,
      ladder,
      seen: standing(ladder, { level: row.level, reporterId: row.reporter_id, implicated: row.implicated }, { userId: viewer.user.id, roles: viewer.roles }),
    }))
    .filter(({ seen }) => seen === 'handler' || seen === 'reporter');
  visible.sort(
    (a, b) =>
      STATUS_ORDER[a.row.status] - STATUS_ORDER[b.row.status] ||
      (a.row.ack_deadline ?? '9999').localeCompare(b.row.ack_deadline ?? '9999') ||
      b.row.created_at.localeCompare(a.row.created_at),
  );
  return { concerns: visible.map(({ row, ladder, seen }) => presentConcern(row, ladder, row.implicated, people, viewer, seen)) };
}

/** A concern's thread: the concern, its messages, and every email it sent with where it stands. */
export async function getConcern(deps: ServiceDeps, productionId: string, concernId: string, viewer: Viewer) {
  const repos = reader(deps);
  const loaded = await load(repos, productionId, concernId, viewer);
  const people = await names(repos, productionId);
  const messages = await repos.concerns.messages(concernId);
  const emails = loaded.standing === 'handler' ? await repos.concerns.emails(concernId) : [];
  return {
    concern: presentConcern(loaded.row, loaded.ladder, loaded.implicated, people, viewer, loaded.standing),
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

export async function acknowledgeConcern(deps: ServiceDeps, productionId: string, concernId: string, viewer: Viewer, note?: string) {
  return inTransaction(deps, async (tx) => {
    const loaded = await load(tx.repos, productionId, concernId, viewer);
    const { row, ladder, implicated } = loaded;
    if (row.status === 'resolved') throw conflict('This concern is already resolved.');
    if (row.status === 'acknowledged') return { concern: presentConcern(row, ladder, implicated, await names(tx.repos, productionId), viewer, loaded.standing) };
    if (!mayAcknowledge(ladder, { level: row.level, reporterId: row.reporter_id, implicated }, { userId: viewer.user.id, roles: viewer.roles })) {
      throw forbidden(`This concern is with ${ladder[row.level]?.roles.join(' / ') || 'the external contacts'} now; they acknowledge it.`);
    }
    await tx.repos.concerns.acknowledge(productionId, concernId, viewer.user.id, tx.now.toISOString());
    const receipt = await tx.ledger.append(productionId, {
      type: 'concern.acknowledged',
      actor: { userId: viewer.user.id },
      data: { concernId, level: row.level },
      refs: [row.created_entry],
    });
    await tx.publish(productionId, 'concern.updated', { concernId, status: 'acknowledged' }, implicated);
    if (note) await addMessage(tx, row, 'handler', viewer.user.id, note);
    const after = (await tx.repos.concerns.byId(productionId, concernId))!;
    return { concern: presentConcern(after, ladder, implicated, await names(tx.repos, productionId), viewer, loaded.standing), receipt };
  });
}

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
export async function messageConcern(deps: ServiceDeps, productionId: string, concernId: string, viewer: Viewer, text: string) {
  return inTransaction(deps, async (tx) => {
    const { row, standing: seen } = await load(tx.repos, productionId, concernId, viewer);
    return addMessage(tx, row, seen === 'reporter' ? 'reporter' : 'handler', viewer.user.id, text);
  });
}

export async function resolveConcern(deps: ServiceDeps, productionId: string, concernId: string, viewer: Viewer, resolution: string) {
  return inTransaction(deps, async (tx) => {
    const loaded = await load(tx.repos, productionId, concernId, viewer);
    if (loaded.standing !== 'handler') throw forbidden('A handler resolves a concern, not its reporter.');
    if (loaded.row.status === 'resolved') throw conflict('This concern is already resolved.');
    await tx.repos.concerns.resolve(productionId, concernId, { resolved_by: viewer.user.id, resolved_at: tx.now.toISOString(), resolution });
    const receipt = await tx.ledger.append(productionId, {
      type: 'concern.resolved',
      actor: { userId: viewer.user.id },
      data: { concernId, level: loaded.row.level, commitment: commitment(loaded.row.salt, { resolution }) },
      refs: [loaded.row.created_entry],
    });
    await tx.publish(productionId, 'concern.updated', { concernId, status: 'resolved' }, loaded.implicated);
    const after = (await tx.repos.concerns.byId(productionId, concernId))!;
    return { concern: presentConcern(after, loaded.ladder, loaded.implicated, await names(tx.repos, productionId), viewer, loaded.standing), receipt };
  });
}

// ---------------------------------------------------------------------------
// The anonymous reporter's side

async function byFollowUp(repos: Repos, key: string, passphrase: string): Promise<ConcernRow> {
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

export async function followUpMessage(deps: ServiceDeps, key: string, passphrase: string, text: string) {
  const row = await byFollowUp(reader(deps), key, passphrase);
  return inTransaction(deps, async (tx) => addMessage(tx, row, 'reporter', null, text));
}
