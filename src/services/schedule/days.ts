import type { Hazard } from '../../domain/schedule/scenes.js';
import { reader, uniquely, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';

export interface SceneInput {
  number: string;
  description: string;
  hazards: Hazard[];
  aimedAtPerson?: boolean | undefined;
}

export const createScene: Command<SceneInput, null, object> = {
  name: 'scene.create',
  facts: async () => null,
  refusalData: (act) => ({ number: act.input.number }),
  async apply(tx, _facts, act) {
    const { input } = act;
    const scene = { id: newId(), number: input.number, description: input.description, hazards: input.hazards, aimedAtPerson: input.aimedAtPerson ?? false };
    await uniquely(`Scene ${input.number} already exists on this production.`, () => tx.repos.schedule.insertScene(act.productionId, scene, tx.now.toISOString()));
    const receipt = await tx.ledger.append(act.productionId, { type: 'scene.created', actor: { userId: act.caller.user.id }, data: { ...scene } });
    return { scene, receipt };
  },
};

export interface ShootDayInput {
  date: string;
  sceneIds: string[];
  location?: string | null | undefined;
}

export const createShootDay: Command<ShootDayInput, null, object> = {
  name: 'shootDay.create',
  async facts(tx, act) {
    const known = await tx.repos.schedule.scenes(act.productionId, act.input.sceneIds);
    // Another production's scene ids are simply not found here.
    if (known.length !== new Set(act.input.sceneIds).size) throw notFound('Scene not found');
    return null;
  },
  refusalData: (act) => ({ date: act.input.date }),
  async apply(tx, _facts, act) {
    const { input } = act;
    const day = { id: newId(), date: input.date, location: input.location ?? null, sceneIds: input.sceneIds };
    await uniquely(`There is already a shoot day on ${input.date}.`, () => tx.repos.schedule.insertShootDay(act.productionId, day, tx.now.toISOString()));
    const receipt = await tx.ledger.append(act.productionId, { type: 'shootDay.created', actor: { userId: act.caller.user.id }, data: { ...day } });
    return { shootDay: day, receipt };
  },
};

export async function schedule(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  return { scenes: await repos.schedule.scenes(productionId), shootDays: await repos.schedule.shootDays(productionId) };
}
