/** Hazard tags a scene can carry (API.md, "Schedule"); firearms and blanks bring in the F rules. */
export const HAZARDS = ['firearms', 'blanks', 'stunts', 'pyro', 'vehicles', 'animals', 'water', 'heights', 'aerial'] as const;

export type Hazard = (typeof HAZARDS)[number];

/** A scene with these tags needs the armorer of the day (F1). */
export function involvesFirearms(hazards: readonly string[]): boolean {
  return hazards.includes('firearms') || hazards.includes('blanks');
}
