import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crewToKeep, forgetEverything, lastMe, lastSeen, remember, rememberMe } from '../../src/web/last-seen.js';
import type { Me } from '../../src/web/api.js';

const person = (id: string, name: string): Me => ({ user: { id, name, email: `${id}@harbor.test` }, memberships: [] }) as unknown as Me;

/** What a shared phone on set keeps of the last person's screens, and what it never shows the next. */
describe('what this phone last saw', () => {
  beforeEach(() => {
    const kept = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => kept.get(key) ?? null,
      setItem: (key: string, value: string) => void kept.set(key, value),
      removeItem: (key: string) => void kept.delete(key),
      key: (i: number) => [...kept.keys()][i] ?? null,
      get length() {
        return kept.size;
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is kept per person and production, with when it was seen', () => {
    rememberMe(person('ana', 'Ana Ruiz'));
    remember('ana', 'harbor', 'today', { scenes: ['12'] });
    expect(lastSeen('ana', 'harbor', 'today')).toMatchObject({ data: { scenes: ['12'] }, seenAt: expect.any(String) });
    expect(lastSeen('ana', 'mesa', 'today')).toBeNull();
    expect(lastSeen('cal', 'harbor', 'today')).toBeNull();
  });

  it('someone else signing in on the phone clears the last person’s copy', () => {
    rememberMe(person('ana', 'Ana Ruiz'));
    remember('ana', 'harbor', 'today', { scenes: ['12'] });
    rememberMe(person('cal', 'Cal Ortiz'));
    expect(lastSeen('ana', 'harbor', 'today')).toBeNull();
    expect(lastMe()?.user.id).toBe('cal');
  });

  it('signing out leaves nothing of the person on the phone', () => {
    rememberMe(person('ana', 'Ana Ruiz'));
    remember('ana', 'harbor', 'armory', { firearms: [] });
    localStorage.setItem('setbook.locale', 'es');
    forgetEverything();
    expect(lastMe()).toBeNull();
    expect(lastSeen('ana', 'harbor', 'armory')).toBeNull();
    expect(localStorage.getItem('setbook.locale')).toBe('es');
  });

  it('keeps the crew’s names and roles, never their email addresses', () => {
    const kept = crewToKeep({ members: [{ userId: 'u1', name: 'Hank Lowell', email: 'hank@harbor.test', roles: ['armorer'] }] });
    expect(kept.members[0]).toEqual({ userId: 'u1', name: 'Hank Lowell', email: '', roles: ['armorer'] });
  });
});
