import { readableVisibilities } from '../../domain/notebooks/access.js';
import { cameraReportCsv, type Take } from '../../domain/notebooks/camera.js';
import { reader, type ServiceDeps } from '../context.js';
import { notFound } from '../problem.js';
import { openNotebook } from './notebooks.js';

/** The notebook's camera reports, for post and VFX: every take the caller may read, in the order it was shot. */
export async function cameraReports(deps: ServiceDeps, productionId: string, notebookId: string, userId: string): Promise<string> {
  const repos = reader(deps);
  const open = await openNotebook(repos, productionId, notebookId, userId);
  const production = await repos.productions.byId(productionId);
  if (!production) throw notFound('Production not found');
  const readable = new Set(readableVisibilities(open.standing));
  const takes: Take[] = (await repos.notebooks.allEntries(open.row.id, 'camera_report'))
    .filter((entry) => entry.removedAt === null && readable.has(entry.visibility))
    .map((entry) => ({
      entryId: entry.id,
      title: entry.title,
      body: entry.body,
      fields: entry.fields,
      shotAt: typeof entry.fields.shotAt === 'string' ? entry.fields.shotAt : entry.createdAt,
    }))
    .sort((a, b) => a.shotAt.localeCompare(b.shotAt) || a.entryId.localeCompare(b.entryId));
  const days = (await repos.schedule.shootDays(productionId)).map((day) => day.date).sort();
  const dayNumber = new Map(days.map((date, i) => [date, i + 1]));
  return cameraReportCsv(takes, { job: production.name, timezone: production.timezone, shootDayOn: (date) => dayNumber.get(date) ?? null });
}
