import crypto from 'node:crypto';
import { ackDeadline, automaticConcernLevel, recipients, type LadderLevel, type Severity } from '../../domain/concerns/escalation.js';
import { canonicalize } from '../../ledger/canonical.js';
import type { ConcernRow } from '../../store/concerns.js';
import type { Repos } from '../../store/index.js';
import type { Tx } from '../context.js';
import type { Act, Command } from '../command.js';
import { invalid, type FieldError } from '../problem.js';
import { newId, sha256Hex } from '../secrets.js';
import { byLanguage, queueEmail } from '../notify/outbox.js';
import { concernEmail } from '../notify/templates.js';
import { fromTheFuture, writtenTime } from '../written-at.js';
import { ladderOf, parseLadder } from './ladder.js';

export interface ReportInput {
  category: string;
  severity: Severity;
  description: string;
  anonymous?: boolean | undefined;
  implicatedUserIds?: string[] | undefined;
  sceneId?: string | null | undefined;
  location?: string | null | undefined;
  /** when it was written on a phone that had to queue it */
  reportedAt?: string | undefined;
}

type Source = 'member' | 'public' | 'automatic';

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
export const passphraseHash = (passphrase: string) => sha256Hex(`setbook follow-up\n${passphrase.trim().toUpperCase()}`);

/**
 * The ledger records a salted commitment to a concern's words and people
 * rather than the words: every member can read the ledger, and the people a
 * concern implicates must never see it. The salt stays with the concern, so an
 * investigator with the database can check the words were never changed.
 */
export function commitment(salt: string, content: Record<string, unknown>): string {
  return sha256Hex(canonicalize({ salt, ...content }));
}

async function checkReport(repos: Repos, productionId: string, input: ReportInput, now: Date): Promise<void> {
  const errors: FieldError[] = [];
  const future = fromTheFuture('reportedAt', input.reportedAt, now);
  if (future) errors.push(future);
  if (input.sceneId && (await repos.schedule.scenes(productionId, [input.sceneId])).length === 0) {
    errors.push({ path: 'sceneId', message: 'is not a scene of this production' });
  }
  const implicated = input.implicatedUserIds ?? [];
  if (implicated.length > 0) {
    const members = await repos.members.whichAre(productionId, implicated);
    implicated.forEach((id, i) => {
      if (!members.has(id)) errors.push({ path: `implicatedUserIds.${i}`, message: 'is not a member of this production' });
    });
  }
  if (errors.length > 0) throw invalid(errors);
}

/**
 * S2: a member reports a concern, named or not; anyone with the set's public
 * code reports one too, always anonymously (an act with no caller).
 */
export const reportConcern: Command<ReportInput, null, object, Act<ReportInput>> = {
  name: 'concern.report',
  async facts(tx, act) {
    await checkReport(tx.repos, act.productionId, act.input, tx.now);
    return null;
  },
  refusalData: () => ({}),
  apply(tx, _facts, act) {
    const reporter = act.caller && !act.input.anonymous ? act.caller.user.id : null;
    return openConcern(tx, act.productionId, reporter, act.input, act.caller ? 'member' : 'public', () => 0);
  },
};

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
  // The deadline runs from when the server heard of it, as nobody could act before.
  const reportedAt = writtenTime(input.reportedAt, tx.now);
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
      ...(reportedAt ? { reportedAt } : {}),
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
    reported_at: reportedAt,
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

/**
 * Routes a concern to everyone at its current level: a live event for the
 * members there and an email for them and the level's external contacts,
 * queued in this transaction. Implicated people receive neither.
 */
export async function route(tx: Tx, concern: ConcernRow, implicated: readonly string[], why: 'reported' | 'climbed') {
  const ladder = parseLadder(concern.ladder);
  const level = ladder[concern.level];
  if (!level) return;
  const members = (await tx.repos.members.list(concern.production_id)).map((m) => ({ userId: m.userId, roles: m.roles, email: m.email }));
  const to = recipients(level, members, implicated);
  await tx.publish(
    concern.production_id,
    'concern.escalated',
    // No words, no reporter: the stream reaches the whole production.
    { concernId: concern.id, severity: concern.severity, level: concern.level, reason: why, ackDeadline: concern.ack_deadline, notify: to.userIds },
    [...implicated],
  );
  // Severity only: the words and the reporter stay on the screen, where access is checked.
  tx.push({ type: 'concern.escalated', productionId: concern.production_id, concernId: concern.id, severity: concern.severity, why, userIds: to.userIds });
  if (to.emails.length === 0) return;
  const production = await tx.repos.productions.byId(concern.production_id);
  const locales = await tx.repos.users.locales(members.map((m) => m.userId));
  const chosen = new Map(members.map((m) => [m.email.toLowerCase(), locales.get(m.userId) ?? null]));
  // One email per language, each to everyone who reads it.
  for (const [locale, emails] of byLanguage(to.emails, chosen)) {
    const { subject, body } = concernEmail({
      locale,
      production: production?.name ?? '',
      timeZone: production?.timezone ?? 'UTC',
      why,
      level: concern.level,
      levels: ladder.length,
      severity: concern.severity,
      category: concern.category,
      location: concern.location,
      reportedAt: concern.created_at,
      description: concern.description,
      ackDeadline: concern.ack_deadline,
      concernId: concern.id,
    });
    await queueEmail(tx, { productionId: concern.production_id, concernId: concern.id, recipients: emails, subject, body });
  }
}
