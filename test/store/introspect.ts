import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../src/store/db.js';
import { foreignKeysOf, fullTextTriggers, primaryKeyOf, uniqueKeysOf, type Column, type Index, type LogicalType, type Table } from '../../src/store/tables/define.js';
import { FULL_TEXT_DOCUMENT } from '../../src/store/migrations/dialects.js';

/** A table as the engine reports it, in terms both engines share. */
export interface FoundTable {
  name: string;
  columns: Map<string, { type: string; nullable: boolean; identity: boolean }>;
  primaryKey: string[];
  uniqueKeys: string[];
  foreignKeys: string[];
  indexes: Map<string, { columns: string[]; unique: boolean; where: string | null }>;
  /** constraints of a kind no declaration writes (CHECK, EXCLUDE) */
  otherConstraints: string[];
  triggers: string[];
  /** SQLite's table options; null on PostgreSQL */
  sqlite: { strict: boolean; withoutRowid: boolean } | null;
}

/** What the engine's catalog calls each logical type: written out here, not taken from the migration code under test. */
const storedAs: Record<DialectName, Record<LogicalType, string>> = {
  sqlite: { text: 'TEXT', integer: 'INTEGER', real: 'REAL', blob: 'BLOB', identity: 'INTEGER' },
  postgres: { text: 'text', integer: 'int4', real: 'float8', blob: 'bytea', identity: 'int4' },
};

/** SQLite lists its rowid alias (the identity) without NOT NULL, though inserting NULL there numbers the row. */
const listedNullable = (column: Column, dialect: DialectName) => (column.type === 'identity' ? dialect === 'sqlite' : Boolean(column.nullable));

const key = (columns: readonly string[]) => columns.join(', ');
const foreignKey = (columns: readonly string[], table: string, to: readonly string[]) => `(${key(columns)}) -> ${table}(${key(to)})`;

/** Every table in the database but Kysely's migration bookkeeping. */
export async function introspect<DB>(db: Kysely<DB>, dialect: DialectName): Promise<FoundTable[]> {
  const tables = await db.introspection.getTables();
  return Promise.all(
    tables
      .filter((table) => !table.name.startsWith('kysely_migration'))
      .map(async (table) => ({
        name: table.name,
        columns: new Map(table.columns.map((c) => [c.name, { type: c.dataType, nullable: c.isNullable, identity: c.isAutoIncrementing }])),
        ...(dialect === 'sqlite' ? await sqliteDetails(db, table.name) : await postgresDetails(db, table.name)),
      })),
  );
}

async function sqliteDetails<DB>(db: Kysely<DB>, table: string) {
  const { rows: pk } = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table}) WHERE pk > 0 ORDER BY pk`.execute(db);
  const { rows: fks } = await sql<{ id: number; table: string; from: string; to: string }>`
    SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(${table}) ORDER BY id, seq`.execute(db);
  const { rows: list } = await sql<{ name: string; unique: number; origin: string }>`
    SELECT name, "unique", origin FROM pragma_index_list(${table})`.execute(db);
  const { rows: options } = await sql<{ strict: number; wr: number }>`SELECT strict, wr FROM pragma_table_list(${table})`.execute(db);
  const { rows: triggers } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${table}`.execute(db);
  const indexes = await Promise.all(
    list.map(async (index) => {
      const { rows } = await sql<{ name: string }>`SELECT name FROM pragma_index_info(${index.name}) ORDER BY seqno`.execute(db);
      const { rows: text } = await sql<{ sql: string | null }>`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ${index.name}`.execute(db);
      const where = /\bWHERE\b([\s\S]*)$/i.exec(text[0]?.sql ?? '')?.[1] ?? null;
      return { ...index, columns: rows.map((r) => r.name), where };
    }),
  );
  const byId = new Map<number, typeof fks>();
  for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
  return {
    primaryKey: pk.map((r) => r.name),
    uniqueKeys: indexes.filter((i) => i.origin === 'u').map((i) => key(i.columns)),
    foreignKeys: [...byId.values()].map((parts) => foreignKey(parts.map((p) => p.from), parts[0]!.table, parts.map((p) => p.to))),
    indexes: new Map(indexes.filter((i) => i.origin === 'c').map((i) => [i.name, { columns: i.columns, unique: i.unique === 1, where: i.where }])),
    otherConstraints: [],
    triggers: triggers.map((t) => t.name),
    sqlite: { strict: options[0]?.strict === 1, withoutRowid: options[0]?.wr === 1 },
  };
}

