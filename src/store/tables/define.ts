import type { Generated } from 'kysely';

/**
 * How a table is declared once for both engines. The migrations are generated
 * from these declarations (migrations/generate.ts) and the Kysely `Database`
 * type is derived from them (schema.ts), so neither can drift from the other.
 */

/** A column's type as both engines store it: text, integer, a binary float, bytes, or the engine's own row counter. */
export type LogicalType = 'text' | 'integer' | 'real' | 'blob' | 'identity';

export interface Column {
  readonly type: LogicalType;
  readonly nullable?: boolean;
  /** the only strings a text column holds: narrows its TypeScript type (the engines are not asked to check) */
  readonly values?: readonly string[];
  readonly primaryKey?: boolean;
  readonly unique?: boolean;
  /** `table.column` this column points at */
  readonly references?: `${string}.${string}`;
  /** the migration that adds it to an existing table; absent, the table's own */
  readonly since?: string;
}

type ColumnOptions = Omit<Column, 'type'>;

export const text = <const O extends ColumnOptions = object>(options?: O) => ({ type: 'text', ...options }) as { type: 'text' } & O;
export const integer = <const O extends Omit<ColumnOptions, 'values'> = object>(options?: O) => ({ type: 'integer', ...options }) as { type: 'integer' } & O;
/** A double-precision number: coordinates, elevations. */
export const real = <const O extends Omit<ColumnOptions, 'values'> = object>(options?: O) => ({ type: 'real', ...options }) as { type: 'real' } & O;
export const blob = <const O extends Omit<ColumnOptions, 'values'> = object>(options?: O) => ({ type: 'blob', ...options }) as { type: 'blob' } & O;
/** The engine numbers the rows: always the primary key, never written by an insert. */
export const identity = () => ({ type: 'identity', primaryKey: true }) as const;

export interface ForeignKey<K extends string = string> {
  readonly columns: readonly K[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
}

export interface Index<K extends string = string> {
  readonly name: string;
  readonly columns: readonly K[];
  readonly unique?: boolean;
  /** a partial index's condition, in SQL both engines read the same way */
  readonly where?: string;
  /** the migration that creates it on an existing table; absent, the table's own */
  readonly since?: string;
}

/**
 * A full-text index over some text columns, ranked: an FTS5 table on SQLite,
 * kept in step by triggers; a generated tsvector column (`document`) with a
 * GIN index on PostgreSQL. Both read text tokenized alike (unicode61, the
 * `simple` configuration), so the caller writes columns already split into words.
 */
export interface FullText<K extends string = string> {
  /** the FTS5 table on SQLite, the GIN index on PostgreSQL */
  readonly name: string;
  /** the columns it covers, the weightiest first (PostgreSQL weights A, B, C, D) */
  readonly columns: readonly K[];
  /** the identity column whose value is the FTS5 row id: stable, as the table's own rowid is not across VACUUM */
  readonly rowid: K;
}

/** The triggers that keep an FTS5 table in step with its content table, by the name each takes. */
export const fullTextTriggers = (fullText: FullText) => ['insert', 'delete', 'update'].map((event) => `${fullText.name}_${event}`);

export interface Table {
  readonly name: string;
  /** the migration that creates it */
  readonly since: string;
  readonly columns: Readonly<Record<string, Column>>;
  /** a key of several columns; a one-column key is marked on its column */
  readonly primaryKey?: readonly string[];
  /** unique keys of several columns; a one-column one is marked on its column */
  readonly unique?: ReadonlyArray<readonly string[]>;
  /** foreign keys of several columns; a one-column one is the column's `references` */
  readonly foreignKeys?: readonly ForeignKey[];
  readonly indexes?: readonly Index[];
  /** SQLite stores the rows in the primary key's b-tree (PostgreSQL has no such option) */
  readonly withoutRowid?: boolean;
  /** the engine refuses UPDATE and DELETE (a trigger per engine) */
  readonly appendOnly?: boolean;
  /** a ranked full-text index over some of its columns, created with the table */
  readonly fullText?: FullText;
}

type Named<C> = keyof C & string;

/** A table as written: keys and indexes may name only its own columns. */
interface Declaration<N extends string, C extends Record<string, Column>> extends Table {
  readonly name: N;
  readonly columns: C;
  readonly primaryKey?: readonly Named<C>[];
  readonly unique?: ReadonlyArray<readonly Named<C>[]>;
  readonly foreignKeys?: readonly ForeignKey<Named<C>>[];
  readonly indexes?: readonly Index<Named<C>>[];
  readonly fullText?: FullText<Named<C>>;
}

export const table = <const N extends string, const C extends Record<string, Column>>(declaration: Declaration<N, C>) => declaration;

type Plain = { text: string; integer: number; real: number; blob: Uint8Array };

/** The TypeScript type of one column's values, as Kysely reads and writes them. */
export type ColumnValue<C extends Column> = C extends { type: 'identity' }
  ? Generated<number>
  :
      | (C extends { values: readonly (infer V)[] } ? V : Plain[Exclude<C['type'], 'identity'>])
      | (C extends { nullable: true } ? null : never);

/** One table's row type for Kysely's `Database`. */
export type TableRow<T extends Table> = { -readonly [K in keyof T['columns']]: ColumnValue<T['columns'][K]> };

/** A table's primary key, whether marked on its one column or listed on the table. */
export function primaryKeyOf(table: Table): readonly string[] {
  return table.primaryKey ?? Object.keys(table.columns).filter((name) => table.columns[name]!.primaryKey);
}

/** Every unique key: one-column ones marked on their column, then the table's. */
export function uniqueKeysOf(table: Table): ReadonlyArray<readonly string[]> {
  const single = Object.keys(table.columns).filter((name) => table.columns[name]!.unique);
  return [...single.map((name) => [name]), ...(table.unique ?? [])];
}

/** Every foreign key: one-column ones from their column's `references`, then the table's. */
export function foreignKeysOf(table: Table): readonly ForeignKey[] {
  const single = Object.entries(table.columns).flatMap(([name, column]) => {
    if (!column.references) return [];
    const [target, targetColumn] = column.references.split('.') as [string, string];
    return [{ columns: [name], references: { table: target, columns: [targetColumn] } }];
  });
  return [...single, ...(table.foreignKeys ?? [])];
}
