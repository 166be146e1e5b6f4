/**
 * The steady write load: writes that each publish one live event, paced at a
 * fixed rate and spread over lanes that each run a short story of the set,
 * one write at a time:
 *   stop lane:    a grip raises a stop -> a phone acknowledges it -> the
 *                 safety advisor lifts it (her PIN and the 1st AD's);
 *   firearm lane: the armorer inspects -> hands off to the performer (the
 *                 performer's and the 1st AD's PINs) -> takes it back.
 * S1 refuses a hand-off while any stop is active, so a lane never sends one
 * then, and a stop is not raised while a hand-off is on its way: every write
 * is one the rules allow, and any refusal counts as a failed write. An active
 * stop's acknowledgement and lift go before other writes, as on a set that
 * is waiting on them; otherwise the lanes take turns.
 *
 * Attribution ties each event the coordinator's own stream sees to the write
 * that caused it, so the clients can time their receipts against that write.
 */
import { performance } from 'node:perf_hooks';
import type { Answer, Api } from './api.js';
import type { Cast } from './cast.js';
import type { Resolution } from './streams.js';

export interface WriteRecord {
  kind: string;
  /** what the write's live event is recognised by (see keyOf) */
  key: string;
  sent: number;
  answered?: number;
  ok?: boolean;
  status?: number;
  /** false during the warm-up: counted, but not timed */
  timed: boolean;
  seq?: number;
}

/** The event a write publishes, recognised from the event itself. */
function keyOf(type: string, data: string): string | undefined {
  const event = JSON.parse(data) as { stop?: { id: string; reason: string }; stopId?: string; firearm?: { id: string } };
  switch (type) {
    case 'stop.raised':
      return `stop.raised:${event.stop?.reason}`;
    case 'stop.acked':
      return `stop.acked:${event.stopId}`;
    case 'stop.lifted':
      return `stop.lifted:${event.stop?.id}`;
    case 'firearm.status':
      return `firearm.status:${event.firearm?.id}`;
    default:
      return undefined;
  }
}

export class Attribution {
  /** writes waiting for their event, by key, oldest first (a firearm lane reuses its key, one write at a time) */
  private readonly waiting = new Map<string, WriteRecord[]>();
  private timed: Resolution[] = [];
  private untimed: number[] = [];
  /** events seen on the coordinator's stream */
  events = 0;
  /** events no write of the soak caused (alerts, say) */
  unattributed = 0;

  expect(record: WriteRecord): void {
    const queue = this.waiting.get(record.key);
    if (queue) queue.push(record);
    else this.waiting.set(record.key, [record]);
  }

  answered(record: WriteRecord): void {
    if (record.seq !== undefined) this.settle(record);
    else if (!record.ok) this.forget(record);
  }

  event(seq: number, type: string, data: string): void {
    this.events += 1;
    const key = keyOf(type, data);
    const record = key === undefined ? undefined : this.waiting.get(key)?.shift();
    if (!record) {
      this.unattributed += 1;
      this.untimed.push(seq);
      return;
    }
    if (this.waiting.get(record.key)?.length === 0) this.waiting.delete(record.key);
    record.seq = seq;
    if (record.answered !== undefined) this.settle(record);
  }

  private settle(record: WriteRecord): void {
    if (record.timed && record.ok) this.timed.push([record.seq!, record.sent, record.answered!]);
    else this.untimed.push(record.seq!);
  }

  private forget(record: WriteRecord): void {
    const queue = this.waiting.get(record.key) ?? [];
    const at = queue.indexOf(record);
    if (at >= 0) queue.splice(at, 1);
    if (queue.length === 0) this.waiting.delete(record.key);
  }

  /** What the clients have not been told yet. */
  take(): { timed: Resolution[]; untimed: number[] } {
    const taken = { timed: this.timed, untimed: this.untimed };
    this.timed = [];
    this.untimed = [];
    return taken;
  }

  /** Successful writes whose event never reached the coordinator's stream. */
  unseen(): number {
    let n = 0;
    for (const queue of this.waiting.values()) n += queue.filter((r) => r.ok).length;
    return n;
  }
}

