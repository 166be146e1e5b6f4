// The HTTP client of the web app. The server keeps the session in an HttpOnly
// cookie, so no token ever touches script-readable storage. Every request and
// answer type is the server's contract (src/contract), read as types only: no
// zod code reaches the bundle.
import type { z } from 'zod';
import type * as armory from '../contract/armory.js';
import type * as concerns from '../contract/concerns.js';
import type { Refusal } from '../contract/common.js';
import type * as identity from '../contract/identity.js';
import type * as ledger from '../contract/ledger.js';
import type * as notebooks from '../contract/notebooks.js';
import type { RefusalProblem } from '../contract/problem.js';
import type * as productions from '../contract/productions.js';
import type * as push from '../contract/push.js';
import type * as schedule from '../contract/schedule.js';
import type * as stops from '../contract/stops.js';
import type { Locale } from '../i18n/locales.js';
import { t } from './i18n.js';

export type { Role } from '../contract/common.js';
export type { Health, Membership } from '../contract/identity.js';
/** Who is signed in; `user.locale` is the language they chose, kept on the server, when it says. */
export type Me = identity.Me & { user: identity.Me['user'] & { locale?: Locale | null } };
export type { Invitation, InvitationPreview, Member, Production } from '../contract/productions.js';
export type { LedgerHead, LedgerPerson, LedgerRecord } from '../contract/ledger.js';
export type { LiftStopBody, PublicRaiseStopBody, RaiseStopBody, Stop, StopDetail } from '../contract/stops.js';
export type {
  AmmunitionLot,
  ArmoryBoard,
  Firearm,
  FirearmEvent,
  FirearmEventBody,
  Load,
  NewFirearm,
  NewLot,
  RoundCount,
} from '../contract/armory.js';
export type { Scene, ShootDay } from '../contract/schedule.js';
export type { EntryPatch, HandoffBody, Notebook, NotebookAttachment, NotebookEntry, NotebookPackage, NotebookVersion } from '../contract/notebooks.js';
/** A new notebook entry as written on a device, and what the server answers when it has it. */
export type NewEntryBody = Body<typeof notebooks.entryBody>;
export type EntryCreated = Answer<typeof notebooks.entryAnswer>;
export type {
  Concern,
  ConcernCategory,
  ConcernEmail,
  ConcernMessage,
  ConcernStatus,
  ConcernThread,
  Escalation,
  EscalationLevel,
  FollowedConcern,
  FollowUpCredentials,
  NewConcern,
  ReportedConcern,
  Severity,
} from '../contract/concerns.js';

/** What a route answers on success, as its response schema declares it. */
type Answer<S extends z.ZodType> = z.output<S>;
/** What a route takes, as its request schema accepts it. */
type Body<S extends z.ZodType> = z.input<S>;

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

/** A problem document as read off the wire: every field checked before use, whatever a proxy answered instead. */
type ProblemBody = { [K in keyof RefusalProblem | keyof armory.WrapRefusal]?: unknown };

/** Nobody answered: worded when it happens, in the language shown then. */
function unreachable(): Problem {
  return { status: 0, title: t('common.problems.noConnection'), detail: t('common.problems.noConnectionDetail'), fields: {} };
}

/**
 * `errors[].path` may be "email", "/email", "body.email", "roles.0" or ["roles", 0]: the form field is its
 * first name. A notebook entry's "fields.make" is its own input, so the name inside `fields` counts.
 */
function fieldName(path: unknown): string {
  const parts = Array.isArray(path) ? path.map(String) : String(path ?? '').split(/[./]/);
  const names = parts.filter((part) => part !== '' && part !== 'body');
  return (names[0] === 'fields' ? names[1] : undefined) ?? names[0] ?? '';
}

