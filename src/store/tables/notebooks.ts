import { ENTRY_KINDS, VISIBILITIES } from '../../domain/notebooks/entries.js';
import { identity, integer, real, table, text } from './define.js';

/** The migration that brings the department notebooks. */
const NOTEBOOKS = '0013_notebooks';

/** One per department, owned by its head. */
export const notebooks = table({
  name: 'notebooks',
  since: NOTEBOOKS,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    /** the department as the production names it ("Camera") */
    department: text(),
    /** the same, folded for comparison with members' departments: one notebook per department */
    department_key: text(),
    head_id: text({ references: 'users.id' }),
    created_by: text({ references: 'users.id' }),
    created_at: text(),
  },
  unique: [['production_id', 'department_key']],
});

/** People the head lets in besides the department (a DIT, a trainee from another department). */
export const notebookMembers = table({
  name: 'notebook_members',
  since: NOTEBOOKS,
  columns: {
    notebook_id: text({ references: 'notebooks.id' }),
    production_id: text({ references: 'productions.id' }),
    user_id: text({ references: 'users.id' }),
    added_by: text({ references: 'users.id' }),
    added_at: text(),
  },
  primaryKey: ['notebook_id', 'user_id'],
});

/** An entry as it stands: its latest version, or its tombstone. */
export const notebookEntries = table({
  name: 'notebook_entries',
  since: NOTEBOOKS,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    notebook_id: text({ references: 'notebooks.id' }),
    kind: text({ values: ENTRY_KINDS }),
    version: integer(),
    title: text(),
    body: text({ nullable: true }),
    /** JSON, the kind's fields */
    fields: text(),
    /** JSON string[] */
    tags: text(),
    /** JSON string[]: the entries of the same notebook this one points at */
    links: text(),
    visibility: text({ values: VISIBILITIES }),
    created_by: text({ references: 'users.id' }),
    created_at: text(),
    /** when it was written, if before the server heard of it (kept on a phone while offline); null means at created_at */
    written_at: text({ nullable: true, since: '0014_written_times' }),
    updated_by: text({ references: 'users.id' }),
    updated_at: text(),
    /** set when the entry was removed: its history stays */
    removed_at: text({ nullable: true }),
  },
  indexes: [
    { name: 'notebook_entries_recent', columns: ['notebook_id', 'updated_at'] },
    { name: 'notebook_entries_kind', columns: ['notebook_id', 'kind'] },
  ],
});

/** Every version of every entry, the tombstone included: nothing is ever rewritten. */
export const notebookVersions = table({
  name: 'notebook_versions',
  since: NOTEBOOKS,
  columns: {
    entry_id: text({ references: 'notebook_entries.id' }),
    version: integer(),
    production_id: text({ references: 'productions.id' }),
    notebook_id: text({ references: 'notebooks.id' }),
    kind: text({ values: ENTRY_KINDS }),
    title: text(),
    body: text({ nullable: true }),
    fields: text(),
    tags: text(),
    links: text(),
    visibility: text({ values: VISIBILITIES }),
    /** 1 for the tombstone that removed the entry */
    removed: integer(),
    author_id: text({ references: 'users.id' }),
    at: text(),
    /** SHA-256 (hex) of the version's canonical JSON: what a handoff seals */
    content_hash: text(),
  },
  primaryKey: ['entry_id', 'version'],
  indexes: [{ name: 'notebook_versions_notebook', columns: ['notebook_id'] }],
  appendOnly: true,
});

/** A photo or PDF on an entry; its bytes live in the blob store under their SHA-256. */
export const notebookAttachments = table({
  name: 'notebook_attachments',
  since: NOTEBOOKS,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    notebook_id: text({ references: 'notebooks.id' }),
    entry_id: text({ references: 'notebook_entries.id' }),
    /** hex SHA-256 of the bytes: their name in the blob store */
    sha256: text(),
    content_type: text(),
    bytes: integer(),
    /** the name it had on the phone, for people; never a path */
    filename: text({ nullable: true }),
    width: integer({ nullable: true }),
    height: integer({ nullable: true }),
    /** hex SHA-256 of its thumbnail (JPEG), when one could be made */
    thumbnail_sha256: text({ nullable: true }),
    /** from EXIF, when the photo carries it: an instant when it has its offset, else the camera's wall clock */
    taken_at: text({ nullable: true }),
    taken_at_local: text({ nullable: true }),
    latitude: real({ nullable: true }),
    longitude: real({ nullable: true }),
    added_by: text({ references: 'users.id' }),
    added_at: text(),
  },
  indexes: [{ name: 'notebook_attachments_entry', columns: ['entry_id'] }],
  appendOnly: true,
});

/** The words of each entry as it stands, split as the search reads them: what the full-text index covers. */
export const notebookSearch = table({
  name: 'notebook_search',
  since: NOTEBOOKS,
  columns: {
    seq: identity(),
    entry_id: text({ unique: true, references: 'notebook_entries.id' }),
    notebook_id: text({ references: 'notebooks.id' }),
    /** the entry's, so a search ranks and filters here and reads only the entries it answers with */
    visibility: text({ values: VISIBILITIES }),
    kind: text({ values: ENTRY_KINDS }),
    title: text(),
    /** the fields' values and the tags */
    fields: text(),
    body: text(),
  },
  fullText: { name: 'notebook_search_index', columns: ['title', 'fields', 'body'], rowid: 'seq' },
});

/** An entry's tags as it stands, for the tag filter. */
export const notebookTags = table({
  name: 'notebook_tags',
  since: NOTEBOOKS,
  columns: {
    entry_id: text({ references: 'notebook_entries.id' }),
    notebook_id: text({ references: 'notebooks.id' }),
    tag: text(),
  },
  primaryKey: ['entry_id', 'tag'],
  indexes: [{ name: 'notebook_tags_tag', columns: ['notebook_id', 'tag'] }],
});

/** A notebook changing hands: who, to whom, when, and the content hash sealed at that moment. */
export const notebookHandoffs = table({
  name: 'notebook_handoffs',
  since: NOTEBOOKS,
  columns: {
    id: text({ primaryKey: true }),
    production_id: text({ references: 'productions.id' }),
    notebook_id: text({ references: 'notebooks.id' }),
    from_id: text({ references: 'users.id' }),
    to_id: text({ references: 'users.id' }),
    by_id: text({ references: 'users.id' }),
    /** the second person who confirmed with their PIN, when the producer handed it on */
    seconded_by: text({ nullable: true, references: 'users.id' }),
    /** why the head could not hand it on themselves, when the producer did */
    reason: text({ nullable: true, values: ['removed', 'ill', 'quit', 'unreachable', 'deceased'] }),
    /** the former head's words to the successor: kept here, never in the ledger */
    note: text({ nullable: true }),
    at: text(),
    content_hash: text(),
    entries: integer(),
    versions: integer(),
    attachments: integer(),
    ledger_index: integer(),
  },
  indexes: [{ name: 'notebook_handoffs_notebook', columns: ['notebook_id', 'at'] }],
  appendOnly: true,
});
