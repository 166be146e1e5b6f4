import { describe, expect, it } from 'vitest';
import { handOffDuringStop, liftDecisions, type LiftRequest } from '../../src/domain/stops.js';
import { refusals } from '../../src/domain/refusal.js';

const advisor = { userId: 'ines', roles: ['safety_advisor'] };
const good: LiftRequest = {
  stopStatus: 'active',
  caller: advisor,
  resolution: 'Replaced the frayed safety line; rigging re-inspected by the key grip.',
  confirmations: [
    { userId: 'ines', roles: ['safety_advisor'], pinMatched: true },
    { userId: 'sam', roles: ['first_ad'], pinMatched: true },
  ],
};

describe('S1: nobody lifts a stop alone', () => {
  it('lets the safety advisor lift with a resolution, their PIN and the 1st AD\'s', () => {
    expect(refusals(liftDecisions(good))).toEqual([]);
  });

  it('refuses the producer, however senior', () => {
    const found = refusals(liftDecisions({ ...good, caller: { userId: 'dana', roles: ['producer'] } }));
    expect(found.map((r) => r.rule)).toContain('S1');
    expect(found.map((r) => r.reason).join(' ')).toMatch(/Only the safety advisor/);
  });

  it('refuses the safety advisor alone', () => {
    const found = refusals(liftDecisions({ ...good, confirmations: [good.confirmations[0]!] }));
    expect(found).toEqual([expect.objectContaining({ rule: 'S1', reason: expect.stringMatching(/second person/) })]);
  });

  it('refuses a second confirmation from another safety advisor', () => {
    const found = refusals(
      liftDecisions({ ...good, confirmations: [good.confirmations[0]!, { userId: 'otto', roles: ['safety_advisor'], pinMatched: true }] }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toMatch(/different role/);
  });

  it('refuses without a written resolution, and reports every rule that refuses', () => {
    const found = refusals(liftDecisions({ ...good, resolution: '   ', confirmations: [] }));
    expect(found).toHaveLength(3);
  });

  it('refuses a stop that is already lifted', () => {
    expect(refusals(liftDecisions({ ...good, stopStatus: 'lifted' }))[0]!.reason).toMatch(/already been lifted/);
  });

  it('does not count a confirmation whose PIN did not match', () => {
    const found = refusals(liftDecisions({ ...good, confirmations: [good.confirmations[0]!, { ...good.confirmations[1]!, pinMatched: false }] }));
    expect(found).toHaveLength(1);
  });
});

describe('S1: no hand-off while work is stopped', () => {
  it('allows a hand-off when no stop is active', () => {
    expect(handOffDuringStop(0)).toEqual({ allowed: true });
  });
  it('refuses a hand-off during a stop', () => {
    expect(handOffDuringStop(1)).toMatchObject({ allowed: false, rule: 'S1' });
  });
});
