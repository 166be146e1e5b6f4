import { DEFAULT_LADDER, ladderProblems, type LadderLevel } from '../../domain/concerns/escalation.js';
import { canonicalize } from '../../ledger/canonical.js';
import type { LadderRow } from '../../store/concerns.js';
import type { Repos } from '../../store/index.js';
import { reader, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { invalid } from '../problem.js';
import { completesProposal, waitingFor } from '../../domain/identity/grants.js';

export function parseLadder(json: string): LadderLevel[] {
  return JSON.parse(json) as LadderLevel[];
}

export async function ladderOf(repos: Repos, productionId: string): Promise<LadderLevel[]> {
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
        waitingFor: waitingFor(proposal.roles),
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
export const setEscalation: Command<{ levels: LadderLevel[] }, { row: LadderRow | undefined }, object> = {
  name: 'escalation.set',
  async facts(tx, act) {
    const problems = ladderProblems(act.input.levels);
    if (problems.length > 0) throw invalid(problems.map((p) => ({ path: p.path, message: p.message })));
    return { row: await tx.repos.concerns.ladder(act.productionId) };
  },
  refusalData: () => ({}),
  async apply(tx, { row }, act) {
    const { productionId, caller, input } = act;
    const mine = CONFIGURING_ROLES.filter((role) => caller.roles.includes(role));
    const inForce = row ? parseLadder(row.levels) : DEFAULT_LADDER;
    const proposal = proposalOf(row);
    const completes =
      proposal && canonicalize(proposal.levels) === canonicalize(input.levels) && completesProposal({ by: proposal.by, byRoles: proposal.roles }, { userId: caller.user.id, roles: mine });
    const at = tx.now.toISOString();
    const levels = input.levels as unknown as Record<string, unknown>[];
    if (completes) {
      const receipt = await tx.ledger.append(productionId, { type: 'escalation.changed', actor: { userId: caller.user.id }, data: { levels, proposedBy: proposal.by, confirmedBy: caller.user.id } });
      await tx.repos.concerns.saveLadder({ production_id: productionId, levels: JSON.stringify(input.levels), proposed: null, proposed_by: null, proposed_role: null, updated_at: at });
      return { ...presentEscalation(input.levels, null), receipt };
    }
    const receipt = await tx.ledger.append(productionId, { type: 'escalation.proposed', actor: { userId: caller.user.id }, data: { levels, roles: mine } });
    await tx.repos.concerns.saveLadder({
      production_id: productionId,
      levels: JSON.stringify(inForce),
      proposed: JSON.stringify(input.levels),
      proposed_by: caller.user.id,
      proposed_role: mine.join(','),
      updated_at: at,
    });
    return { ...presentEscalation(inForce, { levels: input.levels, by: caller.user.id, roles: mine }), receipt };
  },
};
