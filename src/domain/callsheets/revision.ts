/**
 * A call sheet's versions as the industry numbers them: version 1 is the
 * original on white paper, each revision after it takes the next colour of
 * the revision sequence, and once the colours run out they start again as
 * "double white", "double blue", then "triple", and so on.
 */

export const REVISION_COLOURS = ['white', 'blue', 'pink', 'yellow', 'green', 'goldenrod', 'buff', 'salmon', 'cherry'] as const;

const ROUNDS = ['', 'double ', 'triple ', 'quadruple '];

export interface Revision {
  /** 0 for the original, 1 for the first revision */
  number: number;
  /** the colour its pages are printed on: "white", "blue", ..., "double white" */
  colour: string;
}

/** The revision a version (1, 2, ...) is. */
export function revisionOf(version: number): Revision {
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`a call sheet version is a whole number from 1, not ${version}`);
  const number = version - 1;
  const round = Math.floor(number / REVISION_COLOURS.length);
  const colour = REVISION_COLOURS[number % REVISION_COLOURS.length]!;
  const prefix = ROUNDS[round] ?? `${round + 1}x `;
  return { number, colour: `${prefix}${colour}` };
}
