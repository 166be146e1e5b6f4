import { ackDeadline, nextStep, type Severity } from '../../domain/concerns/escalation.js';
import { inTransaction, reader, type ServiceDeps } from '../context.js';
import { parseLadder } from './ladder.js';
import { route } from './report.js';

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
        await route(tx, { ...concern, ...to }, implicated, 'climbed');
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
