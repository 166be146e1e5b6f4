import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { Migrator, sql, type Generated } from 'kysely';
import { isUniqueViolation, type Store } from '../../src/store/db.js';
import type { Database, UserRow } from '../../src/store/schema.js';
import { tables } from '../../src/store/tables/index.js';
import { identity, table, text, type Table } from '../../src/store/tables/define.js';
import { migrationStatements, migrations } from '../../src/store/migrations/generate.js';
import { DIALECT, throwawayStore } from '../support/harness.js';
import { differences, introspect } from './introspect.js';

const at = '2026-11-22T14:00:00.000Z';

async function found(store: Store) {
  return introspect(store.db, store.dialect);
}

describe('the schema, declared once', () => {
  const dropped: Array<() => Promise<void>> = [];
  let store: Store;

  async function another() {
    const made = await throwawayStore();
    dropped.push(made.drop);
    return made.store;
  }

  beforeAll(async () => {
    store = await another();
  });
  afterAll(() => Promise.all(dropped.map((drop) => drop())));

  it(`migrates ${DIALECT} to exactly the declared tables, columns, keys and indexes`, async () => {
    expect(differences(await found(store), tables, DIALECT)).toEqual([]);
  });

  it('has run every migration the declarations name, and no other', async () => {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(store.db);
    expect(rows.map((row) => row.name)).toEqual([...migrationStatements(DIALECT).keys()]);
    expect(rows[0]!.name).toBe('0001_identity');
  });

  it('reports an undeclared column, table and index, and a missing index', async () => {
    const altered = await another();
    await sql`ALTER TABLE firearms ADD COLUMN nickname TEXT`.execute(altered.db);
    await sql`DROP INDEX concerns_due`.execute(altered.db);
    await sql`CREATE INDEX emails_subject ON emails(subject)`.execute(altered.db);
    await sql`CREATE TABLE props (id TEXT PRIMARY KEY)`.execute(altered.db);
    expect(differences(await found(altered), tables, DIALECT).sort()).toEqual([
      'concerns: index concerns_due is missing',
      'emails: index emails_subject is not declared',
      'firearms: column nickname is not declared',
      'table props is not declared',
    ]);
  });

  it('reports a declaration the database does not match: type, nullability, index, trigger', async () => {
    const declared = tables.map((t): Table => {
      if (t.name === 'firearms') return { ...t, columns: { ...t.columns, serial: text({ nullable: true }) } };
      if (t.name === 'scenes') return { ...t, columns: { ...t.columns, aimed_at_person: text() } };
      if (t.name === 'stops') return { ...t, indexes: [{ name: 'stops_active', columns: ['status'] }] };
      if (t.name === 'ledger_heads') return { ...t, appendOnly: true };
      return t;
    });
    const stored = DIALECT === 'sqlite' ? 'INTEGER, declared TEXT' : 'int4, declared text';
    expect(differences(await found(store), declared, DIALECT)).toEqual([
      'ledger_heads: no trigger keeps it append-only',
      `scenes: column aimed_at_person is ${stored}`,
      'stops: index stops_active is on (production_id, status)',
      'firearms: column serial is not nullable',
    ]);
  });

  it('brings a database migrated earlier up to a later migration that adds a column, an index and a table', async () => {
    const later = await another();
    const props = table({ name: 'fixture_props', since: '0001_props', columns: { id: text({ primaryKey: true }), name: text() } });
    const propsNow = table({
      ...props,
      columns: { ...props.columns, note: text({ nullable: true, since: '0002_rentals' }) },
      indexes: [{ name: 'fixture_props_note', columns: ['note'], since: '0002_rentals' }],
    });
    const rentals = table({
      name: 'fixture_rentals',
      since: '0002_rentals',
      columns: { id: identity(), prop_id: text({ references: 'fixture_props.id' }), returned_at: text({ nullable: true }) },
      // one open rental per prop
      indexes: [{ name: 'fixture_rentals_open', columns: ['prop_id'], unique: true, where: 'returned_at IS NULL' }],
    });
    const migrateTo = async (declared: readonly Table[]) => {
      const migrator = new Migrator({
        db: later.db,
        provider: { getMigrations: async () => migrations(DIALECT, declared) },
        migrationTableName: 'kysely_migration_fixture',
        migrationLockTableName: 'kysely_migration_fixture_lock',
      });
      const { error, results } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      return results!.map((result) => result.migrationName);
    };

    expect(await migrateTo([props])).toEqual(['0001_props']);
    expect(await migrateTo([propsNow, rentals])).toEqual(['0002_rentals']);
    // The landed migration reads the same after the column was declared.
    expect(migrationStatements(DIALECT, [propsNow, rentals]).get('0001_props')).toEqual(migrationStatements(DIALECT, [props]).get('0001_props'));
    const fixtures = (await found(later)).filter((t) => t.name.startsWith('fixture_'));
    expect(differences(fixtures, [propsNow, rentals], DIALECT)).toEqual([]);
  });

  it('refuses to add a NOT NULL column to an existing table (SQLite could not)', () => {
    const strict = table({ name: 'fixture', since: '0001_a', columns: { id: text({ primaryKey: true }), late: text({ since: '0002_b' }) } });
    expect(() => migrationStatements(DIALECT, [strict])).toThrow(/fixture\.late arrives after its table: it must be nullable/);
  });

  it('turns a second firearm with the same serial, or a second lot with the same number, into a unique violation', async () => {
    const db = store.db;
    await db.insertInto('users').values({ id: 'u1', email: 'armorer@example.test', name: 'Armorer', password_hash: null, pin_hash: null, created_at: at }).execute();
    await db.insertInto('productions').values({ id: 'p1', name: 'Feature', timezone: 'UTC', set_code: 'ABCDEFGHJK', created_by: 'u1', created_at: at }).execute();
    const firearm = (id: string) => ({
      id,
      production_id: 'p1',
      serial: 'SN-1873',
      make: 'Colt',
      model: 'SAA',
      kind: 'revolver',
      state: 'stored' as const,
      holder_id: null,
      shoot_day_id: null,
      scene_id: null,
      latest_inspection: null,
      loaded: '[]',
      last_custody_change_at: at,
      version: 1,
      created_at: at,
    });
    const lot = (id: string) => ({ id, production_id: 'p1', lot: 'B-12', kind: 'blank' as const, caliber: '.45', quantity: 50, load: null, verification: null, created_at: at });
    // Two devices at once: one transaction wins, the other meets the unique key.
    const added = await Promise.allSettled(['f1', 'f2'].map((id) => db.transaction().execute((trx) => trx.insertInto('firearms').values(firearm(id)).execute())));
    expect(added.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(added.find((result) => result.status === 'rejected')?.reason).toSatisfy(isUniqueViolation);
    await db.insertInto('ammunition_lots').values(lot('l1')).execute();
    await expect(db.insertInto('ammunition_lots').values(lot('l2')).execute()).rejects.toSatisfy(isUniqueViolation);
  });

  it('derives the row types from the declarations, narrow values included', () => {
    expectTypeOf<Database['stops']['status']>().toEqualTypeOf<'active' | 'lifted'>();
    expectTypeOf<Database['firearms']['state']>().toEqualTypeOf<'stored' | 'with_armorer' | 'with_performer'>();
    expectTypeOf<Database['auth_failures']['id']>().toEqualTypeOf<Generated<number>>();
    expectTypeOf<Database['ledger_entries']['leaf_hash']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<Database['concerns']['follow_up_key']>().toEqualTypeOf<string | null>();
    expectTypeOf<UserRow['password_hash']>().toEqualTypeOf<string | null>();
    expectTypeOf<keyof Database>().toEqualTypeOf<(typeof tables)[number]['name']>();
  });
});
