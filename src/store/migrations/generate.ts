import { sql, type Migration } from 'kysely';
import type { DialectName } from '../db.js';
import type { Column, Index, Table } from '../tables/define.js';
import { tables as setbookTables } from '../tables/index.js';
import { dialects, type DialectDdl } from './dialects.js';

/**
 * Each migration's statements, generated from the declarations: a migration
 * creates the tables, adds the columns and builds the indexes whose `since`
 * names it. Names sort in the order they run; a landed one never changes.
 */
export function migrationStatements(dialect: DialectName, tables: readonly Table[] = setbookTables): Map<string, string[]> {
  const ddl = dialects[dialect];
  const names = new Set(tables.flatMap((table) => [table.since, ...Object.values(table.columns).map(sinceOf(table)), ...(table.indexes ?? []).map(sinceOf(table))]));
  return new Map(
    [...names].sort().map((name) => {
      const statements = tables.flatMap((table) => {
        const columns = Object.entries(table.columns).filter(([, column]) => sinceOf(table)(column) === name);
        const indexes = (table.indexes ?? []).filter((index) => sinceOf(table)(index) === name).map((index) => createIndex(table, index));
        if (table.since === name) return [createTable(table, ddl, columns), ...indexes, ...(table.fullText ? ddl.fullText(table.name, table.fullText) : [])];
        return [...columns.map(([column, declared]) => addColumn(table, column, declared, ddl)), ...indexes];
      });
      const appendOnly = tables.filter((table) => table.since === name && table.appendOnly).map((table) => table.name);
      return [name, [...statements, ...ddl.appendOnly(appendOnly)]];
    }),
  );
}

/** The migrations Kysely's Migrator runs, by name; a database migrated earlier runs only the names it lacks. */
export function migrations(dialect: DialectName, tables: readonly Table[] = setbookTables): Record<string, Migration> {
  return Object.fromEntries(
    [...migrationStatements(dialect, tables)].map(([name, statements]) => [
      name,
      {
        async up(db) {
          for (const statement of statements) await sql.raw(statement).execute(db);
        },
      } satisfies Migration,
    ]),
  );
}

const sinceOf = (table: Table) => (part: Column | Index) => part.since ?? table.since;

/** One-column keys are written on the column, as SQLite and PostgreSQL both name them by their column. */
function columnSql(name: string, column: Column, ddl: DialectDdl): string {
  if (column.type === 'identity') return `${name} ${ddl.identity}`;
  const parts = [name, ddl.types[column.type]];
  if (column.primaryKey) parts.push('PRIMARY KEY');
  else if (!column.nullable) parts.push('NOT NULL');
  if (column.unique) parts.push('UNIQUE');
  if (column.references) {
    const [target, targetColumn] = column.references.split('.');
    parts.push(`REFERENCES ${target}(${targetColumn})`);
  }
  return parts.join(' ');
}

function createTable(table: Table, ddl: DialectDdl, columns: ReadonlyArray<[string, Column]>): string {
  const lines = columns.map(([name, column]) => columnSql(name, column, ddl));
  if (table.primaryKey) lines.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
  for (const key of table.foreignKeys ?? []) {
    lines.push(`FOREIGN KEY (${key.columns.join(', ')}) REFERENCES ${key.references.table}(${key.references.columns.join(', ')})`);
  }
  for (const key of table.unique ?? []) lines.push(`UNIQUE (${key.join(', ')})`);
  return `CREATE TABLE ${table.name} (\n  ${lines.join(',\n  ')}\n)${ddl.tableOptions(table)}`;
}

/** SQLite adds a column only without a key and with a default: a later column is nullable, and a later unique key is an index. */
function addColumn(table: Table, name: string, column: Column, ddl: DialectDdl): string {
  if (!column.nullable || column.primaryKey || column.unique || column.type === 'identity') {
    throw new Error(`${table.name}.${name} arrives after its table: it must be nullable and carry no key (declare a unique index instead)`);
  }
  return `ALTER TABLE ${table.name} ADD COLUMN ${columnSql(name, column, ddl)}`;
}

function createIndex(table: Table, index: Index): string {
  const where = index.where ? ` WHERE ${index.where}` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${index.name} ON ${table.name}(${index.columns.join(', ')})${where}`;
}