async function postgresDetails<DB>(db: Kysely<DB>, table: string) {
  const names = (column: string, attributes: string, relation: string) =>
    sql.raw(`(SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(${attributes}) WITH ORDINALITY k(n, ord)
      JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.n) AS ${column}`);
  const { rows: constraints } = await sql<{ name: string; kind: string; columns: string[]; target: string | null; to: string[] | null }>`
    SELECT con.conname AS name, con.contype AS kind, target.relname AS target,
      ${names('columns', 'con.conkey', 'con.conrelid')}, ${names('to', 'con.confkey', 'con.confrelid')}
    FROM pg_constraint con LEFT JOIN pg_class target ON target.oid = con.confrelid
    WHERE con.conrelid = ${table}::regclass`.execute(db);
  const { rows: indexes } = await sql<{ name: string; unique: boolean; where: string | null; columns: string[] }>`
    SELECT ic.relname AS name, i.indisunique AS unique, pg_get_expr(i.indpred, i.indrelid) AS where,
      ${names('columns', 'i.indkey::int2[]', 'i.indrelid')}
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE i.indrelid = ${table}::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))`.execute(db);
  const { rows: triggers } = await sql<{ name: string }>`
    SELECT tgname AS name FROM pg_trigger WHERE tgrelid = ${table}::regclass AND NOT tgisinternal`.execute(db);
  return {
    primaryKey: constraints.find((c) => c.kind === 'p')?.columns ?? [],
    uniqueKeys: constraints.filter((c) => c.kind === 'u').map((c) => key(c.columns)),
    foreignKeys: constraints.filter((c) => c.kind === 'f').map((c) => foreignKey(c.columns, c.target!, c.to!)),
    indexes: new Map(indexes.map((i) => [i.name, { columns: i.columns, unique: i.unique, where: i.where }])),
    otherConstraints: constraints.filter((c) => !['p', 'u', 'f'].includes(c.kind)).map((c) => c.name),
    triggers: triggers.map((t) => t.name),
    sqlite: null,
  };
}

/**
 * One engine's rendering of a condition, brought to a common form: PostgreSQL
 * prints `status = ANY (ARRAY['a'::text, ...])` for `status IN ('a', ...)` and
 * wraps every term in parentheses.
 */
function condition(text: string | null): string | null {
  if (text === null) return null;
  return text
    .replace(/::text/g, '')
    .replace(/=\s*ANY\s*\(\s*ARRAY\[([^\]]*)\]\s*\)/gi, 'IN ($1)')
    .replace(/[()\s]/g, '')
    .toLowerCase();
}

/** Every way the database differs from the declarations, one sentence each; empty when they agree. */
/** The tables SQLite makes for an external-content FTS5 index: the virtual table and its shadow tables. */
const fts5Tables = (name: string) => [name, ...['data', 'idx', 'docsize', 'config'].map((part) => `${name}_${part}`)];

