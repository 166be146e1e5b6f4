import type { Hazard } from '../../domain/schedule/scenes.js';
import { staleBecause, uncontrolled } from '../../domain/schedule/risk.js';
import type { IntExt, SceneRecord, TimeOfDay } from '../../store/schedule.js';
import type { Repos } from '../../store/index.js';
import type { Database } from '../../store/schema.js';
import type { Selectable } from 'kysely';
import { reader, uniquely, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { invalid, notFound } from '../problem.js';
import { newId } from '../secrets.js';

type AssessmentRow = Selectable<Database['risk_assessments']>;

export interface SceneInput {
  number: string;
  description: string;
  hazards: Hazard[];
  aimedAtPerson?: boolean | undefined;
  intExt?: IntExt | null | undefined;
  timeOfDay?: TimeOfDay | null | undefined;
  locationId?: string | null | undefined;
  eighths?: number | null | undefined;
  castIds?: string[] | undefined;
}

/** Where a scene's assessment stands, as every screen that shows the scene shows it (S5). */
export function assessmentStatus(row: AssessmentRow | undefined) {
  if (!row) return { status: 'missing' as const };
  if (row.status === 'stale') return { status: 'stale' as const, staleBecause: row.stale_because ?? 'the scene changed', id: row.id };
  return { status: 'current' as const, id: row.id };
}

export function presentAssessment(row: AssessmentRow) {
  return {
    id: row.id,
    sceneId: row.scene_id,
    status: row.status,
    staleBecause: row.stale_because,
    hazards: JSON.parse(row.hazards) as Hazard[],
    controls: JSON.parse(row.controls) as Array<{ hazard: Hazard; control: string }>,
    notes: row.notes,
    assessedBy: row.assessed_by,
    assessedAt: row.assessed_at,
  };
}

/** A scene's location and cast are the production's own: another production's ids are not found here. */
async function checkReferences(repos: Repos, productionId: string, input: { locationId?: string | null | undefined; castIds?: string[] | undefined }) {
  if (input.locationId && (await repos.schedule.locations(productionId, [input.locationId])).length === 0) throw notFound('Location not found');
  const cast = input.castIds ?? [];
  if (cast.length > 0 && (await repos.members.whichAre(productionId, cast)).size !== new Set(cast).size) throw notFound('Member not found');
}

export const createScene: Command<SceneInput, null, object> = {
  name: 'scene.create',
  async facts(tx, act) {
    await checkReferences(tx.repos, act.productionId, act.input);
    return null;
  },
  refusalData: (act) => ({ number: act.input.number }),
  async apply(tx, _facts, act) {
    const { input } = act;
    const scene: SceneRecord = {
      id: newId(),
      number: input.number,
      description: input.description,
      hazards: input.hazards,
      aimedAtPerson: input.aimedAtPerson ?? false,
      intExt: input.intExt ?? null,
      timeOfDay: input.timeOfDay ?? null,
      locationId: input.locationId ?? null,
      eighths: input.eighths ?? null,
      castIds: input.castIds ?? [],
    };
    await uniquely(`Scene ${input.number} already exists on this production.`, () => tx.repos.schedule.insertScene(act.productionId, scene, tx.now.toISOString()));
    const receipt = await tx.ledger.append(act.productionId, { type: 'scene.created', actor: { userId: act.caller.user.id }, data: { ...scene } });
    return { scene, receipt };
  },
};

export type ScenePatch = Partial<SceneInput> & { sceneId: string };

interface SceneFacts {
  scene: SceneRecord;
  assessment: AssessmentRow | undefined;
}

async function sceneFacts(repos: Repos, productionId: string, sceneId: string): Promise<SceneFacts> {
  const [scene] = await repos.schedule.scenes(productionId, [sceneId]);
  if (!scene) throw notFound('Scene not found');
  return { scene, assessment: (await repos.schedule.assessments(productionId, [sceneId])).get(sceneId) };
}

/**
 * Changes a scene. S5: a change of its hazards, its location or its method
 * makes its risk assessment stale, and the safety advisor and the 1st AD hear
 * of it at once; the scene shows as stale wherever it shows until reviewed.
 */
export const updateScene: Command<ScenePatch, SceneFacts, object> = {
  name: 'scene.update',
  async facts(tx, act) {
    await checkReferences(tx.repos, act.productionId, act.input);
    return sceneFacts(tx.repos, act.productionId, act.input.sceneId);
  },
  refusalData: (act) => ({ sceneId: act.input.sceneId }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const { sceneId, ...patch } = input;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<SceneInput>;
    const after: SceneRecord = { ...f.scene, ...defined, aimedAtPerson: defined.aimedAtPerson ?? f.scene.aimedAtPerson };
    await uniquely(`Scene ${after.number} already exists on this production.`, () => tx.repos.schedule.updateScene(productionId, after));
    const reasons = staleBecause(f.scene, after);
    const madeStale = reasons.length > 0 && f.assessment?.status === 'current' && (await tx.repos.schedule.markStale(productionId, sceneId, reasons.join('; ')));
    const receipt = await tx.ledger.append(productionId, {
      type: 'scene.updated',
      actor: { userId: caller.user.id },
      data: { sceneId, changed: Object.keys(defined).sort(), scene: { ...after }, staleBecause: madeStale ? reasons : [] },
    });
    if (madeStale) {
      await tx.publish(productionId, 'alert', {
        rule: 'S5',
        sceneId,
        message: `Scene ${after.number}: its risk assessment is stale (${reasons.join('; ')}). Review it before the scene is shot.`,
        notify: ['safety_advisor', 'first_ad'],
      });
    }
    const { assessment } = await sceneFacts(tx.repos, productionId, sceneId);
    return { scene: after, riskAssessment: assessmentStatus(assessment), receipt };
  },
};

export async function getScene(deps: ServiceDeps, productionId: string, sceneId: string) {
  const repos = reader(deps);
  const { scene, assessment } = await sceneFacts(repos, productionId, sceneId);
  const consultation = (await repos.schedule.consultations(productionId, [sceneId])).get(sceneId) ?? null;
  return { scene, riskAssessment: assessmentStatus(assessment), assessment: assessment ? presentAssessment(assessment) : null, consultation };
}

export interface AssessmentInput {
  sceneId: string;
  hazards: Hazard[];
  controls: Array<{ hazard: Hazard; control: string }>;
  notes?: string | undefined;
}

/** S5: the safety advisor or the 1st AD assesses a scene: every hazard with its controls. It replaces the scene's earlier assessment. */
export const assessScene: Command<AssessmentInput, SceneFacts, object> = {
  name: 'riskAssessment.record',
  async facts(tx, act) {
    const facts = await sceneFacts(tx.repos, act.productionId, act.input.sceneId);
    const missing = uncontrolled(act.input.hazards, act.input.controls);
    if (missing.length > 0) throw invalid(missing.map((hazard) => ({ path: 'controls', message: `has no control for ${hazard}` })));
    return facts;
  },
  refusalData: (act) => ({ sceneId: act.input.sceneId }),
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const id = newId();
    const receipt = await tx.ledger.append(productionId, {
      type: 'riskAssessment.recorded',
      actor: { userId: caller.user.id },
      data: { assessmentId: id, sceneId: input.sceneId, hazards: input.hazards, controls: input.controls, notes: input.notes ?? null },
    });
    const row: AssessmentRow = {
      id,
      production_id: productionId,
      scene_id: input.sceneId,
      hazards: JSON.stringify(input.hazards),
      controls: JSON.stringify(input.controls),
      notes: input.notes ?? null,
      assessed_by: caller.user.id,
      assessed_at: tx.now.toISOString(),
      scene_as_assessed: JSON.stringify({ hazards: f.scene.hazards, locationId: f.scene.locationId, aimedAtPerson: f.scene.aimedAtPerson }),
      status: 'current',
      stale_because: null,
      ledger_index: receipt.index,
    };
    await tx.repos.schedule.insertAssessment(row);
    return { riskAssessment: presentAssessment(row), receipt };
  },
};
