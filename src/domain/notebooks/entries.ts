/**
 * A department notebook's entries: their kinds, which fields each kind keeps,
 * who may read them, and how a version is told apart from another. Pure.
 */

export const ENTRY_KINDS = ['equipment', 'vendor', 'person', 'look', 'light', 'camera_report', 'technical', 'idea', 'todo'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** `department`: the head and the department's members; `head`: the head alone. */
export const VISIBILITIES = ['department', 'head'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The fields each kind keeps, and which of them it cannot do without (API.md, "Department notebooks and handoff"). */
export const KIND_FIELDS: Readonly<Record<EntryKind, { required: readonly string[]; optional: readonly string[] }>> = {
  equipment: { required: ['make'], optional: ['series', 'focalLengths', 'tStops', 'mount', 'serials', 'quirks', 'provenance', 'vendorEntryId'] },
  vendor: { required: ['name'], optional: ['contact', 'carries', 'terms'] },
  person: { required: ['name', 'role'], optional: ['contact', 'dayRate', 'weekRate', 'kitRate', 'currency', 'recommendedBy', 'recommendation', 'availability'] },
  look: { required: [], optional: ['sceneIds'] },
  light: { required: [], optional: ['locationId', 'targetId', 'sceneIds'] },
  // A take names its setup (the report of the setup's first take): roll and scene come from it when not given.
  camera_report: {
    required: ['roll', 'scene', 'take'],
    optional: ['setupId', 'camera', 'slate', 'circled', 'shotAt', 'lens', 'focalLength', 'tStop', 'filters', 'shutter', 'frameRate', 'iso', 'whiteBalance', 'heightCm', 'tiltDeg', 'focusM'],
  },
  technical: { required: [], optional: [] },
  idea: { required: [], optional: [] },
  todo: { required: [], optional: ['done', 'vendorEntryId'] },
};

export type Fields = Record<string, unknown>;

const KIND_NAMES: Record<EntryKind, string> = {
  equipment: 'an equipment entry',
  vendor: 'a vendor entry',
  person: 'a person entry',
  look: 'a look',
  light: 'a light plan',
  camera_report: 'a camera report',
  technical: 'a technical note',
  idea: 'an idea',
  todo: 'a to-do',
};

/** What a person's entry keeps to the head unless the head says otherwise: rates and recommendations. */
export function defaultVisibility(kind: EntryKind): Visibility {
  return kind === 'person' ? 'head' : 'department';
}

/** Every field of `fields` the kind does not keep, and every one it needs that is missing, as `fields.<name>` problems. */
export function fieldProblems(kind: EntryKind, fields: Fields): Array<{ path: string; message: string }> {
  const { required, optional } = KIND_FIELDS[kind];
  const problems: Array<{ path: string; message: string }> = [];
  for (const key of Object.keys(fields)) {
    if (!required.includes(key) && !optional.includes(key)) problems.push({ path: `fields.${key}`, message: `is not a field of ${KIND_NAMES[kind]}` });
  }
  for (const key of required) if (fields[key] === undefined) problems.push({ path: `fields.${key}`, message: 'is required' });
  return problems;
}

/** A JSON merge patch of the fields (RFC 7396, one level): a value replaces, null removes. */
export function mergeFields(current: Fields, patch: Record<string, unknown>): Fields {
  const merged: Fields = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** Fields as kept: a take's time in UTC, so reports sort by when they were shot whatever zone the phone wrote. */
export function keptFields(fields: Fields): Fields {
  return typeof fields.shotAt === 'string' ? { ...fields, shotAt: new Date(fields.shotAt).toISOString() } : fields;
}

/** A take's fields: its setup's, with what the take itself says on top (the setup's own setupId and take are not inherited). */
export function inheritSetup(setup: Fields, take: Fields): Fields {
  const { setupId: _setupId, take: _take, circled: _circled, shotAt: _shotAt, ...carried } = setup;
  return { ...carried, ...take };
}

/** Tags as the notebook keeps them: lower case, each once, in the order given. */
export function normalTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

/** One version of an entry, as it is hashed, sealed at a handoff and kept in the package. */
export interface VersionContent {
  entryId: string;
  version: number;
  kind: EntryKind;
  title: string;
  body: string | null;
  fields: Fields;
  tags: string[];
  links: string[];
  visibility: Visibility;
  removed: boolean;
  authorId: string;
  at: string;
}

/** An attachment as a handoff seals it: its bytes are named by their hash. */
export interface AttachmentContent {
  id: string;
  entryId: string;
  sha256: string;
  contentType: string;
  bytes: number;
  addedBy: string;
  addedAt: string;
}

/**
 * Everything a notebook holds, in one order: entries by id with every
 * version, attachments by id. Its canonical JSON's SHA-256 is the notebook's
 * content hash, so anyone with the package's content.json can recompute it.
 */
export function notebookContent(notebook: { id: string; department: string }, versions: readonly VersionContent[], attachments: readonly AttachmentContent[]) {
  const byEntry = new Map<string, VersionContent[]>();
  for (const version of versions) byEntry.set(version.entryId, [...(byEntry.get(version.entryId) ?? []), version]);
  const entries = [...byEntry.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([entryId, list]) => ({ entryId, versions: [...list].sort((a, b) => a.version - b.version) }));
  return {
    notebookId: notebook.id,
    department: notebook.department,
    entries,
    attachments: [...attachments].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** A department as people write it, folded so "Camera", "camera " and "CAMERA" are one department. */
export function departmentKey(department: string): string {
  return department.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
