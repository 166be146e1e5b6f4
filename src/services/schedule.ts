import type { UserRow } from '../store/schema.js';
import type { Hazard } from '../domain/schedule.js';
import { inTransaction, reader, uniquely, type ServiceDeps } from './context.js';
import { notFound } from './problem.js';
import { newId } from './secrets.js';

export async function createScene(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  input: { number: string; description: string; hazards: Hazard[]; aimedAtPerson?: boolean | undefined },
) {
  const scene = {
    id: newId(),
    number: input.number,
    description: input.description,
    hazards: input.hazards,
    aimedAtPerson: input.aimedAtPerson ?? false,
  };
  return uniquely(`Scene ${input.number} already exists on this production.`, () =>
    inTransaction(deps, async (tx) => {
      await tx.repos.schedule.insertScene(productionId, scene, tx.now.toISOString());
      const receipt = await tx.ledger.append(productionId, {
        type: 'scene.created',
        actor: { userId: actor.id },
        data: { ...scene },
      });
      return { scene, receipt };
    }),
  );
}

export async function createShootDay(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  input: { date: string; sceneIds: string[]; location?: string | null | undefined },
) {
  const day = { id: newId(), date: input.date, location: input.location ?? null, sceneIds: input.sceneIds };
  return uniquely(`There is already a shoot day on ${input.date}.`, () =>
    inTransaction(deps, async (tx) => {
      const known = await tx.repos.schedule.scenes(productionId, input.sceneIds);
      // Another production's scene ids are simply not found here.
      if (known.length !== new Set(input.sceneIds).size) throw notFound('Scene not found');
      await tx.repos.schedule.insertShootDay(productionId, day, tx.now.toISOString());
      const receipt = await tx.ledger.append(productionId, {
        type: 'shootDay.created',
        actor: { userId: actor.id },
        data: { ...day },
      });
      return { shootDay: day, receipt };
    }),
  );
}

export async function schedule(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  return { scenes: await repos.schedule.scenes(productionId), shootDays: await repos.schedule.shootDays(productionId) };
}
