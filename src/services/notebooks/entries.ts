import crypto from 'node:crypto';
import { mayRead, readableVisibilities, type Standing } from '../../domain/notebooks/access.js';
import {
  defaultVisibility,
  fieldProblems,
  inheritSetup,
  keptFields,
  mergeFields,
  normalTags,
  type EntryKind,
  type Fields,
  type VersionContent,
  type Visibility,
} from '../../domain/notebooks/entries.js';
import { searchDocument, searchQuery } from '../../domain/notebooks/search.js';
import { canonicalize } from '../../ledger/canonical.js';
import type { Repos } from '../../store/index.js';
import type { AttachmentRow, EntryRecord, VersionRecord } from '../../store/notebooks.js';
import { reader, type ServiceDeps, type Tx } from '../context.js';
import type { Command } from '../command.js';
import { conflict, forbidden, invalid, notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { openNotebook, type OpenNotebook } from './notebooks.js';
import { fromTheFuture, writtenTime } from '../written-at.js';

const ENTRY_NOT_FOUND = 'Entry not found';

/** The hex SHA-256 of a version's canonical JSON (RFC 8785, as the ledger hashes its entries). */
export function versionHash(content: VersionContent): string {
  return crypto.createHash('sha256').update(canonicalize(content)).digest('hex');
}

export const contentOf = (version: VersionRecord): VersionContent => ({
  entryId: version.entryId,
  version: version.version,
  kind: version.kind,
  title: version.title,
  body: version.body,
  fields: version.fields,
  tags: version.tags,
  links: version.links,
  visibility: version.visibility,
  removed: version.removed,
  authorId: version.authorId,
  at: version.at,
});

/** An attachment as its readers see it. */
export function presentAttachment(row: AttachmentRow) {
  return {
    id: row.id,
    entryId: row.entry_id,
    contentType: row.content_type,
    bytes: row.bytes,
    sha256: row.sha256,
    filename: row.filename,
    width: row.width,
    height: row.height,
    thumbnail: row.thumbnail_sha256 !== null,
    takenAt: row.taken_at,
    takenAtLocal: row.taken_at_local,
    latitude: row.latitude,
    longitude: row.longitude,
    addedBy: row.added_by,
    addedAt: row.added_at,
  };
}

export type EntryView = ReturnType<typeof entryView>;

function entryView(entry: EntryRecord, attachments: AttachmentRow[], readableLinks: ReadonlySet<string>) {
  return {
    id: entry.id,
    notebookId: entry.notebookId,
    kind: entry.kind,
    version: entry.version,
    title: entry.title,
    body: entry.body,
    fields: entry.fields,
    tags: entry.tags,
    links: entry.links.filter((id) => readableLinks.has(id)),
    visibility: entry.visibility,
    createdBy: entry.createdBy,
    createdAt: entry.createdAt,
    writtenAt: entry.writtenAt ?? entry.createdAt,
    updatedBy: entry.updatedBy,
    updatedAt: entry.updatedAt,
    removedAt: entry.removedAt,
    attachments: attachments.map(presentAttachment),
  };
}

/** Entries as a reader of this standing sees them: their attachments, and only the links they may follow. */
export async function presentEntries(repos: Pick<Repos, 'notebooks'>, notebookId: string, entries: readonly EntryRecord[], standing: Standing): Promise<EntryView[]> {
  const attachments = await repos.notebooks.attachments(entries.map((e) => e.id));
  const byEntry = new Map<string, AttachmentRow[]>();
  for (const row of attachments) byEntry.set(row.entry_id, [...(byEntry.get(row.entry_id) ?? []), row]);
  const linked = await repos.notebooks.entriesById(notebookId, entries.flatMap((e) => e.links));
  const readable = new Set([...linked.values()].filter((e) => mayRead(standing, e.visibility)).map((e) => e.id));
  return entries.map((entry) => entryView(entry, byEntry.get(entry.id) ?? [], readable));
}

/** An entry of the notebook the caller may read, or 404: one kept to the head does not exist for anyone else. */
export async function readableEntry(repos: Repos, open: OpenNotebook, entryId: string): Promise<EntryRecord> {
  const entry = await repos.notebooks.entry(open.row.id, entryId);
  if (!entry || !mayRead(open.standing, entry.visibility)) throw notFound(ENTRY_NOT_FOUND);
  return entry;
}

/** Only the head chooses who reads an entry; anyone else writes at the kind's own visibility. */
function chosenVisibility(open: OpenNotebook, kind: EntryKind, asked: Visibility | undefined, current?: Visibility): Visibility {
  const kept = current ?? defaultVisibility(kind);
  if (asked === undefined || asked === kept) return kept;
  if (open.standing !== 'head') throw forbidden('Only the head chooses who reads an entry.');
  return asked;
}

/**
 * Every id an entry names must be the production's (scenes, locations) or
 * this notebook's and readable by the writer (dealers, setups, links);
 * anything else is not found, as it would be to read.
 */
async function checkReferences(tx: Tx, productionId: string, open: OpenNotebook, fields: Fields, links: readonly string[]) {
  const sceneIds = Array.isArray(fields.sceneIds) ? (fields.sceneIds as string[]) : [];
  if (sceneIds.length > 0 && (await tx.repos.schedule.scenes(productionId, sceneIds)).length !== new Set(sceneIds).size) throw notFound('Scene not found');
  if (typeof fields.locationId === 'string' && (await tx.repos.schedule.locations(productionId, [fields.locationId])).length === 0) throw notFound('Location not found');
  if (typeof fields.targetId === 'string') {
    // A light target belongs to a location: the plan names both.
    if (typeof fields.locationId !== 'string') throw invalid([{ path: 'fields.locationId', message: 'is required with a light target: name the location it is at' }]);
    if (!(await tx.repos.light.target(productionId, fields.locationId, fields.targetId))) throw notFound('Light target not found');
  }
  // Entries a field names must be of the kind it means: a dealer's vendor entry, a take's setup report.
  const kinds = { vendorEntryId: ['vendor', 'is not a vendor entry'], setupId: ['camera_report', 'is not a camera report'] } as const;
  const typed = (Object.keys(kinds) as Array<keyof typeof kinds>).filter((key) => typeof fields[key] === 'string');
  const named = [...links, ...typed.map((key) => fields[key] as string)];
  const found = await tx.repos.notebooks.entriesById(open.row.id, named);
  for (const id of named) {
    const entry = found.get(id);
    if (!entry || entry.removedAt !== null || !mayRead(open.standing, entry.visibility)) throw notFound(ENTRY_NOT_FOUND);
  }
  const wrong = typed.filter((key) => found.get(fields[key] as string)!.kind !== kinds[key][0]);
  if (wrong.length > 0) throw invalid(wrong.map((key) => ({ path: `fields.${key}`, message: kinds[key][1] })));
}

/** Writes an entry's new head state and its version, and gives the search its words. */
async function record(tx: Tx, productionId: string, entry: EntryRecord) {
  const version: VersionRecord = {
    entryId: entry.id,
    version: entry.version,
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    fields: entry.fields,
    tags: entry.tags,
    links: entry.links,
    visibility: entry.visibility,
    removed: entry.removedAt !== null,
    authorId: entry.updatedBy,
    at: entry.updatedAt,
    contentHash: '',
  };
  version.contentHash = versionHash(contentOf(version));
  await tx.repos.notebooks.insertVersion(productionId, version, entry.notebookId);
  await tx.repos.notebooks.index(entry, entry.removedAt === null ? searchDocument(entry) : null);
  await tx.repos.notebooks.setTags(entry.id, entry.notebookId, entry.removedAt === null ? entry.tags : []);
}

export interface WriteEntryInput {
  notebookId: string;
  kind: EntryKind;
  title: string;
  body?: string | null | undefined;
  fields?: Fields | undefined;
  tags?: string[] | undefined;
  links?: string[] | undefined;
  visibility?: Visibility | undefined;
  /** when it was written on a phone that had to keep it while offline */
  writtenAt?: string | undefined;
}

interface WriteFacts {
  open: OpenNotebook;
  fields: Fields;
  visibility: Visibility;
}

/**
 * A new entry, version 1. Notes are not safety facts: they are kept with
 * every version in the notebook's own tables, and the ledger records only
 * that a notebook was opened, who may read it and when it changed hands
 * (with the content hash of every version), never its words.
 */
export const writeEntry: Command<WriteEntryInput, WriteFacts, object> = {
  name: 'notebook.writeEntry',
  async facts(tx, act) {
    const { input } = act;
    const future = fromTheFuture('writtenAt', input.writtenAt, tx.now);
    if (future) throw invalid([future]);
    const open = await openNotebook(tx.repos, act.productionId, input.notebookId, act.caller.user.id);
    const visibility = chosenVisibility(open, input.kind, input.visibility);
    let fields: Fields = { ...input.fields };
    if (input.kind === 'camera_report' && typeof fields.setupId === 'string') {
      const named = await readableEntry(tx.repos, open, fields.setupId);
      // A take inherits from the setup's first report, whichever take of it was named.
      const setup = typeof named.fields.setupId === 'string' ? await readableEntry(tx.repos, open, named.fields.setupId) : named;
      if (named.kind !== 'camera_report' || setup.kind !== 'camera_report' || named.removedAt !== null) throw notFound(ENTRY_NOT_FOUND);
      fields = inheritSetup(setup.fields, { ...fields, setupId: setup.id });
      const problems = fieldProblems(input.kind, fields);
      if (problems.length > 0) throw invalid(problems);
    }
    await checkReferences(tx, act.productionId, open, fields, input.links ?? []);
    return { open, fields: keptFields(fields), visibility };
  },
  refusalData: (act) => ({ notebookId: act.input.notebookId }),
  async apply(tx, f, act) {
    const { caller, input } = act;
    const at = tx.now.toISOString();
    const entry: EntryRecord = {
      id: newId(),
      notebookId: f.open.row.id,
      kind: input.kind,
      version: 1,
      title: input.title,
      body: input.body ?? null,
      fields: f.fields,
      tags: normalTags(input.tags ?? []),
      links: input.links ?? [],
      visibility: f.visibility,
      createdBy: caller.user.id,
      createdAt: at,
      writtenAt: writtenTime(input.writtenAt, tx.now),
      updatedBy: caller.user.id,
      updatedAt: at,
      removedAt: null,
    };
    await tx.repos.notebooks.insertEntry(act.productionId, entry);
    await record(tx, act.productionId, entry);
    const [view] = await presentEntries(tx.repos, entry.notebookId, [entry], f.open.standing);
    return { entry: view };
  },
};

/** The entry as it stands, for an edit made on `version`: a newer one is a 409, a removed entry too. */
async function entryToChange(tx: Tx, open: OpenNotebook, entryId: string, version: number): Promise<EntryRecord> {
  const entry = await readableEntry(tx.repos, open, entryId);
  if (entry.removedAt !== null) throw conflict('This entry was removed; its history is kept.');
  if (entry.version !== version) throw conflict(`This entry changed after version ${version}: it is at version ${entry.version}. Look at it again before changing it.`);
  return entry;
}

export interface EditEntryInput {
  notebookId: string;
  entryId: string;
  version: number;
  title?: string | undefined;
  body?: string | null | undefined;
  fields?: Record<string, unknown> | undefined;
  tags?: string[] | undefined;
  links?: string[] | undefined;
  visibility?: Visibility | undefined;
}

interface EditFacts {
  open: OpenNotebook;
  next: EntryRecord;
}

/** A new version of an entry, made on the version the writer last saw. */
export const editEntry: Command<EditEntryInput, EditFacts, object> = {
  name: 'notebook.editEntry',
  async facts(tx, act) {
    const { input } = act;
    const open = await openNotebook(tx.repos, act.productionId, input.notebookId, act.caller.user.id);
    const entry = await entryToChange(tx, open, input.entryId, input.version);
    const visibility = chosenVisibility(open, entry.kind, input.visibility, entry.visibility);
    const fields = keptFields(mergeFields(entry.fields, input.fields ?? {}));
    const problems = fieldProblems(entry.kind, fields);
    if (problems.length > 0) throw invalid(problems);
    const links = input.links ?? entry.links;
    // Only what the edit names anew: a dealer removed since it was named does not block an edit of something else.
    const named = Object.fromEntries(Object.entries(fields).filter(([key]) => input.fields?.[key] !== undefined || (key === 'locationId' && input.fields?.targetId !== undefined)));
    await checkReferences(tx, act.productionId, open, named, links.filter((id) => !entry.links.includes(id)));
    const at = tx.now.toISOString();
    const next: EntryRecord = {
      ...entry,
      version: entry.version + 1,
      title: input.title ?? entry.title,
      body: input.body === undefined ? entry.body : input.body,
      fields,
      tags: input.tags ? normalTags(input.tags) : entry.tags,
      links,
      visibility,
      updatedBy: act.caller.user.id,
      updatedAt: at,
    };
    return { open, next };
  },
  refusalData: (act) => ({ notebookId: act.input.notebookId, entryId: act.input.entryId }),
  async apply(tx, f, act) {
    if (!(await tx.repos.notebooks.advanceEntry(f.next, act.input.version))) throw conflict('This entry changed meanwhile. Look at it again before changing it.');
    await record(tx, act.productionId, f.next);
    const [view] = await presentEntries(tx.repos, f.next.notebookId, [f.next], f.open.standing);
    return { entry: view };
  },
};

/** Removes an entry: a tombstone version on top of its history, which stays. */
export const removeEntry: Command<{ notebookId: string; entryId: string; version: number }, EditFacts, object> = {
  name: 'notebook.removeEntry',
  async facts(tx, act) {
    const { input } = act;
    const open = await openNotebook(tx.repos, act.productionId, input.notebookId, act.caller.user.id);
    const entry = await entryToChange(tx, open, input.entryId, input.version);
    const at = tx.now.toISOString();
    return { open, next: { ...entry, version: entry.version + 1, updatedBy: act.caller.user.id, updatedAt: at, removedAt: at } };
  },
  refusalData: (act) => ({ notebookId: act.input.notebookId, entryId: act.input.entryId }),
  async apply(tx, f, act) {
    if (!(await tx.repos.notebooks.advanceEntry(f.next, act.input.version))) throw conflict('This entry changed meanwhile. Look at it again before removing it.');
    await record(tx, act.productionId, f.next);
    const [view] = await presentEntries(tx.repos, f.next.notebookId, [f.next], f.open.standing);
    return { entry: view };
  },
};

export interface EntryQuery {
  q?: string | undefined;
  kind?: EntryKind | undefined;
  tag?: string | undefined;
  limit: number;
}

/** Entries the caller may read: ranked by the words asked for, else the most recently changed first. */
export async function listEntries(deps: ServiceDeps, productionId: string, notebookId: string, userId: string, query: EntryQuery) {
  const repos = reader(deps);
  const open = await openNotebook(repos, productionId, notebookId, userId);
  const filter = { visibilities: readableVisibilities(open.standing), kind: query.kind, tag: query.tag?.toLowerCase(), limit: query.limit };
  const words = query.q === undefined ? null : searchQuery(query.q);
  const entries = words ? await repos.notebooks.search(open.row.id, words, filter) : await repos.notebooks.entries(open.row.id, filter);
  return { entries: await presentEntries(repos, open.row.id, entries, open.standing) };
}

export async function getEntry(deps: ServiceDeps, productionId: string, notebookId: string, entryId: string, userId: string) {
  const repos = reader(deps);
  const open = await openNotebook(repos, productionId, notebookId, userId);
  const [view] = await presentEntries(repos, open.row.id, [await readableEntry(repos, open, entryId)], open.standing);
  return { entry: view };
}

/** Every version the caller may read, oldest first: a version kept to the head is the head's alone, even after the entry was shared. */
export async function entryHistory(deps: ServiceDeps, productionId: string, notebookId: string, entryId: string, userId: string) {
  const repos = reader(deps);
  const open = await openNotebook(repos, productionId, notebookId, userId);
  await readableEntry(repos, open, entryId);
  const versions = (await repos.notebooks.versions(entryId)).filter((v) => mayRead(open.standing, v.visibility));
  return { versions: versions.map(({ entryId: _entryId, ...version }) => version) };
}
