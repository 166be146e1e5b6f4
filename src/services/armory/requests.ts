import { f12Decision } from '../../domain/armory/rules.js';
import type { Database } from '../../store/schema.js';
import type { Selectable } from 'kysely';
import { reader, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { conflict, notFound } from '../problem.js';
import { newId } from '../secrets.js';

type RequestRow = Selectable<Database['armorer_requests']>;

function presentRequest(row: RequestRow) {
  return {
    id: row.id,
    kind: row.kind,
    description: row.description,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
  };
}

/** F12: the armorer asks for more training or more time; the request is on the record from the first moment. */
export const makeRequest: Command<{ kind: 'training' | 'time'; description: string }, null, object> = {
  name: 'armorerRequest.make',
  facts: async () => null,
  refusalData: (act) => ({ kind: act.input.kind }),
  async apply(tx, _facts, act) {
    const { productionId, caller, input } = act;
    const row: RequestRow = {
      id: newId(),
      production_id: productionId,
      kind: input.kind,
      description: input.description,
      requested_by: caller.user.id,
      requested_at: tx.now.toISOString(),
      status: 'open',
      decided_by: null,
      decided_at: null,
      reason: null,
    };
    await tx.repos.armory.insertRequest(row);
    const receipt = await tx.ledger.append(productionId, { type: 'armorerRequest.made', actor: { userId: caller.user.id }, data: { requestId: row.id, ...input } });
    await tx.publish(productionId, 'alert', { rule: 'F12', requestId: row.id, message: `${caller.user.name} asks for more ${input.kind}: ${input.description}`, notify: ['producer', 'upm', 'safety_advisor'] });
    return { request: presentRequest(row), receipt };
  },
};

export interface DecisionInput {
  requestId: string;
  decision: 'granted' | 'denied';
  reason?: string | null | undefined;
}

/** F12: granting is simple; denying needs a reason, and the denial goes to the safety advisor. */
export const decideRequest: Command<DecisionInput, RequestRow, object> = {
  name: 'armorerRequest.decide',
  async facts(tx, act) {
    const request = await tx.repos.armory.request(act.productionId, act.input.requestId);
    if (!request) throw notFound('Request not found');
    if (request.status !== 'open') throw conflict('This request was already answered.');
    return request;
  },
  decide: (_request, act) => [f12Decision(act.input.decision, act.input.reason)],
  refusalData: (act) => ({ requestId: act.input.requestId, decision: act.input.decision }),
  async apply(tx, request, act) {
    const { productionId, caller, input } = act;
    const reason = input.reason?.trim() || null;
    if (!(await tx.repos.armory.decideRequest(productionId, request.id, { status: input.decision, decided_by: caller.user.id, decided_at: tx.now.toISOString(), reason }))) {
      throw conflict('This request was already answered.');
    }
    const receipt = await tx.ledger.append(productionId, { type: 'armorerRequest.decided', actor: { userId: caller.user.id }, data: { requestId: request.id, decision: input.decision, reason } });
    if (input.decision === 'denied') {
      await tx.publish(productionId, 'alert', { rule: 'F12', requestId: request.id, message: `${caller.user.name} denied the armorer's request for more ${request.kind}: ${reason}`, notify: ['safety_advisor'] });
    }
    return { request: presentRequest((await tx.repos.armory.request(productionId, request.id))!), receipt };
  },
};

export async function listRequests(deps: ServiceDeps, productionId: string) {
  return { requests: (await reader(deps).armory.requests(productionId)).map(presentRequest) };
}
