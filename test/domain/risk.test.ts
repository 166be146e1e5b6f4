import { describe, expect, it } from 'vitest';
import { needsAssessment, staleBecause, uncontrolled, type AssessedScene } from '../../src/domain/schedule/risk.js';

const saloon: AssessedScene = { hazards: ['firearms', 'blanks'], locationId: 'red-mesa', aimedAtPerson: false };

describe('S5: a change of hazards, location or method makes the assessment stale', () => {
  it('keeps it current when only the words or the cast change', () => expect(staleBecause(saloon, { ...saloon })).toEqual([]));
  it('marks it stale when pyro joins the scene', () => expect(staleBecause(saloon, { ...saloon, hazards: ['firearms', 'blanks', 'pyro'] })).toEqual(['hazards changed: added pyro']));
  it('says what was added and removed', () => expect(staleBecause(saloon, { ...saloon, hazards: ['firearms', 'stunts'] })).toEqual(['hazards changed: added stunts, removed blanks']));
  it('marks it stale when the scene moves', () => expect(staleBecause(saloon, { ...saloon, locationId: 'corral' })).toEqual(['the location changed']));
  it('marks it stale when a shot is now aimed at a person', () =>
    expect(staleBecause(saloon, { ...saloon, aimedAtPerson: true })).toEqual(['a shot is now aimed toward a person or the camera']));
  it('asks an assessment of a scene with hazards, and none of one without', () => {
    expect(needsAssessment(saloon)).toBe(true);
    expect(needsAssessment({ hazards: [] })).toBe(false);
  });
});

describe('S5: an assessment controls every hazard it names', () => {
  it('accepts controls for firearms and blanks', () => expect(uncontrolled(['firearms', 'blanks'], [{ hazard: 'firearms' }, { hazard: 'blanks' }])).toEqual([]));
  it('names the hazard left without a control', () => expect(uncontrolled(['firearms', 'pyro'], [{ hazard: 'firearms' }])).toEqual(['pyro']));
});
