import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DialectName } from './db.js';
import { AuthFailureRepository, SessionRepository, UserRepository } from './identity.js';
import { InvitationRepository, MemberRepository, ProductionRepository, TrainingRepository } from './productions.js';
import { IdempotencyRepository } from './idempotency.js';
import { LedgerRepository } from './ledger.js';
import { ScheduleRepository } from './schedule.js';
import { LiveRepository } from './live.js';
import { StopRepository } from './stops.js';
import { ArmoryRepository } from './armory.js';
import { ConcernRepository } from './concerns.js';
import { OutboxRepository } from './outbox.js';
import { SettingsRepository } from './settings.js';
import { LightRepository } from './light.js';
import { CallSheetRepository } from './callsheets.js';
import { NotebookRepository } from './notebooks.js';
import { PushRepository } from './push.js';

/** Every repository over one connection or transaction. */
export function repositories(db: Kysely<Database>, dialect: DialectName) {
  return {
    users: new UserRepository(db, dialect),
    sessions: new SessionRepository(db, dialect),
    authFailures: new AuthFailureRepository(db),
    productions: new ProductionRepository(db, dialect),
    members: new MemberRepository(db, dialect),
    invitations: new InvitationRepository(db),
    trainings: new TrainingRepository(db),
    idempotency: new IdempotencyRepository(db),
    ledger: new LedgerRepository(db, dialect),
    schedule: new ScheduleRepository(db),
    live: new LiveRepository(db, dialect),
    stops: new StopRepository(db),
    armory: new ArmoryRepository(db, dialect),
    concerns: new ConcernRepository(db),
    outbox: new OutboxRepository(db),
    settings: new SettingsRepository(db),
    light: new LightRepository(db),
    callSheets: new CallSheetRepository(db),
    notebooks: new NotebookRepository(db, dialect),
    push: new PushRepository(db),
  };
}

export type Repos = ReturnType<typeof repositories>;
export { openStore, isUniqueViolation, runStatement, type Store, type DialectName } from './db.js';
