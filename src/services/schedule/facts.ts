import type { Member, SafetyMeeting, ShootDay } from '../../domain/armory/model.js';
import type { Repos } from '../../store/index.js';
import { notFound } from '../problem.js';

/** Everyone on the production as the rules read them: roles, and firearms training on file (F12). */
export async function membersOf(repos: Repos, productionId: string): Promise<Map<string, Member>> {
  const trained = await repos.schedule.trained(productionId);
  const list = await repos.members.list(productionId);
  return new Map(list.map((m) => [m.userId, { userId: m.userId, roles: m.roles, trained: trained.has(m.userId) }]));
}

/** A shoot day with its duty roster; another production's day is not found. */
export async function dayWithDuties(repos: Repos, productionId: string, shootDayId: string): Promise<ShootDay & { date: string; wrappedAt: string | null }> {
  const day = await repos.schedule.shootDay(productionId, shootDayId);
  if (!day) throw notFound('Shoot day not found');
  const duties = (await repos.schedule.duties(productionId, [shootDayId])).map((d) => ({ userId: d.user_id, duty: d.duty }));
  return { id: day.id, date: day.date, sceneIds: day.sceneIds, duties, wrappedAt: day.wrappedAt };
}

/** Today's date on the production's wall calendar. */
export async function productionToday(repos: Repos, productionId: string, now: Date): Promise<string> {
  const production = await repos.productions.byId(productionId);
  return new Intl.DateTimeFormat('en-CA', { timeZone: production?.timezone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The safety meetings of a day (F5). */
export async function safetyMeetings(repos: Repos, productionId: string, shootDayId: string): Promise<SafetyMeeting[]> {
  return (await repos.schedule.meetings(productionId, shootDayId)).map((m) => ({
    shootDayId: m.shoot_day_id,
    sceneIds: JSON.parse(m.scene_ids) as string[],
    heldAt: m.held_at,
    attendeeIds: JSON.parse(m.attendee_ids) as string[],
    walkthrough: m.walkthrough === 1,
    abortPlan: m.abort_plan,
    emergencyPlan: m.emergency_plan,
  }));
}
