// The HTTP client of the web app. The server keeps the session in an HttpOnly
// cookie, so no token ever touches script-readable storage.

export type Role =
  | 'producer'
  | 'upm'
  | 'first_ad'
  | 'safety_advisor'
  | 'armorer'
  | 'property_master'
  | 'performer'
  | 'medic'
  | 'department_head'
  | 'crew';

export interface User {
  id: string;
  name: string;
  email: string;
  hasPin: boolean;
}

export interface Membership {
  productionId: string;
  productionName: string;
  roles: Role[];
  department: string | null;
}

export interface Me {
  user: User;
  memberships: Membership[];
}

export interface Health {
  status: string;
  version: string;
  database: string;
  setupNeeded: boolean;
}

export interface Production {
  id: string;
  name: string;
  timezone: string;
  setCode: string;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  department: string | null;
  status: 'active' | 'invited';
}

export interface Invitation {
  code: string;
  expiresAt: string;
}

/** What an invitation link offers, read before anyone accepts it. */
export interface InvitationPreview {
  productionId: string;
  productionName: string;
  name: string;
  email: string;
  roles: Role[];
  expiresAt: string;
}

/** The production's log as its server signs it now. */
export interface LedgerHead {
  treeSize: number;
  /** base64 */
  rootHash: string;
  /** the signed note text */
  checkpoint: string;
  /** the note verifier key "<name>+<hash>+<base64 key>" */
  publicKey: string;
}

/** One ledger entry as the server stored and hashed it; later modules add types this app does not know. */
export interface LedgerRecord {
  index: number;
  /** base64 */
  leafHash: string;
  entry: {
    type: string;
    productionId: string;
    at: string;
    actor: Record<string, unknown> | null;
    data: Record<string, unknown>;
    refs: number[];
  };
}

/** A stop of work (S1), as the server presents it. */
export interface Stop {
  id: string;
  status: 'active' | 'lifted';
  reason: string | null;
  location: string | null;
  raisedAt: string;
  /** null when raised without a name, or with the set's public code */
  raisedBy: { userId: string; name: string } | null;
  liftedAt: string | null;
  liftedBy: string | null;
  secondedBy: string | null;
  resolution: string | null;
}

/** A stop with who has seen it: acknowledgements per device, and the connected devices that have not yet. */
export interface StopDetail {
  stop: Stop;
  acks: { deviceId: string; userId: string; name: string | null; at: string }[];
  unacknowledged: string[];
  unacknowledgedDevices: { deviceId: string; userId: string; name: string | null }[];
}

export interface RaiseStopBody {
  reason?: string;
  location?: string;
  anonymous?: boolean;
}

export interface LiftStopBody {
  resolution: string;
  confirmations: { userId: string; pin: string }[];
}

export interface LedgerPage {
  from: number;
  to: number;
  treeSize: number;
  entries: LedgerRecord[];
}

export type FirearmKind = 'blank_firing' | 'non_firing_replica' | 'rubber' | 'airsoft' | 'disabled';
export type Load = 'empty' | 'dummy' | 'blank';

export interface RoundCount {
  lotId: string;
  count: number;
}

/** A firearm as the server presents it; `status` is derived from the last inspection (F8), never typed. */
export interface Firearm {
  id: string;
  serial: string;
  make: string;
  model: string;
  kind: FirearmKind;
  state: 'stored' | 'with_armorer' | 'with_performer';
  status: 'cold' | 'hot';
  holderId: string | null;
  shootDayId: string | null;
  sceneId: string | null;
  lastInspection: { at: string; byUserId: string; load: Load; rounds: RoundCount[]; barrelClear: boolean } | null;
  loaded: RoundCount[];
  lastCustodyChangeAt: string;
  /** sent back with every custody event: a stale one is a 409, never a second state */
  version: number;
}

export interface AmmunitionLot {
  id: string;
  lot: string;
  kind: 'blank' | 'dummy';
  caliber: string;
  quantity: number;
  load: string | null;
  verification: { method?: string } | null;
}

/** The production's firearm hold after an incident (F11). */
export interface ArmoryHold {
  incidentId: string;
  since: string;
}