function toProblem(status: number, body: ProblemBody | null): Problem {
  const fields: Record<string, string> = {};
  if (Array.isArray(body?.errors)) {
    for (const error of body.errors as { path?: unknown; message?: unknown }[]) {
      const name = fieldName(error.path);
      // The server words field messages to follow the field's name ("must be 4 to 8 digits").
      const message = String(error.message ?? t('common.problems.notValid'));
      if (!(name in fields)) fields[name] = message.charAt(0).toUpperCase() + message.slice(1);
    }
  }
  const title = typeof body?.title === 'string' ? body.title : t('common.problems.requestFailed', { status });
  const detail = typeof body?.detail === 'string' && body.detail !== '' ? body.detail : title;
  const problem: Problem = { status, title, detail, fields };
  if (typeof body?.rule === 'string') problem.rule = body.rule;
  const refusals = Array.isArray(body?.refusals) ? body.refusals : Array.isArray(body?.violations) ? body.violations : null;
  if (refusals) {
    problem.refusals = (refusals as { rule?: unknown; reason?: unknown; key?: unknown; values?: unknown }[]).map((r) => ({
      rule: String(r.rule ?? ''),
      reason: String(r.reason ?? ''),
      // The key and its values let the app say the refusal in the reader's language; the English reason stays as the fallback.
      ...(typeof r.key === 'string' ? { key: r.key } : {}),
      ...(typeof r.values === 'object' && r.values !== null ? { values: r.values as Refusal['values'] } : {}),
    }));
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
  /** Called off when its answer is no longer wanted (a search overtaken by more typing). */
  signal?: AbortSignal;
}

function signalOf({ timeoutMs, signal }: RequestOptions): AbortSignal | null {
  const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  if (timeout && signal) return AbortSignal.any([timeout, signal]);
  return timeout ?? signal ?? null;
}

export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A file goes as multipart/form-data, whose boundary the browser writes into the content type itself.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? newIdempotencyKey();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : form ? body : JSON.stringify(body),
      signal: signalOf(options),
    });
  } catch {
    return { ok: false, problem: unreachable() };
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
    return { ok: false, problem: unreachable() };
  }
  if (!response.ok || !response.body) return { ok: false, problem: toProblem(response.status, (await readJson(response)) as ProblemBody | null) };
  return { ok: true, data: response.body };
}

const enc = encodeURIComponent;

