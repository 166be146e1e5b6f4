import { fullTextTriggers, type FullText, type LogicalType, type Table } from '../tables/define.js';
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
  /** the statements that build a table's full-text index, after the table */
  fullText(table: string, fullText: FullText): string[];
}

/** The column PostgreSQL keeps a full-text index's tsvector in. */
export const FULL_TEXT_DOCUMENT = 'document';

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
    // External content: the words live once, in the table; the FTS5 table holds the index and prefix indexes for 2 and 3 letters.
    fullText: (table, fullText) => {
      const { name, columns, rowid } = fullText;
      const [insert, remove, update] = fullTextTriggers(fullText);
      const list = columns.join(', ');
      const values = (row: 'new' | 'old') => [`${row}.${rowid}`, ...columns.map((column) => `${row}.${column}`)].join(', ');
      const add = `INSERT INTO ${name}(rowid, ${list}) VALUES (${values('new')});`;
      const drop = `INSERT INTO ${name}(${name}, rowid, ${list}) VALUES ('delete', ${values('old')});`;
      return [
        `CREATE VIRTUAL TABLE ${name} USING fts5(${list}, content='${table}', content_rowid='${rowid}', tokenize='unicode61', prefix='2 3')`,
        `CREATE TRIGGER ${insert} AFTER INSERT ON ${table}\n  BEGIN ${add} END`,
        `CREATE TRIGGER ${remove} AFTER DELETE ON ${table}\n  BEGIN ${drop} END`,
        `CREATE TRIGGER ${update} AFTER UPDATE ON ${table}\n  BEGIN ${drop} ${add} END`,
      ];
    },
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
    // The `simple` configuration: words as typed, lower-cased, no stemming, as FTS5's unicode61 reads them.
    fullText: (table, { name, columns }) => {
      const weighted = columns.map((column, i) => `setweight(to_tsvector('simple', ${column}), '${'ABCD'[Math.min(i, 3)]}')`).join(' || ');
      return [
        `ALTER TABLE ${table} ADD COLUMN ${FULL_TEXT_DOCUMENT} tsvector GENERATED ALWAYS AS (${weighted}) STORED`,
        `CREATE INDEX ${name} ON ${table} USING gin (${FULL_TEXT_DOCUMENT})`,
      ];
    },
  },
};