export interface ArmoryBoard {
  firearms: Firearm[];
  lots: AmmunitionLot[];
  alerts: { rule: string; firearmId?: string; message: string }[];
  hold: ArmoryHold | null;
}

export interface FirearmEvent {
  id: string;
  type: string;
  actorId: string;
  at: string;
  data: Record<string, unknown>;
  ledgerIndex: number;
}

export interface Scene {
  id: string;
  number: string;
  description: string;
  hazards: string[];
}

export interface ShootDay {
  id: string;
  date: string;
  location: string | null;
  sceneIds: string[];
}

export interface PinConfirmation {
  userId: string;
  pin: string;
}

export type FirearmEventBody = { version: number } & (
  | { type: 'check_out'; shootDayId: string }
  | { type: 'inspect'; load: Load; rounds: RoundCount[]; barrelClear: boolean }
  | { type: 'hand_off'; toUserId: string; shootDayId: string; sceneId: string; confirmations: PinConfirmation[] }
  | { type: 'return'; fromUserId: string; confirmations: PinConfirmation[] }
  | { type: 'discharge'; intended: boolean; rounds: RoundCount[]; sceneId?: string; note?: string }
  | { type: 'check_in' }
);

export interface NewFirearm {
  serial: string;
  make: string;
  model: string;
  kind: FirearmKind;
}

export interface NewLot {
  lot: string;
  kind: 'blank' | 'dummy';
  caliber: string;
  quantity: number;
  verification?: { method: string };
}

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export type ConcernCategory =
  | 'firearms'
  | 'stunts'
  | 'rigging'
  | 'vehicles'
  | 'pyro'
  | 'electrical'
  | 'fatigue'
  | 'health'
  | 'harassment'
  | 'environment'
  | 'other';

export type ConcernStatus = 'open' | 'acknowledged' | 'resolved';

export interface NewConcern {
  category: ConcernCategory;
  severity: Severity;
  description: string;
  anonymous?: boolean;
  /** people who must never see nor be routed it */
  implicatedUserIds?: string[];
  location?: string;
}

/** What a report answers at once; the key and passphrase come only with an anonymous one. */
export interface ReportedConcern {
  concern: { id: string; status: ConcernStatus; level: number; severity: Severity; category: ConcernCategory; ackDeadline: string | null };
  followUp?: FollowUpCredentials;
}

/** The anonymous reporter's way back in (S2): the key finds the concern, the passphrase proves it is theirs. */
export interface FollowUpCredentials {
  key: string;
  passphrase: string;
}

/** A person a concern names: its reporter, its handlers, the people it implicates. */
export interface ConcernPerson {
  userId: string;
  name: string | null;
}

/** A concern (S2) as a handler or its named reporter sees it. */
export interface Concern {
  id: string;
  category: ConcernCategory;
  severity: Severity;
  description: string;
  location: string | null;
  source: 'member' | 'public' | 'automatic';
  anonymous: boolean;
  reporter: ConcernPerson | null;
  implicated: ConcernPerson[];
  status: ConcernStatus;
  /** 0-based rung of the escalation ladder it is on */
  level: number;
  levels: number;
  /** who handles it at its current level */
  levelRoles: Role[];
  /** null at the top of the ladder: there is nowhere left to climb */
  ackDeadline: string | null;
  createdAt: string;
  acknowledgedBy: ConcernPerson | null;
  acknowledgedAt: string | null;
  resolvedBy: ConcernPerson | null;
  resolvedAt: string | null;
  resolution: string | null;
  /** the viewer reported it under their name */
  mine: boolean;
  canAcknowledge: boolean;
}

export interface ConcernMessage {
  id: string;
  from: 'reporter' | 'handler';
  /** the handler who wrote it; null for the reporter's side */
  author: ConcernPerson | null;
  text: string;
  at: string;
}

/** An escalation email and where it stands; 'outbox' means written to the data dir's outbox folder, with no SMTP server configured. */
export interface ConcernEmail {
  id: string;
  recipients: string[];
  subject: string;
  status: 'pending' | 'sent' | 'outbox' | 'failed';
  attempts: number;
  sentAt: string | null;
  error: string | null;
  createdAt: string;
}

