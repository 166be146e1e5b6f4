import type { Scene, ShootDay } from '../../domain/armory/model.js';
import { armorerOfDay, f2NoOtherDuty, f3UncoveredDays } from '../../domain/armory/rules.js';
import type { Repos } from '../../store/index.js';
import type { Command } from '../command.js';
import { notFound } from '../problem.js';
import { dayWithDuties, membersOf } from './facts.js';

export interface DutiesInput {
  shootDayId: string;
  duties: Array<{ userId: string; duty: string }>;
}

/** The roster of a shoot day; saving it reports F2 and F3 alerts (alerts, not blocks). */
export const setDuties: Command<DutiesInput, null, object> = {
  name: 'duties.set',
  async facts(tx, act) {
    const members = await membersOf(tx.repos, act.productionId);
    if (act.input.duties.some((d) => !members.has(d.userId))) throw notFound('Member not found');
    await dayWithDuties(tx.repos, act.productionId, act.input.shootDayId);
    return null;
  },
  refusalData: (act) => ({ shootDayId: act.input.shootDayId }),
  async apply(tx, _facts, act) {
    const { productionId, input } = act;
    await tx.repos.schedule.setDuties(productionId, input.shootDayId, input.duties);
    const day = await dayWithDuties(tx.repos, productionId, input.shootDayId);
    const alerts = await rosterAlerts(tx.repos, productionId, day);
    const receipt = await tx.ledger.append(productionId, {
      type: 'duties.set',
      actor: { userId: act.caller.user.id },
      data: { shootDayId: input.shootDayId, duties: input.duties, alerts: alerts.map((a) => a.rule) },
    });
    for (const alert of alerts) await tx.publish(productionId, 'alert', alert);
    const shootDay = (await tx.repos.schedule.shootDay(productionId, input.shootDayId))!;
    return { shootDay: { ...shootDay, duties: day.duties }, alerts, receipt };
  },
};

/** F2 for the day just saved, F3 for every day of the schedule. */
async function rosterAlerts(repos: Repos, productionId: string, day: ShootDay) {
  const alerts: Array<{ rule: string; message: string; shootDayId: string; notify: string[] }> = [];
  const armorerId = armorerOfDay(day);
  const f2 = armorerId ? f2NoOtherDuty(day, armorerId) : null;
  if (f2 && !f2.allowed) alerts.push({ rule: 'F2', message: f2.reason, shootDayId: day.id, notify: ['first_ad', 'safety_advisor'] });
  const days = await repos.schedule.shootDays(productionId);
  const duties = await repos.schedule.duties(productionId);
  const scenes = new Map((await repos.schedule.scenes(productionId)).map((s) => [s.id, s as Scene]));
  const uncovered = f3UncoveredDays(
    days.map((d) => ({ id: d.id, sceneIds: d.sceneIds, duties: duties.filter((x) => x.shoot_day_id === d.id).map((x) => ({ userId: x.user_id, duty: x.duty })) })),
    scenes,
  );
  for (const gap of uncovered) {
    const date = days.find((d) => d.id === gap.id)?.date ?? gap.id;
    alerts.push({ rule: 'F3', message: `No armorer is booked on ${date}, a day with firearm scenes.`, shootDayId: gap.id, notify: ['upm', 'producer', 'safety_advisor'] });
  }
  return alerts;
}