export function differences(found: readonly FoundTable[], declared: readonly Table[], dialect: DialectName): string[] {
  const problems: string[] = [];
  const byName = new Map(found.map((table) => [table.name, table]));
  const searchTables = dialect === 'sqlite' ? declared.flatMap((table) => (table.fullText ? fts5Tables(table.fullText.name) : [])) : [];
  for (const name of searchTables) if (!byName.has(name)) problems.push(`table ${name} of a full-text index is missing`);
  for (const table of found) if (!declared.some((d) => d.name === table.name) && !searchTables.includes(table.name)) problems.push(`table ${table.name} is not declared`);
  for (const table of declared) {
    const actual = byName.get(table.name);
    if (!actual) {
      problems.push(`table ${table.name} is missing`);
      continue;
    }
    const where = `${table.name}:`;
    // PostgreSQL keeps a full-text index's words in a generated tsvector column, with a GIN index on it.
    const document = dialect === 'postgres' && table.fullText ? FULL_TEXT_DOCUMENT : undefined;
    if (document && actual.columns.get(document)?.type !== 'tsvector') problems.push(`${where} column ${document} of the full-text index is missing`);
    for (const name of actual.columns.keys()) if (!(name in table.columns) && name !== document) problems.push(`${where} column ${name} is not declared`);
    for (const [name, column] of Object.entries(table.columns)) {
      const got = actual.columns.get(name);
      if (!got) {
        problems.push(`${where} column ${name} is missing`);
        continue;
      }
      const type = storedAs[dialect][column.type];
      if (got.type !== type) problems.push(`${where} column ${name} is ${got.type}, declared ${type}`);
      if (got.nullable !== listedNullable(column, dialect)) problems.push(`${where} column ${name} is ${got.nullable ? '' : 'not '}nullable`);
      if (got.identity !== (column.type === 'identity')) problems.push(`${where} column ${name} is ${got.identity ? '' : 'not '}an identity`);
    }
    if (key(actual.primaryKey) !== key(primaryKeyOf(table))) problems.push(`${where} primary key is (${key(actual.primaryKey)}), declared (${key(primaryKeyOf(table))})`);
    compareSets(problems, `${where} unique key`, actual.uniqueKeys, uniqueKeysOf(table).map(key));
    compareSets(problems, `${where} foreign key`, actual.foreignKeys, foreignKeysOf(table).map((fk) => foreignKey(fk.columns, fk.references.table, fk.references.columns)));
    const indexes: readonly Index[] = [...(table.indexes ?? []), ...(document ? [{ name: table.fullText!.name, columns: [document] }] : [])];
    for (const name of actual.indexes.keys()) if (!indexes.some((i) => i.name === name)) problems.push(`${where} index ${name} is not declared`);
    for (const index of indexes) {
      const got = actual.indexes.get(index.name);
      if (!got) problems.push(`${where} index ${index.name} is missing`);
      else if (key(got.columns) !== key(index.columns) || got.unique !== Boolean(index.unique) || condition(got.where) !== condition(index.where ?? null)) {
        problems.push(`${where} index ${index.name} is ${got.unique ? 'unique ' : ''}on (${key(got.columns)})${got.where ? ` where ${got.where}` : ''}`);
      }
    }
    for (const name of actual.otherConstraints) problems.push(`${where} constraint ${name} is not declared`);
    const searchTriggers = dialect === 'sqlite' && table.fullText ? fullTextTriggers(table.fullText) : [];
    for (const name of searchTriggers) if (!actual.triggers.includes(name)) problems.push(`${where} trigger ${name} of the full-text index is missing`);
    const others = actual.triggers.filter((name) => !searchTriggers.includes(name));
    if ((others.length > 0) !== Boolean(table.appendOnly)) {
      problems.push(`${where} ${table.appendOnly ? 'no trigger keeps it append-only' : `trigger ${others.join(', ')} is not declared`}`);
    }
    if (actual.sqlite && !actual.sqlite.strict) problems.push(`${where} is not STRICT`);
    if (actual.sqlite && actual.sqlite.withoutRowid !== Boolean(table.withoutRowid)) problems.push(`${where} is ${actual.sqlite.withoutRowid ? '' : 'not '}WITHOUT ROWID`);
  }
  return problems;
}

function compareSets(problems: string[], what: string, actual: readonly string[], declared: readonly string[]) {
  for (const item of actual) if (!declared.includes(item)) problems.push(`${what} ${item} is not declared`);
  for (const item of declared) if (!actual.includes(item)) problems.push(`${what} ${item} is missing`);
}
