import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callSheetAnswer,
  callSheetParams,
  callSheetsAnswer,
  confirmBody,
  confirmed,
  draftBody,
  draftCreated,
  draftPatchBody,
  draftUpdated,
  pdfQuery,
  publishBody,
  published,
  recipientParams,
  recipientsAnswer,
  recipientsQuery,
  recipientView,
  resent,
  tokenParams,
} from '../../contract/callsheets.js';
import { shootDayParams } from '../../contract/schedule.js';
import type { ServiceDeps } from '../../services/context.js';
import { run } from '../../services/command.js';
import { createDraft, getCallSheet, listCallSheets, sheetPdf, updateDraft } from '../../services/callsheets/drafts.js';
import { publishing } from '../../services/callsheets/publish.js';
import { listRecipients, resending } from '../../services/callsheets/recipients.js';
import { readerLocale } from '../../services/notify/outbox.js';
import { calendarOf } from '../../services/callsheets/ics.js';
import { confirmAct, confirmLink, linkPdf, openLink } from '../../services/callsheets/links.js';
import { execute } from '../idempotency.js';
import { act } from '../act.js';
import { answers } from '../responses.js';
import { member, publicAccess } from '../types.js';

const pdf = { description: 'The call sheet on one or two pages, to print in black and white', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } };
const ics = { description: "The recipient's call as an iCalendar event", content: { 'text/calendar': { schema: z.string() } } };

/**
 * S4: a day's call sheet versions, publishing, recipients and their personal
 * links. `baseOf` gives the address links and QR codes are made with.
 */
export const callSheetRoutes =
  (deps: ServiceDeps, baseOf: (request: FastifyRequest) => string): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['call sheets'];
    const read = member('callSheets.read');
    const write = member('callSheets.write');
    // A personal link needs no account; its routes are limited per source address, in memory only.
    const link = { access: publicAccess, rateLimit: { max: 60, timeWindow: '1 minute' } };

    app.post(
      '/api/productions/:pid/shoot-days/:did/call-sheets',
      // 404: a day or medic that is not the production's; 409: the day has a draft already.
      { config: { access: write }, schema: { tags, params: shootDayParams, body: draftBody, response: answers({ 201: draftCreated }, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createDraft, act(request, { shootDayId: request.params.did, ...request.body }))),
    );

    app.get(
      '/api/productions/:pid/shoot-days/:did/call-sheets',
      { config: { access: read }, schema: { tags, params: shootDayParams, response: answers({ 200: callSheetsAnswer }) } },
      async (request) => listCallSheets(deps, request.params.pid, request.params.did),
    );

    app.get(
      '/api/productions/:pid/call-sheets/:cid',
      { config: { access: read }, schema: { tags, params: callSheetParams, response: answers({ 200: callSheetAnswer }) } },
      async (request) => getCallSheet(deps, request.params.pid, request.params.cid, baseOf(request)),
    );

    app.patch(
      '/api/productions/:pid/call-sheets/:cid',
      // 409: the version is published, and a published version never changes.
      { config: { access: write }, schema: { tags, params: callSheetParams, body: draftPatchBody, response: answers({ 200: draftUpdated }, 409) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, updateDraft, act(request, { callSheetId: request.params.cid, ...request.body }))),
    );

    app.post(
      '/api/productions/:pid/call-sheets/:cid/publish',
      // 404: a recipient who is not a member; 409: published already.
      { config: { access: write }, schema: { tags, params: callSheetParams, body: publishBody, response: answers({ 200: published }, 409) } },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) =>
          run(d, publishing(d.signer), act(request, { callSheetId: request.params.cid, recipientIds: request.body.recipientIds, publicUrl: baseOf(request) })),
        ),
    );

    app.get(
      '/api/productions/:pid/call-sheets/:cid/recipients',
      { config: { access: member('callSheets.recipients') }, schema: { tags, params: callSheetParams, querystring: recipientsQuery, response: answers({ 200: recipientsAnswer }) } },
      async (request) => listRecipients(deps, request.params.pid, request.params.cid, request.query.pending === 'true'),
    );

    app.post(
      '/api/productions/:pid/call-sheets/:cid/recipients/:userId/resend',
      // 409: a newer version replaced this one.
      { config: { access: write }, schema: { tags, params: recipientParams, response: answers({ 202: resent }, 409) } },
      (request, reply) => execute(request, reply, deps, 202, (d) => run(d, resending(d.signer), act(request, { callSheetId: request.params.cid, userId: request.params.userId }))),
    );

    app.get(
      '/api/productions/:pid/call-sheets/:cid/pdf',
      { config: { access: read }, schema: { tags, params: callSheetParams, querystring: pdfQuery, response: answers({ 200: pdf }) } },
      async (request, reply) => {
        const { bytes, filename } = await sheetPdf(deps, request.params.pid, request.params.cid, baseOf(request), request.query.paper, readerLocale(request.query.lang ?? request.user!.locale));
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(bytes);
      },
    );

    app.get(
      '/api/call-sheets/:token',
      // 404: no such link; 410: a newer version replaced the one it opened.
      { config: link, schema: { tags, params: tokenParams, response: answers({ 200: recipientView }, 404, 410) } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return openLink(deps, request.params.token);
      },
    );

    app.post(
      '/api/call-sheets/:token/confirm',
      { config: link, schema: { tags, params: tokenParams, body: confirmBody, response: answers({ 200: confirmed }, 404, 410) } },
      (request, reply) => execute(request, reply, deps, 200, async (d) => run(d, confirmLink, await confirmAct(d, { token: request.params.token, safetyAck: request.body.safetyAck }))),
    );

    app.get(
      '/api/call-sheets/:token/calendar.ics',
      { config: link, schema: { tags, params: tokenParams, response: answers({ 200: ics }, 404, 410) } },
      async (request, reply) =>
        reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', 'attachment; filename="call.ics"')
          .send(await calendarOf(deps, request.params.token)),
    );

    app.get(
      '/api/call-sheets/:token/pdf',
      { config: link, schema: { tags, params: tokenParams, querystring: pdfQuery, response: answers({ 200: pdf }, 404, 410) } },
      async (request, reply) => {
        const { bytes, filename } = await linkPdf(deps, request.params.token, request.query.paper, request.query.lang);
        return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `inline; filename="${filename}"`).send(bytes);
      },
    );
  };
