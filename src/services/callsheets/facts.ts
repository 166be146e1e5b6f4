import { CONCERN_SEVERITIES, type SheetFacts, type SheetMember, type SheetScene, type WalkieChannel } from '../../domain/callsheets/sheet.js';
import { toBase64 } from '../../ledger/hash.js';
import { keyHashText, type NoteSigner } from '../../ledger/note.js';
import type { CallSheetRow } from '../../store/callsheets.js';
import type { Repos } from '../../store/index.js';
import type { ShootDayRecord } from '../../store/schedule.js';
import { notFound } from '../problem.js';
import { presentLocation } from '../schedule/locations.js';

/** The set's public stop page (the web app's /s/:setCode), which the sheet's QR code opens. */
export function stopPageUrl(publicUrl: string, setCode: string): string {
  return `${publicUrl}/s/${encodeURIComponent(setCode)}`;
}

const inOrder = <T extends { id: string }>(ids: readonly string[], items: readonly T[]) => ids.map((id) => items.find((item) => item.id === id)).filter((item): item is T => item !== undefined);

/**
 * Everything a version of a day's sheet is made of, read in one go: the
 * schedule, the roster and calls, assessments, meetings, the armory's hold,
 * open stops, the concern counts, and the ledger's signed head as it stands.
 */
export async function sheetFacts(repos: Repos, signer: NoteSigner, sheet: CallSheetRow, publicUrl: string): Promise<SheetFacts> {
  const productionId = sheet.production_id;
  const production = await repos.productions.byId(productionId);
  const day = await repos.schedule.shootDay(productionId, sheet.shoot_day_id);
  if (!production || !day) throw notFound('Call sheet not found');
  const days = await repos.schedule.shootDays(productionId);
  const index = days.findIndex((d) => d.id === day.id);
  const next: ShootDayRecord | undefined = days[index + 1];
  const sceneIds = [...day.sceneIds, ...(next?.sceneIds ?? [])];
  const [scenes, locations, duties, times, meetings, members, contacts, head] = await Promise.all([
    repos.schedule.scenes(productionId, sceneIds),
    repos.schedule.locations(productionId, day.locationIds),
    repos.schedule.duties(productionId, [day.id]),
    repos.schedule.dayTimes(productionId, day.id),
    repos.schedule.meetings(productionId, day.id),
    repos.members.list(productionId),
    repos.members.contacts(productionId),
    repos.ledger.head(productionId),
  ]);
  const [assessments, consultations, targets, concerns, hold, stops] = await Promise.all([
    repos.schedule.assessments(productionId, day.sceneIds),
    repos.schedule.consultations(productionId, day.sceneIds),
    repos.light.targets(productionId, day.locationIds),
    repos.callSheets.openConcernCounts(productionId),
    repos.armory.openIncident(productionId),
    repos.stops.active(productionId),
  ]);
  if (!head) throw notFound('Call sheet not found');
  const cast = new Set(scenes.flatMap((s) => s.castIds));
  // Former members still name the scenes they were cast in; everyone else is a current member.
  const formerNames = await repos.users.names([...cast].filter((userId) => !members.some((m) => m.userId === userId)));
  return {
    productionId,
    production: { name: production.name, timezone: production.timezone },
    version: sheet.version,
    day: { id: day.id, date: day.date, generalCall: day.generalCall, shootingCall: day.shootingCall, notes: day.notes },
    dayNumber: index + 1,
    dayCount: days.length,
    scenes: inOrder(day.sceneIds, scenes) as SheetScene[],
    locations: inOrder(day.locationIds, locations).map(presentLocation),
    targets: new Map(day.locationIds.map((id) => [id, targets.filter((t) => t.locationId === id)])),
    members: new Map<string, SheetMember>([
      ...[...formerNames].map(([userId, name]): [string, SheetMember] => [userId, { userId, name, roles: [], department: null, phone: null }]),
      ...members.map((m): [string, SheetMember] => [m.userId, { userId: m.userId, name: m.name, roles: m.roles, department: m.department, phone: contacts.get(m.userId)?.phone ?? null }]),
    ]),
    duties: duties.map((d) => ({ userId: d.user_id, duty: d.duty })),
    times: times.map((t) => ({ userId: t.user_id, call: t.call, wrap: t.wrap })),
    assessments: new Map(
      [...assessments].map(([sceneId, row]) => [
        sceneId,
        { status: row.status === 'stale' ? 'stale' : 'current', staleBecause: row.stale_because, controls: JSON.parse(row.controls) as Array<{ hazard: string; control: string }> },
      ]),
    ),
    meetings: meetings.map((m) => ({ sceneIds: JSON.parse(m.scene_ids) as string[], heldAt: m.held_at })),
    consultations: new Map([...consultations].map(([sceneId, c]) => [sceneId, c.at])),
    openConcerns: Object.fromEntries(CONCERN_SEVERITIES.map((severity) => [severity, concerns.get(severity) ?? 0])) as SheetFacts['openConcerns'],
    holds: hold ? [{ incidentId: hold.id, kind: hold.kind, since: hold.opened_at }] : [],
    stops: stops.map((s) => ({ id: s.id, raisedAt: s.raised_at, location: s.location })),
    ledger: { treeSize: head.treeSize, rootHash: toBase64(head.rootHash), keyHash: keyHashText(signer.name, signer.publicKey), checkpoint: head.checkpoint },
    next: next ? { date: next.date, number: index + 2, scenes: inOrder(next.sceneIds, scenes) as SheetScene[] } : null,
    draft: { notes: sheet.notes, walkieChannels: JSON.parse(sheet.walkie_channels) as WalkieChannel[], medicId: sheet.medic_id },
    stopUrl: stopPageUrl(publicUrl, production.set_code),
  };
}
