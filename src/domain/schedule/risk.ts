/**
 * S5: a scene's risk assessment holds for the scene as it was assessed. A
 * change of its hazards, its location or its method (a shot aimed toward a
 * person or the camera) makes it stale until it is reviewed again.
 */

/** What an assessment was made for. */
export interface AssessedScene {
  hazards: readonly string[];
  locationId: string | null;
  aimedAtPerson: boolean;
}

/** Why a change makes the scene's assessment stale, in words a safety advisor reads; empty when it does not. */
export function staleBecause(before: AssessedScene, after: AssessedScene): string[] {
  const reasons: string[] = [];
  const added = after.hazards.filter((h) => !before.hazards.includes(h));
  const removed = before.hazards.filter((h) => !after.hazards.includes(h));
  if (added.length > 0 || removed.length > 0) {
    reasons.push(['hazards changed', added.length > 0 && `added ${added.join(', ')}`, removed.length > 0 && `removed ${removed.join(', ')}`].filter(Boolean).join(': ').replace(': removed', ', removed'));
  }
  if (before.locationId !== after.locationId) reasons.push('the location changed');
  if (before.aimedAtPerson !== after.aimedAtPerson) reasons.push(after.aimedAtPerson ? 'a shot is now aimed toward a person or the camera' : 'no shot is aimed toward a person any more');
  return reasons;
}

/** Where a scene's assessment stands: none yet, current, or stale and why. */
export type AssessmentStatus = { status: 'missing' } | { status: 'current' } | { status: 'stale'; staleBecause: string };

/** A scene with hazards needs an assessment; one without needs none (missing is shown only where it matters). */
export function needsAssessment(scene: Pick<AssessedScene, 'hazards'>): boolean {
  return scene.hazards.length > 0;
}

/** The hazards of an assessment that no control answers: an assessment names how each one is controlled. */
export function uncontrolled(hazards: readonly string[], controls: ReadonlyArray<{ hazard: string }>): string[] {
  return hazards.filter((hazard) => !controls.some((c) => c.hazard === hazard));
}
