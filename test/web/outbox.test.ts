import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox, type Write } from '../../src/web/outbox.js';

/**
 * The phone's outbox with no network, then with it: a concern, a notebook
 * entry and a camera report each keep one Idempotency-Key across every attempt
 * and the time they were made, and leave the phone once the server has them.
 */
describe('the outbox of a phone out of the set’s Wi-Fi', () => {
  let online = false;
  let sent: Array<{ url: string; key: string | null; body: Record<string, unknown> }> = [];

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
    online = false;
    sent = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      sent.push({ url, key: headers['idempotency-key'] ?? null, body: JSON.parse(String(init.body)) as Record<string, unknown> });
      if (!online) throw new TypeError('Failed to fetch');
      const body = JSON.parse(String(init.body)) as { anonymous?: boolean };
      const followUp = body.anonymous ? { followUp: { key: 'ABCD-EFGH-JKMN', passphrase: 'QRSTV-WXYZ2-34567-89ABC-DEFGH' } } : {};
      const answer = url.endsWith('/concerns') ? { concern: { id: 'c1' }, receipt: {}, ...followUp } : { entry: { id: `e${sent.length}` } };
      return new Response(JSON.stringify(answer), { status: 201, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const writes: Write[] = [
    { kind: 'concern', productionId: 'p1', by: 'ana', body: { category: 'rigging', severity: 'high', description: 'Gangway without a handrail', reportedAt: '2026-12-05T21:14:00.000Z' } },
    { kind: 'entry', productionId: 'p1', notebookId: 'n1', body: { kind: 'equipment', title: 'Cooke S4/i primes', fields: { make: 'Cooke' } }, writtenAt: '2026-12-05T21:15:00.000Z', files: [] },
    {
      kind: 'entry',
      productionId: 'p1',
      notebookId: 'n1',
      body: { kind: 'camera_report', title: 'A004 take 1', fields: { roll: 'A004', scene: '27', take: 1, shotAt: '2026-12-05T21:16:00.000Z' } },
      writtenAt: '2026-12-05T21:16:00.000Z',
      files: [],
    },
  ];

  it('sends each write under the key it was given, with the time it was made, and forgets it once delivered', async () => {
    const outbox = new Outbox();
    outbox.signedIn('ana');
    const keys = writes.map((write) => outbox.add(write));
    await outbox.flush();
    await outbox.flush();
    // Still waiting, on the phone, after a reload.
    expect(new Outbox().getState().queued.map((q) => q.key)).toEqual(keys);

    online = true;
    await outbox.flush();
    expect(outbox.getState().queued).toEqual([]);
    expect(JSON.parse(localStorage.getItem('setbook.outbox') ?? 'null')).toEqual([]);
    const [concernKey, entryKey, takeKey] = keys;
    for (const key of keys) expect(new Set(sent.filter((s) => s.key === key).map((s) => s.url)).size).toBe(1);
    expect(sent.filter((s) => s.key === concernKey).every((s) => s.body.reportedAt === '2026-12-05T21:14:00.000Z')).toBe(true);
    expect(sent.filter((s) => s.key === entryKey).every((s) => s.body.writtenAt === '2026-12-05T21:15:00.000Z')).toBe(true);
    const take = sent.filter((s) => s.key === takeKey);
    expect(take.every((s) => s.body.writtenAt === '2026-12-05T21:16:00.000Z' && (s.body.fields as { shotAt: string }).shotAt === '2026-12-05T21:16:00.000Z')).toBe(true);
    // The concern was tried while offline, then delivered, under the one key (the rest waited behind it for the network).
    expect(sent.filter((s) => s.key === concernKey).length).toBeGreaterThan(1);
  });

  it('an anonymous concern sent once its screen stopped waiting keeps its follow-up key in memory only, until shown', async () => {
    const outbox = new Outbox();
    outbox.signedIn('ana');
    const { key, outcome } = outbox.submit({ kind: 'concern', productionId: 'p1', by: 'ana', body: { category: 'harassment', severity: 'high', description: 'Shouting at the PAs', anonymous: true, reportedAt: '2026-12-05T21:20:00.000Z' } });
    expect(await outcome).toEqual({ state: 'waiting' });
    await outbox.flush();
    online = true;
    await outbox.flush();
    expect(outbox.getState().followUps).toEqual([{ key, productionId: 'p1', followUp: { key: 'ABCD-EFGH-JKMN', passphrase: 'QRSTV-WXYZ2-34567-89ABC-DEFGH' } }]);
    const onPhone = Object.keys(localStorage).length === 0 ? '' : JSON.stringify([...Array(localStorage.length).keys()].map((i) => localStorage.getItem(localStorage.key(i)!)));
    expect(onPhone).not.toContain('QRSTV');
    expect(onPhone).not.toContain('Shouting at the PAs');
    outbox.dismiss(key);
    expect(outbox.getState().followUps).toEqual([]);
  });

  it('a concern Ana wrote never goes under the session of the next person to sign in on her phone', async () => {
    const outbox = new Outbox();
    outbox.signedIn('ana');
    outbox.add(writes[0]!);
    await outbox.flush();
    outbox.signedIn(null);
    outbox.signedIn('cal');
    online = true;
    sent = [];
    await outbox.flush();
    expect(sent).toEqual([]);
    expect(outbox.getState().queued).toHaveLength(1);
    outbox.signedIn('ana');
    await outbox.flush();
    expect(sent.map((s) => s.url)).toEqual(['/api/productions/p1/concerns']);
    expect(outbox.getState().queued).toEqual([]);
  });

  it('a concern goes after a stop, and before the notebook', async () => {
    const outbox = new Outbox();
    outbox.signedIn('ana');
    outbox.add(writes[1]!);
    outbox.add(writes[0]!);
    outbox.add({ kind: 'stop', productionId: 'p1', setCode: null, body: { reason: 'Barge drifting', pressedAt: '2026-12-05T21:17:00.000Z' } });
    await outbox.flush();
    online = true;
    sent = [];
    await outbox.flush();
    expect(sent.map((s) => s.url)).toEqual(['/api/productions/p1/stops', '/api/productions/p1/concerns', '/api/productions/p1/notebooks/n1/entries']);
  });
});