export interface ConcernThread {
  concern: Concern;
  messages: ConcernMessage[];
  /** only handlers see them */
  notifications: ConcernEmail[];
}

/** What the anonymous reporter reads with the key and passphrase. */
export interface FollowedConcern {
  id: string;
  production: string | null;
  category: ConcernCategory;
  severity: Severity;
  description: string;
  status: ConcernStatus;
  level: number;
  levels: number;
  ackDeadline: string | null;
  createdAt: string;
  resolution: string | null;
  messages: { id: string; from: 'reporter' | 'handler'; author: string | null; text: string; at: string }[];
}

/** One rung of the escalation ladder; deadlines are minutes to acknowledge, per severity. */
export interface EscalationLevel {
  roles: Role[];
  emails: string[];
  deadlines: Record<Severity, number>;
}

export interface Escalation {
  levels: EscalationLevel[];
  status: 'active' | 'proposed';
  /** a change one of the safety advisor and the producer asked for, waiting for the other */
  proposed: { levels: EscalationLevel[]; proposedBy: string; waitingFor: string } | null;
}

/** One safety rule that refused an action, with a sentence a person can act on. */
export interface Refusal {
  rule: string;
  reason: string;
}

/** An RFC 9457 problem, flattened for forms: `fields` maps an input name to its message. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  fields: Record<string, string>;
  rule?: string;
  /** every rule that refused, on a 422 */
  refusals?: Refusal[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  rule?: unknown;
  errors?: unknown;
  refusals?: unknown;
  /** a refused wrap (F9) lists what is not reconciled */
  violations?: unknown;
}

export const unreachable: Problem = {
  status: 0,
  title: 'No connection',
  detail: 'Setbook cannot reach its server. Check the set Wi-Fi and try again.',
  fields: {},
};

/** `errors[].path` may be "email", "/email", "body.email", "roles.0" or ["roles", 0]: the form field is its first name. */
function fieldName(path: unknown): string {
  const parts = Array.isArray(path) ? path.map(String) : String(path ?? '').split(/[./]/);
  const names = parts.filter((part) => part !== '' && part !== 'body');
  return names[0] ?? '';
}

function toProblem(status: number, body: ProblemBody | null): Problem {
  const fields: Record<string, string> = {};
  if (Array.isArray(body?.errors)) {
    for (const error of body.errors as { path?: unknown; message?: unknown }[]) {
      const name = fieldName(error.path);
      // The server words field messages to follow the field's name ("must be 4 to 8 digits").
      const message = String(error.message ?? 'is not valid');
      if (!(name in fields)) fields[name] = message.charAt(0).toUpperCase() + message.slice(1);
    }
  }
  const title = typeof body?.title === 'string' ? body.title : `Request failed (${status})`;
  const detail = typeof body?.detail === 'string' && body.detail !== '' ? body.detail : title;
  const problem: Problem = { status, title, detail, fields };
  if (typeof body?.rule === 'string') problem.rule = body.rule;
  const refusals = Array.isArray(body?.refusals) ? body.refusals : Array.isArray(body?.violations) ? body.violations : null;
  if (refusals) {
    problem.refusals = (refusals as { rule?: unknown; reason?: unknown }[]).map((r) => ({ rule: String(r.rule ?? ''), reason: String(r.reason ?? '') }));
  }
  return problem;
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204 || !type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * A fresh Idempotency-Key. Not crypto.randomUUID: browsers offer it only on
 * HTTPS and localhost, and phones reach a set laptop over plain HTTP.
 */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface RequestOptions {
  /** Reuse a key to retry a write whose outcome is unknown; a new one is made otherwise. */
  idempotencyKey?: string;
  /** Give up after this long and answer `unreachable`: a set laptop that is off can leave a request hanging. */
  timeoutMs?: number;
}

export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? newIdempotencyKey();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: options.timeoutMs === undefined ? null : AbortSignal.timeout(options.timeoutMs),
    });
  } catch {
    return { ok: false, problem: unreachable };
  }
  const json = await readJson(response);
  if (!response.ok) return { ok: false, problem: toProblem(response.status, json as ProblemBody | null) };
  return { ok: true, data: json as T };
}

