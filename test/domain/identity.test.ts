import { describe, expect, it } from 'vitest';
import { ACCESS, allows, ROLES } from '../../src/domain/roles.js';
import { lockedUntil, LOGIN_LOCKOUT, PIN_LOCKOUT } from '../../src/domain/identity/lockout.js';

const MIN = 60_000;

describe('roles', () => {
  it('lets a producer or UPM invite, and nobody else', () => {
    const inviters = ROLES.filter((role) => allows('members.invite', [role]));
    expect(inviters).toEqual(['producer', 'upm']);
  });

  it('lets any member read the production, even with no role yet', () => {
    expect(allows('production.read', [])).toBe(true);
  });

  it('records training only for the safety advisor, armorer and producer', () => {
    expect(ROLES.filter((role) => allows('trainings.record', [role]))).toEqual(['producer', 'safety_advisor', 'armorer']);
    expect(allows('trainings.record', ['performer', 'crew'])).toBe(false);
  });

  it('names only known roles in the access table', () => {
    for (const allowed of Object.values(ACCESS)) {
      if (allowed !== 'member') for (const role of allowed) expect(ROLES).toContain(role);
    }
  });
});

describe('PIN lockout (five wrong PINs in 15 minutes lock it for 15 minutes)', () => {
  const at = (minutes: number) => Date.UTC(2026, 10, 22, 14, 0) + minutes * MIN;

  it('does not lock after four wrong PINs', () => {
    expect(lockedUntil(PIN_LOCKOUT, [at(0), at(1), at(2), at(3)], at(4))).toBeNull();
  });

  it('locks at the fifth wrong PIN inside 15 minutes, until 15 minutes after it', () => {
    const failures = [at(0), at(1), at(2), at(3), at(4)];
    expect(lockedUntil(PIN_LOCKOUT, failures, at(5))).toBe(at(19));
    expect(lockedUntil(PIN_LOCKOUT, failures, at(18.9))).toBe(at(19));
    expect(lockedUntil(PIN_LOCKOUT, failures, at(19))).toBeNull();
  });

  it('does not lock when five failures are spread over more than 15 minutes', () => {
    expect(lockedUntil(PIN_LOCKOUT, [at(0), at(4), at(8), at(12), at(16)], at(16.5))).toBeNull();
  });

  it('allows ten wrong passwords before locking a sign-in', () => {
    const nine = Array.from({ length: 9 }, (_, i) => at(i));
    expect(lockedUntil(LOGIN_LOCKOUT, nine, at(9))).toBeNull();
    expect(lockedUntil(LOGIN_LOCKOUT, [...nine, at(9)], at(10))).toBe(at(24));
  });
});
