import type { LogicalType, Table } from '../tables/define.js';
import type { DialectName } from '../db.js';

/** What the two engines write differently; every other part of a migration is written once. */
export interface DialectDdl {
  readonly types: Readonly<Record<Exclude<LogicalType, 'identity'>, string>>;
  /** an identity column's type and key, after its name */
  readonly identity: string;
  /** what follows a CREATE TABLE's closing parenthesis */
  tableOptions(table: Table): string;
  /** the statements that make these tables refuse UPDATE and DELETE */
  appendOnly(tables: readonly string[]): string[];
}

export const dialects: Readonly<Record<DialectName, DialectDdl>> = {
  sqlite: {
    types: { text: 'TEXT', integer: 'INTEGER', real: 'REAL', blob: 'BLOB' },
    identity: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    // STRICT: SQLite refuses a value of the wrong type, as PostgreSQL does.
    tableOptions: (table) => (table.withoutRowid ? ' STRICT, WITHOUT ROWID' : ' STRICT'),
    appendOnly: (tables) =>
      tables.flatMap((table) =>
        ['UPDATE', 'DELETE'].map(
          (op) => `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}\n  BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END`,
        ),
      ),
  },
  postgres: {
    types: { text: 'TEXT', integer: 'INTEGER', real: 'DOUBLE PRECISION', blob: 'BYTEA' },
    identity: 'INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    tableOptions: () => '',
    // OR REPLACE: a later migration's append-only table reuses the function. The body keeps the
    // text (spaces included) 0002 first stored, so databases of either age dump the same.
    appendOnly: (tables) =>
      tables.length === 0
        ? []
        : [
            `CREATE OR REPLACE FUNCTION setbook_ledger_append_only() RETURNS trigger AS $$\n        BEGIN RAISE EXCEPTION 'ledger is append-only'; END $$ LANGUAGE plpgsql`,
            ...tables.map(
              (table) =>
                `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}\n  FOR EACH STATEMENT EXECUTE FUNCTION setbook_ledger_append_only()`,
            ),
          ],
  },
};