/** What lanes share: S1 keeps stops and hand-offs apart. */
interface Floor {
  activeStops: number;
  handOffs: number;
}

interface Lane {
  busy: boolean;
  ready(floor: Floor): boolean;
  /** it should go before the others */
  urgent(): boolean;
  step(timed: boolean): Promise<void>;
}

type Write = (kind: string, key: string, timed: boolean, send: () => Promise<Answer>, expect: number) => Promise<{ ok: boolean; body: string }>;

class StopLane implements Lane {
  busy = false;
  private phase: 'raise' | 'ack' | 'lift' = 'raise';
  private stopId = '';

  constructor(
    private readonly api: Api,
    private readonly cast: Cast,
    private readonly floor: Floor,
    private readonly write: Write,
    private readonly label: string,
    private readonly counter: () => number,
  ) {}

  ready(floor: Floor): boolean {
    return !this.busy && !(this.phase === 'raise' && floor.handOffs > 0);
  }

  urgent(): boolean {
    return this.phase !== 'raise';
  }

  async step(timed: boolean): Promise<void> {
    const { cast, api } = this;
    const p = `/api/productions/${cast.pid}`;
    switch (this.phase) {
      case 'raise': {
        const reason = `Soak ${this.label} stop ${this.counter()}: safety line on the crane looks frayed`;
        this.floor.activeStops += 1;
        const record = await this.write('stop raised', `stop.raised:${reason}`, timed, () => api.send('POST', `${p}/stops`, cast.grip.token, { reason, location: 'Stage 2' }), 201);
        if (!record.ok) {
          this.floor.activeStops -= 1;
          return;
        }
        this.stopId = (JSON.parse(record.body) as { stop: { id: string } }).stop.id;
        this.phase = 'ack';
        return;
      }
      case 'ack': {
        const record = await this.write('stop acked', `stop.acked:${this.stopId}`, timed, () => api.send('POST', `${p}/stops/${this.stopId}/ack`, cast.grip.token, { deviceId: `soak-ack-${this.label}` }), 204);
        if (record.ok) this.phase = 'lift';
        return;
      }
      case 'lift': {
        const body = {
          resolution: 'Line replaced and load-tested by the key grip.',
          confirmations: [
            { userId: cast.advisor.id, pin: cast.advisor.pin },
            { userId: cast.firstAd.id, pin: cast.firstAd.pin },
          ],
        };
        const record = await this.write('stop lifted', `stop.lifted:${this.stopId}`, timed, () => api.send('POST', `${p}/stops/${this.stopId}/lift`, cast.advisor.token, body), 200);
        if (!record.ok) return;
        this.floor.activeStops -= 1;
        this.phase = 'raise';
        return;
      }
    }
  }
}

class FirearmLane implements Lane {
  busy = false;
  private phase: 'inspect' | 'hand_off' | 'return' = 'inspect';

  constructor(
    private readonly api: Api,
    private readonly cast: Cast,
    private readonly floor: Floor,
    private readonly write: Write,
    private readonly index: number,
  ) {}

  ready(floor: Floor): boolean {
    return !this.busy && !(this.phase === 'hand_off' && floor.activeStops > 0);
  }

  urgent(): boolean {
    return false;
  }

  async step(timed: boolean): Promise<void> {
    const { cast, api } = this;
    const firearm = cast.firearms[this.index]!;
    const performer = cast.performers[this.index]!;
    const events = `/api/productions/${cast.pid}/firearms/${firearm}/events`;
    const key = `firearm.status:${firearm}`;
    const send = (body: unknown) => () => api.send('POST', events, cast.armorer.token, body);
    switch (this.phase) {
      case 'inspect': {
        const record = await this.write('firearm inspected', key, timed, send({ type: 'inspect', load: 'dummy', rounds: [{ lotId: cast.lotId, count: 6 }], barrelClear: true }), 201);
        if (record.ok) this.phase = 'hand_off';
        return;
      }
      case 'hand_off': {
        this.floor.handOffs += 1;
        const record = await this.write(
          'firearm handed off',
          key,
          timed,
          send({
            type: 'hand_off',
            toUserId: performer.id,
            shootDayId: cast.dayId,
            sceneId: cast.sceneId,
            confirmations: [
              { userId: performer.id, pin: performer.pin },
              { userId: cast.firstAd.id, pin: cast.firstAd.pin },
            ],
          }),
          201,
        );
        this.floor.handOffs -= 1;
        // A refused hand-off leaves the inspection standing: try again.
        if (record.ok) this.phase = 'return';
        return;
      }
      case 'return': {
        const record = await this.write('firearm returned', key, timed, send({ type: 'return', fromUserId: performer.id, confirmations: [{ userId: performer.id, pin: performer.pin }] }), 201);
        if (record.ok) this.phase = 'inspect';
        return;
      }
    }
  }
}

