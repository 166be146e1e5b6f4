import { dayLight } from '../../domain/light/sun.js';
import { localDate } from '../../domain/schedule/calendar.js';
import type { EntryRecord } from '../../store/notebooks.js';
import { reader, type ServiceDeps } from '../context.js';
import { forbidden, notFound } from '../problem.js';
import { presentEntries, type EntryView } from './entries.js';
import { openNotebook } from './notebooks.js';
import { sealNotebook } from './handoff.js';

/** Shoot days ahead whose light a plan works out: the next weeks, as the light targets list does. */
const LIGHT_DAYS_AHEAD = 30;

/** A title that asks something ("Which diffusion for the night exteriors?"), or an entry tagged as a question. */
const asks = (entry: EntryRecord) => entry.kind !== 'todo' && (entry.tags.includes('question') || entry.title.trim().endsWith('?'));
const open = (entry: EntryRecord) => entry.kind === 'todo' && entry.fields.done !== true;
const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);

/**
 * The start-here package a successor reads first: the upcoming days and what
 * they need (looks, light), the kit and where it came from, the dealers and
 * what is on order, the people and who recommended them, what is still open;
 * and the content hash of everything the notebook holds, so the successor
 * and the producer can later prove what was handed over. The head's alone.
 */
export async function preparePackage(deps: ServiceDeps, productionId: string, notebookId: string, userId: string) {
  const repos = reader(deps);
  const notebook = await openNotebook(repos, productionId, notebookId, userId);
  if (notebook.standing !== 'head') throw forbidden('The package is for the head of the notebook.');
  const production = await repos.productions.byId(productionId);
  if (!production) throw notFound('Production not found');
  const sealed = await sealNotebook(repos, notebook.row);
  const standing = (await repos.notebooks.allEntries(notebook.row.id)).filter((e) => e.removedAt === null);
  const views = new Map((await presentEntries(repos, notebook.row.id, standing, 'head')).map((view) => [view.id, view]));
  const view = (entry: EntryRecord): EntryView => views.get(entry.id)!;
  const ofKind = (kind: EntryRecord['kind']) => standing.filter((e) => e.kind === kind).sort(byTitle);

  const today = localDate(deps.clock(), production.timezone);
  const days = (await repos.schedule.shootDays(productionId)).filter((day) => day.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  const scenes = new Map((await repos.schedule.scenes(productionId)).map((scene) => [scene.id, scene]));
  const places = new Map((await repos.schedule.locations(productionId)).map((location) => [location.id, location]));
  const upcomingScenes = new Set(days.flatMap((day) => day.sceneIds));

  const looks = ofKind('look')
    .map((entry) => {
      const sceneIds = Array.isArray(entry.fields.sceneIds) ? (entry.fields.sceneIds as string[]) : [];
      return { entry: view(entry), sceneNumbers: sceneIds.map((id) => scenes.get(id)?.number ?? '?'), upcoming: sceneIds.some((id) => upcomingScenes.has(id)) };
    })
    .sort((a, b) => Number(b.upcoming) - Number(a.upcoming));

  // A light plan's windows: its own target (or every target at its location) on each upcoming day there or of its scenes.
  const targets = await repos.light.targets(productionId);
  const light = await Promise.all(
    ofKind('light').map(async (entry) => {
      const place = typeof entry.fields.locationId === 'string' ? places.get(entry.fields.locationId) : undefined;
      if (!place) return { entry: view(entry), location: null, days: [] };
      const wanted =
        typeof entry.fields.targetId === 'string'
          ? [await repos.light.target(productionId, place.id, entry.fields.targetId)].filter((t) => t !== undefined)
          : targets.filter((t) => t.locationId === place.id);
      const sceneIds = Array.isArray(entry.fields.sceneIds) ? (entry.fields.sceneIds as string[]) : [];
      const there = days.filter((day) => day.locationIds.includes(place.id) || day.sceneIds.some((id) => sceneIds.includes(id))).slice(0, LIGHT_DAYS_AHEAD);
      return {
        entry: view(entry),
        location: { id: place.id, name: place.name },
        days: there.map((day) => {
          const sun = dayLight({ latitude: place.latitude, longitude: place.longitude, elevationM: place.elevationM, timezone: place.timezone }, day.date, wanted);
          return { date: day.date, sunrise: sun.sunrise, sunset: sun.sunset, targets: sun.targets.map(({ id, name, windows }) => ({ id, name, windows })) };
        }),
      };
    }),
  );

  const vendors = ofKind('vendor');
  const vendorName = new Map(vendors.map((v) => [v.id, typeof v.fields.name === 'string' ? v.fields.name : v.title]));
  const orders = standing.filter(open);
  const head = await repos.users.byId(notebook.row.head_id);
  const names = await repos.users.names((await repos.notebooks.handoffs(notebook.row.id)).flatMap((h) => [h.from_id, h.to_id]));

  return {
    startHere: {
      notebookId: notebook.row.id,
      department: notebook.row.department,
      head: { userId: notebook.row.head_id, name: head?.name ?? '' },
      preparedAt: deps.clock().toISOString(),
      contentHash: sealed.contentHash,
      ...sealed.counts,
      handoffs: (await repos.notebooks.handoffs(notebook.row.id)).map((h) => ({
        at: h.at,
        fromUserId: h.from_id,
        fromName: names.get(h.from_id) ?? '',
        toUserId: h.to_id,
        toName: names.get(h.to_id) ?? '',
        contentHash: h.content_hash,
        note: h.note,
      })),
    },
    upcoming: days.map((day) => ({
      shootDayId: day.id,
      date: day.date,
      scenes: day.sceneIds.flatMap((id) => {
        const scene = scenes.get(id);
        return scene ? [{ id, number: scene.number, description: scene.description }] : [];
      }),
      locations: day.locationIds.flatMap((id) => {
        const place = places.get(id);
        return place ? [{ id, name: place.name }] : [];
      }),
    })),
    looks,
    light,
    equipment: ofKind('equipment').map((entry) => {
      const vendorId = typeof entry.fields.vendorEntryId === 'string' ? entry.fields.vendorEntryId : null;
      return { entry: view(entry), vendor: vendorId && vendorName.has(vendorId) ? { entryId: vendorId, name: vendorName.get(vendorId)! } : null };
    }),
    vendors: vendors.map((vendor) => ({
      entry: view(vendor),
      openOrders: orders.filter((todo) => todo.fields.vendorEntryId === vendor.id || todo.links.includes(vendor.id)).map(view),
    })),
    people: ofKind('person').map(view),
    openQuestions: standing.filter(asks).sort(byTitle).map(view),
    todos: orders.sort(byTitle).map(view),
    content: sealed.content,
  };
}

export type NotebookPackage = Awaited<ReturnType<typeof preparePackage>>;
