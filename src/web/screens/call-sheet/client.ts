// The call sheet's HTTP calls (API.md "Call sheets (S4)"), typed by the
// server's contract and read as types only, like the rest of the web client.
import type { z } from 'zod';
import type * as callsheets from '../../../contract/callsheets.js';
import { request, type RequestOptions } from '../../api.js';

type Answer<S extends z.ZodType> = z.output<S>;
type Body<S extends z.ZodType> = z.input<S>;

export type { CallSheet, CallSheetSummary, Recipient, RecipientView } from '../../../contract/callsheets.js';
export type DraftBody = Body<typeof callsheets.draftBody>;
export type Sections = Answer<typeof callsheets.sections>;
export type Confirmed = Answer<typeof callsheets.confirmed>;

const enc = encodeURIComponent;
const inProduction = (pid: string) => `/api/productions/${enc(pid)}`;
const sheetUrl = (pid: string, cid: string) => `${inProduction(pid)}/call-sheets/${enc(cid)}`;
const linkUrl = (token: string) => `/api/call-sheets/${enc(token)}`;

export const callSheetApi = {
  versions: (pid: string, did: string) => request<Answer<typeof callsheets.callSheetsAnswer>>('GET', `${inProduction(pid)}/shoot-days/${enc(did)}/call-sheets`),
  createDraft: (pid: string, did: string, body: DraftBody, o?: RequestOptions) =>
    request<Answer<typeof callsheets.draftCreated>>('POST', `${inProduction(pid)}/shoot-days/${enc(did)}/call-sheets`, body, o),
  updateDraft: (pid: string, cid: string, body: Body<typeof callsheets.draftPatchBody>, o?: RequestOptions) =>
    request<Answer<typeof callsheets.draftUpdated>>('PATCH', sheetUrl(pid, cid), body, o),
  sheet: (pid: string, cid: string) => request<Answer<typeof callsheets.callSheetAnswer>>('GET', sheetUrl(pid, cid)),
  publish: (pid: string, cid: string, body: Body<typeof callsheets.publishBody>, o?: RequestOptions) =>
    request<Answer<typeof callsheets.published>>('POST', `${sheetUrl(pid, cid)}/publish`, body, o),
  recipients: (pid: string, cid: string, pending: boolean) =>
    request<Answer<typeof callsheets.recipientsAnswer>>('GET', `${sheetUrl(pid, cid)}/recipients${pending ? '?pending=true' : ''}`),
  resend: (pid: string, cid: string, userId: string, o?: RequestOptions) =>
    request<Answer<typeof callsheets.resent> | null>('POST', `${sheetUrl(pid, cid)}/recipients/${enc(userId)}/resend`, undefined, o),
  open: (token: string) => request<Answer<typeof callsheets.recipientView>>('GET', linkUrl(token)),
  confirm: (token: string, body: Body<typeof callsheets.confirmBody>, o?: RequestOptions) => request<Confirmed>('POST', `${linkUrl(token)}/confirm`, body, o),
};

/** The printable PDF of a version, downloaded with the session's cookie. */
export const pdfUrl = (pid: string, cid: string) => `${sheetUrl(pid, cid)}/pdf`;

/** The recipient's call as a calendar event. */
export const calendarUrl = (token: string) => `${linkUrl(token)}/calendar.ics`;

/** The sheet as printed, through the recipient's link. */
export const linkPdfUrl = (token: string) => `${linkUrl(token)}/pdf`;