export interface Paced {
  /** writes due at the rate over the time */
  due: number;
  /** writes started before the time was up */
  started: number;
  /** writes started more than one interval after they were due (every lane was busy or blocked) */
  late: number;
  seconds: number;
}

export class WriteLoad {
  readonly records: WriteRecord[] = [];
  private readonly lanes: Lane[] = [];
  private readonly floor: Floor = { activeStops: 0, handOffs: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private stops = 0;
  /** the first failures, for the report */
  readonly failures: string[] = [];

  constructor(
    api: Api,
    cast: Cast,
    private readonly attribution: Attribution,
    private readonly rate: number,
  ) {
    const write: Write = (kind, key, timed, send, expect) => this.write(kind, key, timed, send, expect);
    // One stop at a time: a second stop lane would keep the hand-offs blocked most of the time.
    this.lanes.push(new StopLane(api, cast, this.floor, write, 'L1', () => ++this.stops));
    cast.firearms.forEach((_, i) => this.lanes.push(new FirearmLane(api, cast, this.floor, write, i)));
  }

  /** Firearm lanes for a rate: enough that the rate holds while writes take ~200 ms. */
  static firearmLanes(rate: number): number {
    return Math.max(4, Math.ceil(rate / 5));
  }

  private async write(kind: string, key: string, timed: boolean, send: () => Promise<Answer>, expect: number): Promise<{ ok: boolean; body: string }> {
    const record: WriteRecord = { kind, key, timed, sent: NaN };
    this.records.push(record);
    this.attribution.expect(record);
    let body = '';
    try {
      const answer = await send();
      body = answer.body;
      Object.assign(record, { sent: answer.sent, answered: answer.answered, status: answer.status, ok: answer.status === expect });
      if (!record.ok && this.failures.length < 5) this.failures.push(`${kind}: ${answer.status} ${answer.body.slice(0, 300)}`);
    } catch (error) {
      Object.assign(record, { ok: false, status: 0 });
      if (this.failures.length < 5) this.failures.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.attribution.answered(record);
    return { ok: record.ok!, body };
  }

  /** Starts a write every 1/rate s for `seconds` (a late one as soon as a lane may write), never after the time is up. */
  async run(seconds: number, timed: boolean): Promise<Paced> {
    const interval = 1000 / this.rate;
    const start = performance.now();
    const end = start + seconds * 1000;
    const due = Math.round(seconds * this.rate);
    let started = 0;
    let late = 0;
    for (let tick = 0; tick < due; tick++) {
      const at = start + tick * interval;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const lane = await this.nextLane(tick, end);
      if (!lane) break;
      if (performance.now() - at > interval) late += 1;
      started += 1;
      lane.busy = true;
      const step = lane.step(timed).finally(() => {
        lane.busy = false;
        this.inFlight.delete(step);
        this.wake?.();
      });
      this.inFlight.add(step);
    }
    return { due, started, late, seconds: (performance.now() - start) / 1000 };
  }

  /** An urgent lane, else the lanes in turn from this tick's; waits for one until `end`. */
  private async nextLane(tick: number, end: number): Promise<Lane | undefined> {
    for (;;) {
      const urgent = this.lanes.find((lane) => lane.urgent() && lane.ready(this.floor));
      if (urgent) return urgent;
      for (let i = 0; i < this.lanes.length; i++) {
        const lane = this.lanes[(tick + i) % this.lanes.length]!;
        if (lane.ready(this.floor)) return lane;
      }
      const left = end - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Waits for the writes still on their way. */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}