/** A GET whose body is read as a stream (the ledger export), or the problem the server answered instead. */
export async function openStream(path: string, signal?: AbortSignal): Promise<ApiResult<ReadableStream<Uint8Array>>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/x-ndjson' }, credentials: 'same-origin', signal: signal ?? null });
  } catch {
    return { ok: false, problem: unreachable };
  }
  if (!response.ok || !response.body) return { ok: false, problem: toProblem(response.status, (await readJson(response)) as ProblemBody | null) };
  return { ok: true, data: response.body };
}

const enc = encodeURIComponent;

export const api = {
  health: (o?: RequestOptions) => request<Health>('GET', '/api/health', undefined, o),
  me: (o?: RequestOptions) => request<Me>('GET', '/api/me', undefined, o),
  setup: (body: { setupToken: string; name: string; email: string; password: string }, o?: RequestOptions) =>
    request<{ user: User }>('POST', '/api/setup', body, o),
  login: (body: { email: string; password: string }, o?: RequestOptions) =>
    request<{ user: User }>('POST', '/api/auth/login', body, o),
  logout: () => request<null>('POST', '/api/auth/logout'),
  setPin: (body: { pin: string; password: string }, o?: RequestOptions) => request<null>('PUT', '/api/me/pin', body, o),
  createProduction: (body: { name: string; timezone: string }, o?: RequestOptions) =>
    request<{ production: Production }>('POST', '/api/productions', body, o),
  production: (pid: string) => request<{ production: Production }>('GET', `/api/productions/${enc(pid)}`),
  members: (pid: string) => request<{ members: Member[] }>('GET', `/api/productions/${enc(pid)}/members`),
  invite: (pid: string, body: { email: string; name: string; roles: Role[]; department?: string }, o?: RequestOptions) =>
    request<{ member: Pick<Member, 'userId' | 'roles' | 'department'>; invitation: Invitation | null }>(
      'POST',
      `/api/productions/${enc(pid)}/members`,
      body,
      o,
    ),
  invitation: (code: string) => request<{ invitation: InvitationPreview }>('GET', `/api/invitations/${enc(code)}`),
  acceptInvitation: (code: string, body: { name: string; password: string; pin: string }, o?: RequestOptions) =>
    request<{ user: User; productionId?: string }>('POST', `/api/invitations/${enc(code)}/accept`, body, o),
  stops: (pid: string) => request<{ stops: Stop[] }>('GET', `/api/productions/${enc(pid)}/stops`),
  stop: (pid: string, sid: string) => request<StopDetail>('GET', `/api/productions/${enc(pid)}/stops/${enc(sid)}`),
  raiseStop: (pid: string, body: RaiseStopBody, o?: RequestOptions) =>
    request<{ stop: Stop }>('POST', `/api/productions/${enc(pid)}/stops`, body, o),
  ackStop: (pid: string, sid: string, body: { deviceId: string }, o?: RequestOptions) =>
    request<null>('POST', `/api/productions/${enc(pid)}/stops/${enc(sid)}/ack`, body, o),
  liftStop: (pid: string, sid: string, body: LiftStopBody, o?: RequestOptions) =>
    request<{ stop: Stop }>('POST', `/api/productions/${enc(pid)}/stops/${enc(sid)}/lift`, body, o),
  set: (setCode: string) => request<{ set: { name: string; setCode: string } }>('GET', `/api/sets/${enc(setCode)}`),
  raiseSetStop: (setCode: string, body: Omit<RaiseStopBody, 'anonymous'>, o?: RequestOptions) =>
    request<{ stop: Stop }>('POST', `/api/sets/${enc(setCode)}/stops`, body, o),
  armory: (pid: string) => request<ArmoryBoard>('GET', `/api/productions/${enc(pid)}/armory`),
  firearm: (pid: string, fid: string) => request<{ firearm: Firearm; history: FirearmEvent[] }>('GET', `/api/productions/${enc(pid)}/firearms/${enc(fid)}`),
  firearmEvent: (pid: string, fid: string, body: FirearmEventBody, o?: RequestOptions) =>
    request<{ event: FirearmEvent; firearm: Firearm }>('POST', `/api/productions/${enc(pid)}/firearms/${enc(fid)}/events`, body, o),
  addFirearm: (pid: string, body: NewFirearm, o?: RequestOptions) => request<{ firearm: Firearm }>('POST', `/api/productions/${enc(pid)}/firearms`, body, o),
  addLot: (pid: string, body: NewLot, o?: RequestOptions) => request<{ lot: AmmunitionLot }>('POST', `/api/productions/${enc(pid)}/ammunition`, body, o),
  wrap: async (pid: string, body: { shootDayId: string }, o?: RequestOptions): Promise<ApiResult<{ ok: true }>> => {
    const result = await request<{ ok: true }>('POST', `/api/productions/${enc(pid)}/armory/wrap`, body, o);
    // A refused wrap (F9) answers 409 with its violations, not a problem document.
    if (!result.ok && result.problem.status === 409 && result.problem.refusals) return { ok: false, problem: { ...result.problem, title: 'The day cannot wrap yet' } };
    return result;
  },
  schedule: (pid: string) => request<{ scenes: Scene[]; shootDays: ShootDay[] }>('GET', `/api/productions/${enc(pid)}/schedule`),
  ledgerHead: (pid: string) => request<LedgerHead>('GET', `/api/productions/${enc(pid)}/ledger/checkpoint`),
  ledgerEntries: (pid: string, from: number, to: number) =>
    request<LedgerPage>('GET', `/api/productions/${enc(pid)}/ledger/entries?from=${from}&to=${to}`),
  concerns: (pid: string) => request<{ concerns: Concern[] }>('GET', `/api/productions/${enc(pid)}/concerns`),
  concern: (pid: string, cid: string) => request<ConcernThread>('GET', `/api/productions/${enc(pid)}/concerns/${enc(cid)}`),
  reportConcern: (pid: string, body: NewConcern, o?: RequestOptions) => request<ReportedConcern>('POST', `/api/productions/${enc(pid)}/concerns`, body, o),
  reportSetConcern: (setCode: string, body: Omit<NewConcern, 'anonymous'>, o?: RequestOptions) =>
    request<Required<ReportedConcern>>('POST', `/api/sets/${enc(setCode)}/concerns`, body, o),
  acknowledgeConcern: (pid: string, cid: string, body: { note?: string }, o?: RequestOptions) =>
    request<{ concern: Concern }>('POST', `/api/productions/${enc(pid)}/concerns/${enc(cid)}/ack`, body, o),
  messageConcern: (pid: string, cid: string, body: { text: string }, o?: RequestOptions) =>
    request<unknown>('POST', `/api/productions/${enc(pid)}/concerns/${enc(cid)}/messages`, body, o),
  resolveConcern: (pid: string, cid: string, body: { resolution: string }, o?: RequestOptions) =>
    request<{ concern: Concern }>('POST', `/api/productions/${enc(pid)}/concerns/${enc(cid)}/resolve`, body, o),
  escalation: (pid: string) => request<{ escalation: Escalation }>('GET', `/api/productions/${enc(pid)}/escalation`),
  setEscalation: (pid: string, body: { levels: EscalationLevel[] }, o?: RequestOptions) =>
    request<{ escalation: Escalation }>('PUT', `/api/productions/${enc(pid)}/escalation`, body, o),
  followUp: (body: FollowUpCredentials, o?: RequestOptions) => request<{ concern: FollowedConcern }>('POST', '/api/follow-up', body, o),
  followUpMessage: (body: FollowUpCredentials & { text: string }, o?: RequestOptions) => request<unknown>('POST', '/api/follow-up/messages', body, o),
};

/** The export bundle (NDJSON): streamed into the verifier, or downloaded as a file for an investigator. */
export function ledgerExportUrl(pid: string): string {
  return `/api/productions/${enc(pid)}/ledger/export`;
}
