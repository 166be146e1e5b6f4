import type { Kysely } from 'kysely';
import { runStatement, type DialectName } from './db.js';
import type { Database, ProductionRow } from './schema.js';

/** A change of someone's deciding roles, waiting for the second of the producer and the safety advisor. */
export interface RoleProposal {
  roles: string[];
  by: string;
  byRoles: string[];
}

export interface MemberRecord {
  userId: string;
  name: string;
  email: string;
  roles: string[];
  department: string | null;
  /** 'invited' until the person accepts and sets a password */
  status: 'active' | 'invited';
}

export class ProductionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async insert(production: ProductionRow): Promise<void> {
    await this.db.insertInto('productions').values(production).execute();
  }

  byId(id: string): Promise<ProductionRow | undefined> {
    return this.db.selectFrom('productions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Holds the production's row until the transaction ends: role changes on it happen one at a time (PostgreSQL; SQLite has one writer). */
  async lock(id: string): Promise<void> {
    if (this.dialect === 'postgres') await this.db.selectFrom('productions').select('id').where('id', '=', id).forUpdate().execute();
  }

  bySetCode(setCode: string): Promise<ProductionRow | undefined> {
    return this.db.selectFrom('productions').selectAll().where('set_code', '=', setCode).executeTakeFirst();
  }
}

export class MemberRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async add(member: { productionId: string; userId: string; roles: string[]; department: string | null; at: string }) {
    await this.db
      .insertInto('members')
      .values({
        production_id: member.productionId,
        user_id: member.userId,
        department: member.department,
        created_at: member.at,
      })
      .execute();
    await this.setRoles(member.productionId, member.userId, member.roles);
  }

  async setRoles(productionId: string, userId: string, roles: string[]): Promise<void> {
    await this.db
      .deleteFrom('member_roles')
      .where('production_id', '=', productionId)
      .where('user_id', '=', userId)
      .execute();
    if (roles.length === 0) return;
    await this.db
      .insertInto('member_roles')
      .values(roles.map((role) => ({ production_id: productionId, user_id: userId, role })))
      .execute();
  }

  async setDepartment(productionId: string, userId: string, department: string | null): Promise<void> {
    await this.db
      .updateTable('members')
      .set({ department })
      .where('production_id', '=', productionId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** The caller's roles on a production, or undefined when not a member: every request asks, so one prepared statement. */
  async roles(productionId: string, userId: string): Promise<string[] | undefined> {
    const rows = await runStatement<{ role: string | null }>(
      this.db,
      this.dialect,
      'select member_roles.role from members left join member_roles on member_roles.production_id = members.production_id and member_roles.user_id = members.user_id where members.production_id = ? and members.user_id = ? and members.removed_at is null order by member_roles.role',
      [productionId, userId],
    );
    if (rows.length === 0) return undefined;
    return rows.map((row) => row.role).filter((role): role is string => role !== null);
  }

  /** The roles of each of these people who is on the production. */
  async rolesOf(productionId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
    const roles = new Map<string, string[]>();
    if (userIds.length === 0) return roles;
    const rows = await this.db
      .selectFrom('member_roles')
      .select(['user_id', 'role'])
      .where('production_id', '=', productionId)
      .where('user_id', 'in', [...new Set(userIds)])
      .orderBy('role')
      .execute();
    for (const row of rows) roles.set(row.user_id, [...(roles.get(row.user_id) ?? []), row.role]);
    return roles;
  }

  /** Which of these people are on the production (one query, for checks on a hot path). */
  async whichAre(productionId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('members')
      .select('user_id')
      .where('production_id', '=', productionId)
      .where('user_id', 'in', [...new Set(userIds)])
      .where('removed_at', 'is', null)
      .execute();
    return new Set(rows.map((row) => row.user_id));
  }

  /** How the production reaches each person, and whom to call if they are hurt. */
  async contacts(productionId: string): Promise<Map<string, { phone: string | null; emergencyContact: string | null }>> {
    const rows = await this.db
      .selectFrom('members')
      .select(['user_id', 'phone', 'emergency_contact'])
      .where('production_id', '=', productionId)
      .where('removed_at', 'is', null)
      .execute();
    return new Map(rows.map((row) => [row.user_id, { phone: row.phone, emergencyContact: row.emergency_contact }]));
  }

  async setContact(productionId: string, userId: string, contact: { phone?: string | null; emergency_contact?: string | null }): Promise<void> {
    await this.db.updateTable('members').set(contact).where('production_id', '=', productionId).where('user_id', '=', userId).execute();
  }

  /** The person leaves the production: their roles go, their history stays. */
  async remove(productionId: string, userId: string, at: string): Promise<void> {
    await this.setRoles(productionId, userId, []);
    await this.db.updateTable('members').set({ removed_at: at }).where('production_id', '=', productionId).where('user_id', '=', userId).execute();
  }

  async list(productionId: string, userId?: string): Promise<MemberRecord[]> {
    let query = this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select([
        'members.user_id',
        'members.department',
        'users.name',
        'users.email',
        'users.password_hash',
      ])
      .where('members.production_id', '=', productionId)
      .where('members.removed_at', 'is', null);
    if (userId) query = query.where('members.user_id', '=', userId);
    const rows = await query.orderBy('users.name').execute();
    let roleQuery = this.db
      .selectFrom('member_roles')
      .select(['user_id', 'role'])
      .where('production_id', '=', productionId);
    if (userId) roleQuery = roleQuery.where('user_id', '=', userId);
    const roleRows = await roleQuery.orderBy('role').execute();
    const rolesByUser = new Map<string, string[]>();
    for (const row of roleRows) {
      const roles = rolesByUser.get(row.user_id) ?? [];
      roles.push(row.role);
      rolesByUser.set(row.user_id, roles);
    }
    return rows.map((row) => ({
      userId: row.user_id,
      name: row.name,
      email: row.email,
      roles: rolesByUser.get(row.user_id) ?? [],
      department: row.department,
      status: row.password_hash === null ? 'invited' : 'active',
    }));
  }

  /** The productions a user belongs to, with their roles there. */
  async memberships(userId: string) {
    const rows = await this.db
      .selectFrom('members')
      .innerJoin('productions', 'productions.id', 'members.production_id')
      .select(['members.production_id', 'members.department', 'productions.name'])
      .where('members.user_id', '=', userId)
      .where('members.removed_at', 'is', null)
      .orderBy('productions.name')
      .execute();
    const roleRows = await this.db
      .selectFrom('member_roles')
      .select(['production_id', 'role'])
      .where('user_id', '=', userId)
      .orderBy('role')
      .execute();
    return rows.map((row) => ({
      productionId: row.production_id,
      productionName: row.name,
      roles: roleRows.filter((r) => r.production_id === row.production_id).map((r) => r.role),
      department: row.department,
    }));
  }

  /** Who holds a role (the last producer is kept; the safety advisor confirms deciding roles). */
  async withRole(productionId: string, role: string): Promise<string[]> {
    const rows = await this.db.selectFrom('member_roles').select('user_id').where('production_id', '=', productionId).where('role', '=', role).orderBy('user_id').execute();
    return rows.map((row) => row.user_id);
  }

  /** Waiting role changes, by member (one member's when `userId` is given). */
  async proposals(productionId: string, userId?: string): Promise<Map<string, RoleProposal>> {
    let query = this.db.selectFrom('role_proposals').selectAll().where('production_id', '=', productionId);
    if (userId) query = query.where('user_id', '=', userId);
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.user_id, { roles: JSON.parse(row.roles) as string[], by: row.proposed_by, byRoles: JSON.parse(row.proposer_roles) as string[] }]));
  }

  /** Puts a proposal in place of any earlier one for the same member. */
  async saveProposal(row: { production_id: string; user_id: string; roles: string; proposed_by: string; proposer_roles: string; created_at: string }): Promise<void> {
    await this.dropProposal(row.production_id, row.user_id);
    await this.db.insertInto('role_proposals').values(row).execute();
  }

  async dropProposal(productionId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('role_proposals').where('production_id', '=', productionId).where('user_id', '=', userId).execute();
  }
}