export const api = {
  health: (o?: RequestOptions) => request<Answer<typeof identity.health>>('GET', '/api/health', undefined, o),
  /** the set's own CA and HTTPS addresses; 404 when a studio's certificate or no HTTPS is in use */
  setNetwork: () => request<{ caFingerprint: string; httpsUrls: string[]; trustUrls: string[] }>('GET', '/api/tls'),
  me: (o?: RequestOptions) => request<Answer<typeof identity.me>>('GET', '/api/me', undefined, o),
  setup: (body: Body<typeof identity.setupBody>, o?: RequestOptions) => request<Answer<typeof identity.session>>('POST', '/api/setup', body, o),
  login: (body: Body<typeof identity.loginBody>, o?: RequestOptions) => request<Answer<typeof identity.session>>('POST', '/api/auth/login', body, o),
  logout: () => request<null>('POST', '/api/auth/logout'),
  setPin: (body: Body<typeof identity.pinBody>, o?: RequestOptions) => request<null>('PUT', '/api/me/pin', body, o),
  /** The language the server writes to this person in; null follows what their browser asks for. */
  setLocale: (locale: Locale | null) => request<null>('PUT', '/api/me/locale', { locale }),
  createProduction: (body: Body<typeof productions.createProductionBody>, o?: RequestOptions) =>
    request<Answer<typeof productions.productionCreated>>('POST', '/api/productions', body, o),
  production: (pid: string) => request<Answer<typeof productions.productionAnswer>>('GET', `/api/productions/${enc(pid)}`),
  members: (pid: string) => request<Answer<typeof productions.membersAnswer>>('GET', `/api/productions/${enc(pid)}/members`),
  invite: (pid: string, body: Body<typeof productions.addMemberBody>, o?: RequestOptions) =>
    request<Answer<typeof productions.memberAdded>>('POST', `/api/productions/${enc(pid)}/members`, body, o),
  updateMember: (pid: string, userId: string, body: Body<typeof productions.updateMemberBody>) =>
    request<Answer<typeof productions.memberUpdated> | Answer<typeof productions.memberProposed>>('PATCH', `/api/productions/${enc(pid)}/members/${enc(userId)}`, body),
  invitation: (code: string) => request<Answer<typeof productions.invitationPreview>>('GET', `/api/invitations/${enc(code)}`),
  acceptInvitation: (code: string, body: Body<typeof productions.acceptBody>, o?: RequestOptions) =>
    request<Answer<typeof productions.invitationAccepted>>('POST', `/api/invitations/${enc(code)}/accept`, body, o),
  stops: (pid: string) => request<Answer<typeof stops.stopsAnswer>>('GET', `/api/productions/${enc(pid)}/stops`),
  stop: (pid: string, sid: string) => request<Answer<typeof stops.stopDetail>>('GET', `/api/productions/${enc(pid)}/stops/${enc(sid)}`),
  raiseStop: (pid: string, body: Body<typeof stops.raiseBody>, o?: RequestOptions) =>
    request<Answer<typeof stops.stopRaised>>('POST', `/api/productions/${enc(pid)}/stops`, body, o),
  ackStop: (pid: string, sid: string, body: Body<typeof stops.ackBody>, o?: RequestOptions) =>
    request<null>('POST', `/api/productions/${enc(pid)}/stops/${enc(sid)}/ack`, body, o),
  liftStop: (pid: string, sid: string, body: Body<typeof stops.liftBody>, o?: RequestOptions) =>
    request<Answer<typeof stops.stopLifted>>('POST', `/api/productions/${enc(pid)}/stops/${enc(sid)}/lift`, body, o),
  set: (setCode: string) => request<Answer<typeof stops.setAnswer>>('GET', `/api/sets/${enc(setCode)}`),
  raiseSetStop: (setCode: string, body: Body<typeof stops.publicRaiseBody>, o?: RequestOptions) =>
    request<Answer<typeof stops.stopRaised>>('POST', `/api/sets/${enc(setCode)}/stops`, body, o),
  armory: (pid: string) => request<Answer<typeof armory.armoryBoard>>('GET', `/api/productions/${enc(pid)}/armory`),
  firearm: (pid: string, fid: string) => request<Answer<typeof armory.firearmHistory>>('GET', `/api/productions/${enc(pid)}/firearms/${enc(fid)}`),
  firearmEvent: (pid: string, fid: string, body: Body<typeof armory.firearmEventBody>, o?: RequestOptions) =>
    request<Answer<typeof armory.firearmStepped>>('POST', `/api/productions/${enc(pid)}/firearms/${enc(fid)}/events`, body, o),
  addFirearm: (pid: string, body: Body<typeof armory.firearmBody>, o?: RequestOptions) =>
    request<Answer<typeof armory.firearmAdded>>('POST', `/api/productions/${enc(pid)}/firearms`, body, o),
  addLot: (pid: string, body: Body<typeof armory.lotBody>, o?: RequestOptions) => request<Answer<typeof armory.lotAdded>>('POST', `/api/productions/${enc(pid)}/ammunition`, body, o),
  reportLiveRound: (pid: string, body: Body<typeof armory.liveRoundBody>, o?: RequestOptions) =>
    request<Answer<typeof armory.incidentAnswer>>('POST', `/api/productions/${enc(pid)}/armory/live-rounds`, body, o),
  correctiveAction: (pid: string, iid: string, body: Body<typeof armory.correctiveBody>, o?: RequestOptions) =>
    request<Answer<typeof armory.incidentAnswer>>('POST', `/api/productions/${enc(pid)}/incidents/${enc(iid)}/corrective-action`, body, o),
  armorerRequests: (pid: string) => request<Answer<typeof armory.requestsAnswer>>('GET', `/api/productions/${enc(pid)}/armorer-requests`),
  makeArmorerRequest: (pid: string, body: Body<typeof armory.requestBody>, o?: RequestOptions) =>
    request<Answer<typeof armory.requestAnswer>>('POST', `/api/productions/${enc(pid)}/armorer-requests`, body, o),
  decideArmorerRequest: (pid: string, rid: string, body: Body<typeof armory.decisionBody>, o?: RequestOptions) =>
    request<Answer<typeof armory.requestAnswer>>('POST', `/api/productions/${enc(pid)}/armorer-requests/${enc(rid)}/decision`, body, o),
  consult: (pid: string, sid: string, body: Body<typeof schedule.consultationBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.consultationRecorded>>('POST', `/api/productions/${enc(pid)}/scenes/${enc(sid)}/consultations`, body, o),
  trainings: (pid: string) => request<Answer<typeof productions.trainingsAnswer>>('GET', `/api/productions/${enc(pid)}/trainings`),
  recordTraining: (pid: string, body: Body<typeof productions.trainingBody>, o?: RequestOptions) =>
    request<Answer<typeof productions.trainingRecorded>>('POST', `/api/productions/${enc(pid)}/trainings`, body, o),
  setContact: (pid: string, userId: string, body: Body<typeof productions.contactBody>, o?: RequestOptions) =>
    request<Answer<typeof productions.contactSet>>('PUT', `/api/productions/${enc(pid)}/members/${enc(userId)}/contact`, body, o),
  removeMember: (pid: string, userId: string, o?: RequestOptions) =>
    request<Answer<typeof productions.memberRemoved>>('DELETE', `/api/productions/${enc(pid)}/members/${enc(userId)}`, undefined, o),
  resendInvitation: (pid: string, userId: string, o?: RequestOptions) =>
    request<Answer<typeof productions.invitationResent>>('POST', `/api/productions/${enc(pid)}/members/${enc(userId)}/invitation`, undefined, o),
  wrap: async (pid: string, body: Body<typeof armory.wrapBody>, o?: RequestOptions): Promise<ApiResult<Answer<typeof armory.wrapped>>> => {
    const result = await request<Answer<typeof armory.wrapped>>('POST', `/api/productions/${enc(pid)}/armory/wrap`, body, o);
    // A refused wrap (F9) answers 409 with its violations, not a problem document.
    if (!result.ok && result.problem.status === 409 && result.problem.refusals) return { ok: false, problem: { ...result.problem, title: t('common.problems.cannotWrap') } };
    return result;
  },
  schedule: (pid: string) => request<Answer<typeof schedule.scheduleAnswer>>('GET', `/api/productions/${enc(pid)}/schedule`),
  today: (pid: string, date?: string) =>
    request<Answer<typeof schedule.todayAnswer>>('GET', `/api/productions/${enc(pid)}/today${date ? `?date=${enc(date)}` : ''}`),
  createLocation: (pid: string, body: Body<typeof schedule.locationBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.locationCreated>>('POST', `/api/productions/${enc(pid)}/locations`, body, o),
  updateLocation: (pid: string, lid: string, body: Body<typeof schedule.locationPatchBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.locationUpdated>>('PATCH', `/api/productions/${enc(pid)}/locations/${enc(lid)}`, body, o),
  scene: (pid: string, sid: string) => request<Answer<typeof schedule.sceneAnswer>>('GET', `/api/productions/${enc(pid)}/scenes/${enc(sid)}`),
  createScene: (pid: string, body: Body<typeof schedule.sceneBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.sceneCreated>>('POST', `/api/productions/${enc(pid)}/scenes`, body, o),
  updateScene: (pid: string, sid: string, body: Body<typeof schedule.scenePatchBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.sceneUpdated>>('PATCH', `/api/productions/${enc(pid)}/scenes/${enc(sid)}`, body, o),
  assessScene: (pid: string, sid: string, body: Body<typeof schedule.riskAssessmentBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.riskAssessed>>('POST', `/api/productions/${enc(pid)}/scenes/${enc(sid)}/risk-assessments`, body, o),
  createShootDay: (pid: string, body: Body<typeof schedule.shootDayBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.shootDayCreated>>('POST', `/api/productions/${enc(pid)}/shoot-days`, body, o),
  updateShootDay: (pid: string, did: string, body: Body<typeof schedule.shootDayPatchBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.shootDayUpdated>>('PATCH', `/api/productions/${enc(pid)}/shoot-days/${enc(did)}`, body, o),
  setDuties: (pid: string, did: string, body: Body<typeof schedule.dutiesBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.dutiesSet>>('PUT', `/api/productions/${enc(pid)}/shoot-days/${enc(did)}/duties`, body, o),
  dayTimes: (pid: string, did: string) => request<Answer<typeof schedule.timesAnswer>>('GET', `/api/productions/${enc(pid)}/shoot-days/${enc(did)}/times`),
  setDayTimes: (pid: string, did: string, body: Body<typeof schedule.timesBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.timesSet>>('PUT', `/api/productions/${enc(pid)}/shoot-days/${enc(did)}/times`, body, o),
  restAgreement: (pid: string) => request<Answer<typeof schedule.restAgreementAnswer>>('GET', `/api/productions/${enc(pid)}/rest-agreement`),
  setRestAgreement: (pid: string, body: Body<typeof schedule.restAgreement>, o?: RequestOptions) =>
    request<Answer<typeof schedule.restAgreementSet>>('PUT', `/api/productions/${enc(pid)}/rest-agreement`, body, o),
  recordMeeting: (pid: string, body: Body<typeof schedule.meetingBody>, o?: RequestOptions) =>
    request<Answer<typeof schedule.meetingRecorded>>('POST', `/api/productions/${enc(pid)}/safety-meetings`, body, o),
  ledgerHead: (pid: string) => request<Answer<typeof ledger.checkpointAnswer>>('GET', `/api/productions/${enc(pid)}/ledger/checkpoint`),
  ledgerEntries: (pid: string, from: number, to: number) =>
    request<Answer<typeof ledger.entriesAnswer>>('GET', `/api/productions/${enc(pid)}/ledger/entries?from=${from}&to=${to}`),
  ledgerSelect: (pid: string, query: LedgerQuery) =>
    request<Answer<typeof ledger.entriesAnswer>>('GET', `/api/productions/${enc(pid)}/ledger/entries?${ledgerQueryString(query)}`),
  ledgerPeople: (pid: string) => request<Answer<typeof ledger.peopleAnswer>>('GET', `/api/productions/${enc(pid)}/ledger/people`),
  concerns: (pid: string) => request<Answer<typeof concerns.concernsAnswer>>('GET', `/api/productions/${enc(pid)}/concerns`),
  concern: (pid: string, cid: string) => request<Answer<typeof concerns.concernThread>>('GET', `/api/productions/${enc(pid)}/concerns/${enc(cid)}`),
  reportConcern: (pid: string, body: Body<typeof concerns.reportBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.concernReported>>('POST', `/api/productions/${enc(pid)}/concerns`, body, o),
  reportSetConcern: (setCode: string, body: Body<typeof concerns.reportBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.setConcernReported>>('POST', `/api/sets/${enc(setCode)}/concerns`, body, o),
  acknowledgeConcern: (pid: string, cid: string, body: Body<typeof concerns.ackConcernBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.concernAcknowledged>>('POST', `/api/productions/${enc(pid)}/concerns/${enc(cid)}/ack`, body, o),
  messageConcern: (pid: string, cid: string, body: Body<typeof concerns.messageBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.messageSent>>('POST', `/api/productions/${enc(pid)}/concerns/${enc(cid)}/messages`, body, o),
  resolveConcern: (pid: string, cid: string, body: Body<typeof concerns.resolveBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.concernResolved>>('POST', `/api/productions/${enc(pid)}/concerns/${enc(cid)}/resolve`, body, o),
  escalation: (pid: string) => request<Answer<typeof concerns.escalationAnswer>>('GET', `/api/productions/${enc(pid)}/escalation`),
  setEscalation: (pid: string, body: Body<typeof concerns.escalationBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.escalationSet>>('PUT', `/api/productions/${enc(pid)}/escalation`, body, o),
  notebooks: (pid: string) => request<Answer<typeof notebooks.notebooksAnswer>>('GET', `/api/productions/${enc(pid)}/notebooks`),
  createNotebook: (pid: string, body: Body<typeof notebooks.createNotebookBody>, o?: RequestOptions) =>
    request<Answer<typeof notebooks.notebookCreated>>('POST', `/api/productions/${enc(pid)}/notebooks`, body, o),
  entries: (pid: string, nid: string, query: { q?: string; kind?: string; tag?: string; limit?: number } = {}, signal?: AbortSignal) =>
    request<Answer<typeof notebooks.entriesAnswer>>('GET', `${notebookPath(pid, nid)}/entries${queryString(query)}`, undefined, signal ? { signal } : {}),
  entry: (pid: string, nid: string, eid: string) => request<Answer<typeof notebooks.entryAnswer>>('GET', `${notebookPath(pid, nid)}/entries/${enc(eid)}`),
  createEntry: (pid: string, nid: string, body: NewEntryBody, o?: RequestOptions) => request<EntryCreated>('POST', `${notebookPath(pid, nid)}/entries`, body, o),
  updateEntry: (pid: string, nid: string, eid: string, body: Body<typeof notebooks.entryPatch>, o?: RequestOptions) =>
    request<Answer<typeof notebooks.entryAnswer>>('PATCH', `${notebookPath(pid, nid)}/entries/${enc(eid)}`, body, o),
  removeEntry: (pid: string, nid: string, eid: string, version: number, o?: RequestOptions) =>
    request<Answer<typeof notebooks.entryAnswer>>('DELETE', `${notebookPath(pid, nid)}/entries/${enc(eid)}?version=${version}`, undefined, o),
  entryHistory: (pid: string, nid: string, eid: string) => request<Answer<typeof notebooks.historyAnswer>>('GET', `${notebookPath(pid, nid)}/entries/${enc(eid)}/history`),
  /** A photo or PDF, as multipart/form-data with the file under `file`. */
  attach: (pid: string, nid: string, eid: string, form: FormData, o?: RequestOptions) =>
    request<Answer<typeof notebooks.attachmentAnswer>>('POST', `${notebookPath(pid, nid)}/entries/${enc(eid)}/attachments`, form, o),
  handOffNotebook: (pid: string, nid: string, body: Body<typeof notebooks.handoffBody>, o?: RequestOptions) =>
    request<Answer<typeof notebooks.handoffAnswer>>('POST', `${notebookPath(pid, nid)}/handoff`, body, o),
  notebookPackage: (pid: string, nid: string) => request<Answer<typeof notebooks.packageAnswer>>('GET', `${notebookPath(pid, nid)}/package`),
  followUp: (body: Body<typeof concerns.followUpCredentials>, o?: RequestOptions) => request<Answer<typeof concerns.followedConcern>>('POST', '/api/follow-up', body, o),
  followUpMessage: (body: Body<typeof concerns.followUpMessageBody>, o?: RequestOptions) =>
    request<Answer<typeof concerns.messageSent>>('POST', '/api/follow-up/messages', body, o),
  pushKey: () => request<Answer<typeof push.pushKey>>('GET', '/api/push/key'),
  pushDevices: () => request<Answer<typeof push.pushDevicesAnswer>>('GET', '/api/push/devices'),
  addPushDevice: (body: Body<typeof push.pushDeviceBody>) => request<Answer<typeof push.pushDeviceCreated>>('POST', '/api/push/devices', body),
  removePushDevice: (id: string) => request<null>('DELETE', `/api/push/devices/${enc(id)}`),
};

function notebookPath(pid: string, nid: string): string {
  return `/api/productions/${enc(pid)}/notebooks/${enc(nid)}`;
}

function queryString(query: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(query).flatMap(([key, value]) => (value === undefined || value === '' ? [] : [[key, String(value)]]));
  return pairs.length > 0 ? `?${new URLSearchParams(pairs).toString()}` : '';
}

/** Where a notebook's files are read from: an attachment, its thumbnail, the package as a PDF or a zip, the camera reports as CSV. */
export const notebookFiles = {
  attachment: (pid: string, nid: string, eid: string, aid: string) => `${notebookPath(pid, nid)}/entries/${enc(eid)}/attachments/${enc(aid)}`,
  thumbnail: (pid: string, nid: string, eid: string, aid: string) => `${notebookPath(pid, nid)}/entries/${enc(eid)}/attachments/${enc(aid)}/thumbnail`,
  package: (pid: string, nid: string, format: 'pdf' | 'zip') => `${notebookPath(pid, nid)}/package?format=${format}`,
  cameraReports: (pid: string, nid: string) => `${notebookPath(pid, nid)}/camera-reports.csv`,
};

/** A read of the ledger's entries: a range, the server's filters, an order and a limit (API: GET .../ledger/entries). */
export interface LedgerQuery {
  from?: number;
  to?: number;
  /** entry types, comma-separated; `*.refused` for every refusal */
  type?: string;
  person?: string;
  /** YYYY-MM-DD in the production's zone */
  day?: string;
  order?: 'asc' | 'desc';
  limit?: number;
}

function ledgerQueryString(query: LedgerQuery): string {
  return new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))).toString();
}

/** The export bundle (NDJSON): streamed into the verifier, or downloaded as a file for an investigator. */
export function ledgerExportUrl(pid: string): string {
  return `/api/productions/${enc(pid)}/ledger/export`;
}
