import { describe, expect, it } from 'vitest';
import {
  ackDeadline,
  automaticConcernLevel,
  DEFAULT_LADDER,
  ladderProblems,
  mayAcknowledge,
  nextStep,
  standing,
  recipients,
  type LadderLevel,
  type Person,
} from '../../src/domain/concerns/escalation.js';

const ladder: LadderLevel[] = [
  DEFAULT_LADDER[0]!,
  DEFAULT_LADDER[1]!,
  { roles: [], emails: ['safety@iatse.example', 'studio.safety@example.test'], deadlines: DEFAULT_LADDER[2]!.deadlines },
];
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 14, 0) + minutes * 60_000);

const crew: Person[] = [
  { userId: 'ines', roles: ['safety_advisor'], email: 'ines@example.test' },
  { userId: 'teo', roles: ['department_head'], email: 'teo@example.test' },
  { userId: 'rosa', roles: ['upm'], email: 'rosa@example.test' },
  { userId: 'dana', roles: ['producer'], email: 'dana@example.test' },
  { userId: 'maya', roles: ['crew'], email: 'maya@example.test' },
];

describe('S2: acknowledgement deadlines per severity', () => {
  it('gives a critical concern 15 minutes and a low one 72 hours', () => {
    expect(ackDeadline(ladder, 0, 'critical', at(0))).toEqual(at(15));
    expect(ackDeadline(ladder, 0, 'high', at(0))).toEqual(at(120));
    expect(ackDeadline(ladder, 1, 'medium', at(0))).toEqual(at(1440));
    expect(ackDeadline(ladder, 0, 'low', at(0))).toEqual(at(4320));
  });
  it('has no deadline at the top of the ladder', () => expect(ackDeadline(ladder, 2, 'critical', at(0))).toBeNull());
});

describe('S2: an unacknowledged concern climbs on its own', () => {
  const open = { status: 'open' as const, level: 0, severity: 'critical' as const, levelSince: at(0) };
  it('waits until the deadline', () => expect(nextStep(ladder, open, at(14))).toBeNull());
  it('climbs one level at the deadline', () => expect(nextStep(ladder, open, at(15))).toEqual({ climbTo: 1, at: at(15) }));
  it('stops climbing once acknowledged', () => expect(nextStep(ladder, { ...open, status: 'acknowledged' }, at(500))).toBeNull());
  it('reaches the external contacts and stops there', () => {
    expect(nextStep(ladder, { ...open, level: 1, levelSince: at(15) }, at(30))).toEqual({ climbTo: 2, at: at(30) });
    expect(nextStep(ladder, { ...open, level: 2, levelSince: at(30) }, at(10_000))).toBeNull();
  });
});

describe('S2: people the reporter implicates are never routed the concern', () => {
  it('routes the first level to the department head and the safety advisor', () => {
    expect(recipients(ladder[0]!, crew, [])).toEqual({ userIds: ['ines', 'teo'], emails: ['ines@example.test', 'teo@example.test'] });
  });
  it('leaves out the implicated producer at the second level', () => {
    expect(recipients(ladder[1]!, crew, ['dana'])).toEqual({ userIds: ['rosa'], emails: ['rosa@example.test'] });
  });
  it('leaves out an implicated person even when they are also an external contact', () => {
    const withMember = { ...ladder[2]!, emails: [...ladder[2]!.emails, 'Dana@example.test'] };
    expect(recipients(withMember, crew, ['dana']).emails).toEqual(['safety@iatse.example', 'studio.safety@example.test']);
  });
});

describe('F11 + S2: automatic firearms concerns', () => {
  it('starts the first occurrence at the bottom and a second straight at the external contacts', () => {
    expect(automaticConcernLevel(ladder, 0)).toBe(0);
    expect(automaticConcernLevel(ladder, 1)).toBe(2);
  });
});

describe('S2: who sees and handles a concern', () => {
  const concern = (level: number, implicated: string[] = [], reporterId: string | null = 'maya') => ({ level, implicated, reporterId });
  const person = (userId: string, roles: string[]) => ({ userId, roles });

  it('lets the levels it has reached handle it, and the reporter follow it', () => {
    expect(standing(ladder, concern(0), person('ines', ['safety_advisor']))).toBe('handler');
    expect(standing(ladder, concern(0), person('rosa', ['upm']))).toBe('none');
    expect(standing(ladder, concern(1), person('rosa', ['upm']))).toBe('handler');
    expect(standing(ladder, concern(1), person('ines', ['safety_advisor']))).toBe('handler');
    expect(standing(ladder, concern(0), person('maya', ['crew']))).toBe('reporter');
    expect(standing(ladder, concern(0, [], null), person('maya', ['crew']))).toBe('none');
  });

  it('makes an implicated person a stranger to it at every level, whatever their roles', () => {
    for (const level of [0, 1, 2]) {
      expect(standing(ladder, concern(level, ['dana']), person('dana', ['producer', 'safety_advisor']))).toBe('implicated');
      expect(mayAcknowledge(ladder, concern(level, ['dana']), person('dana', ['producer', 'safety_advisor']))).toBe(false);
    }
  });

  it('lets only the current level acknowledge, and anyone it passed once only external contacts remain', () => {
    expect(mayAcknowledge(ladder, concern(0), person('teo', ['department_head']))).toBe(true);
    expect(mayAcknowledge(ladder, concern(1), person('teo', ['department_head']))).toBe(false);
    expect(mayAcknowledge(ladder, concern(1), person('dana', ['producer']))).toBe(true);
    expect(mayAcknowledge(ladder, concern(2), person('teo', ['department_head']))).toBe(true);
    expect(mayAcknowledge(ladder, concern(0), person('maya', ['crew']))).toBe(false);
  });

  it('accepts a ladder that reaches people at every level, and names what is wrong with one that does not', () => {
    expect(ladderProblems(ladder)).toEqual([]);
    expect(ladderProblems([ladder[2]!]).map((p) => p.path)).toEqual(['levels', 'levels.0.roles']);
    expect(ladderProblems([ladder[0]!, { roles: [], emails: [], deadlines: ladder[0]!.deadlines }]).map((p) => p.path)).toEqual(['levels.1']);
  });
});