export class InvitationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(invitation: {
    id: string;
    production_id: string;
    user_id: string;
    expires_at: string;
    created_at: string;
  }): Promise<void> {
    await this.db.insertInto('invitations').values({ ...invitation, accepted_at: null }).execute();
  }

  byId(id: string) {
    return this.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Ends every open invitation of a person on a production: a new one replaces them. */
  async expireFor(productionId: string, userId: string, at: string): Promise<void> {
    await this.db
      .updateTable('invitations')
      .set({ expires_at: at })
      .where('production_id', '=', productionId)
      .where('user_id', '=', userId)
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', at)
      .execute();
  }

  /** Marks accepted; false when it was accepted meanwhile (two taps on one link). */
  async accept(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set({ accepted_at: at })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

export class TrainingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(training: {
    id: string;
    production_id: string;
    user_id: string;
    course: string;
    completed_on: string;
    recorded_by: string;
    created_at: string;
  }): Promise<void> {
    await this.db.insertInto('trainings').values(training).execute();
  }

  all(productionId: string) {
    return this.db.selectFrom('trainings').selectAll().where('production_id', '=', productionId).orderBy('completed_on', 'desc').orderBy('created_at', 'desc').execute();
  }

  forMember(productionId: string, userId: string) {
    return this.db
      .selectFrom('trainings')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('user_id', '=', userId)
      .orderBy('completed_on', 'desc')
      .execute();
  }
}
