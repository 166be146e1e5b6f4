import { canonicalize } from '../../ledger/canonical.js';
import { completesProposal, waitingFor } from '../../domain/identity/grants.js';
import { addDays, weekOf } from '../../domain/schedule/calendar.js';
import { DEFAULT_REST_AGREEMENT, restAlerts, type RestAgreement, type RestAlert } from '../../domain/schedule/hours.js';
import type { Repos } from '../../store/index.js';
import type { SettingRow } from '../../store/settings.js';
import { reader, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { notFound } from '../problem.js';

async function agreementOf(repos: Repos, productionId: string): Promise<{ row: SettingRow | undefined; agreement: RestAgreement }> {
  const row = await repos.settings.get(productionId, 'rest_agreement');
  return { row, agreement: row ? (JSON.parse(row.value) as RestAgreement) : DEFAULT_REST_AGREEMENT };
}

function presentAgreement(agreement: RestAgreement, row: SettingRow | undefined) {
  const proposed = row?.proposed
    ? { agreement: JSON.parse(row.proposed) as RestAgreement, proposedBy: row.proposed_by!, waitingFor: waitingFor(JSON.parse(row.proposer_roles!) as string[]) }
    : null;
  return { agreement, status: proposed ? ('proposed' as const) : ('active' as const), proposed };
}

export async function getRestAgreement(deps: ServiceDeps, productionId: string) {
  const { row, agreement } = await agreementOf(reader(deps), productionId);
  return presentAgreement(agreement, row);
}

/**
 * S3's thresholds are a per-production agreement: the first of the safety
 * advisor and the producer proposes, the other's identical PUT puts it in
 * force. Both steps are in the ledger.
 */
export const setRestAgreement: Command<RestAgreement, Awaited<ReturnType<typeof agreementOf>>, object> = {
  name: 'restAgreement.set',
  facts: (tx, act) => agreementOf(tx.repos, act.productionId),
  refusalData: () => ({}),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const mine = caller.roles.filter((role) => role === 'producer' || role === 'safety_advisor');
    const proposal = f.row?.proposed ? { by: f.row.proposed_by!, byRoles: JSON.parse(f.row.proposer_roles!) as string[], value: f.row.proposed } : null;
    const at = tx.now.toISOString();
    const base = { production_id: productionId, name: 'rest_agreement' as const, updated_at: at };
    if (proposal && proposal.value === canonicalize(input) && completesProposal(proposal, { userId: caller.user.id, roles: mine })) {
      const receipt = await tx.ledger.append(productionId, { type: 'restAgreement.changed', actor: { userId: caller.user.id }, data: { agreement: { ...input }, proposedBy: proposal.by, confirmedBy: caller.user.id } });
      const row = { ...base, value: canonicalize(input), proposed: null, proposed_by: null, proposer_roles: null };
      await tx.repos.settings.save(row);
      return { ...presentAgreement(input, row), receipt };
    }
    const receipt = await tx.ledger.append(productionId, { type: 'restAgreement.proposed', actor: { userId: caller.user.id }, data: { agreement: { ...input }, roles: mine } });
    const row = { ...base, value: canonicalize(f.agreement), proposed: canonicalize(input), proposed_by: caller.user.id, proposer_roles: JSON.stringify(mine) };
    await tx.repos.settings.save(row);
    return { ...presentAgreement(f.agreement, row), receipt };
  },
};

export interface TimesInput {
  shootDayId: string;
  times: Array<{ userId: string; call: string; wrap: string }>;
}

interface TimesFacts {
  date: string;
  timezone: string;
  agreement: RestAgreement;
  roles: Map<string, string[]>;
}

/**
 * S3: each person's call and wrap on a day. Saving them warns of every rest
 * short of the agreement that concerns the day: a turnaround into it or out
 * of it, its week's hours, a weekend rest. Warnings, never blocks: they go
 * live to the 1st AD, the UPM and the safety advisor.
 */
export const setTimes: Command<TimesInput, TimesFacts, object> = {
  name: 'times.set',
  async facts(tx, act) {
    const { productionId, input } = act;
    const day = await tx.repos.schedule.shootDay(productionId, input.shootDayId);
    if (!day) throw notFound('Shoot day not found');
    const roles = await tx.repos.members.rolesOf(
      productionId,
      input.times.map((t) => t.userId),
    );
    if (input.times.some((t) => !roles.has(t.userId))) throw notFound('Member not found');
    const production = await tx.repos.productions.byId(productionId);
    return { date: day.date, timezone: production!.timezone, agreement: (await agreementOf(tx.repos, productionId)).agreement, roles };
  },
  refusalData: (act) => ({ shootDayId: act.input.shootDayId }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    // Instants kept in one spelling (UTC, milliseconds), so they compare as text and read alike everywhere.
    const times = input.times.map((t) => ({ userId: t.userId, call: new Date(t.call).toISOString(), wrap: new Date(t.wrap).toISOString() }));
    await tx.repos.schedule.setTimes(productionId, input.shootDayId, times, caller.user.id, tx.now.toISOString());
    const history = await tx.repos.schedule.timesOf(
      productionId,
      input.times.map((t) => t.userId),
    );
    const concerns = (alert: RestAlert) => alert.date === f.date || alert.date === addDays(f.date, 1) || (alert.kind === 'weekly_hours' && alert.date === weekOf(f.date));
    const alerts = input.times.flatMap(({ userId }) => {
      const days = history.filter((h) => h.user_id === userId).map((h) => ({ date: h.date, call: h.call, wrap: h.wrap }));
      const role = f.roles.get(userId)!.includes('performer') ? 'performer' : 'crew';
      return restAlerts(days, role, f.agreement, f.timezone)
        .filter(concerns)
        .map((alert) => ({ ...alert, userId }));
    });
    const receipt = await tx.ledger.append(productionId, {
      type: 'times.set',
      actor: { userId: caller.user.id },
      data: { shootDayId: input.shootDayId, times: input.times.map((t) => ({ ...t })), alerts: alerts.map(({ userId, kind }) => ({ userId, kind })) },
    });
    for (const alert of alerts) {
      await tx.publish(productionId, 'alert', { rule: 'S3', userId: alert.userId, kind: alert.kind, message: alert.detail, notify: ['first_ad', 'upm', 'safety_advisor'] });
    }
    return { times: input.times, alerts, receipt };
  },
};

/** A day's calls and wraps, with the people's names. */
export async function dayTimes(deps: ServiceDeps, productionId: string, shootDayId: string) {
  const repos = reader(deps);
  if (!(await repos.schedule.shootDay(productionId, shootDayId))) throw notFound('Shoot day not found');
  const times = await repos.schedule.dayTimes(productionId, shootDayId);
  const names = await repos.users.names(times.map((t) => t.user_id));
  return { times: times.map((t) => ({ userId: t.user_id, name: names.get(t.user_id) ?? 'someone', call: t.call, wrap: t.wrap })) };
}
