import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { productionParams } from '../../contract/common.js';
import {
  notebook,
  attachmentAnswer,
  attachmentParams,
  createNotebookBody,
  csvAnswer,
  entriesAnswer,
  entriesQuery,
  entryAnswer,
  entryBody,
  entryParams,
  entryPatch,
  handoffAnswer,
  handoffBody,
  historyAnswer,
  membersAnswer,
  membersBody,
  notebookCreated,
  notebookParams,
  notebooksAnswer,
  packageAnswer,
  packageQuery,
  removeQuery,
} from '../../contract/notebooks.js';
import type { ServiceDeps } from '../../services/context.js';
import { run } from '../../services/command.js';
import { ProblemError } from '../../services/problem.js';
import { createNotebook, getNotebook, listNotebooks, setNotebookMembers } from '../../services/notebooks/notebooks.js';
import { editEntry, entryHistory, getEntry, listEntries, removeEntry, writeEntry } from '../../services/notebooks/entries.js';
import { attachFile, attachmentFile, examine, keepUpload, mayAttach, type Upload } from '../../services/notebooks/attachments.js';
import { handOffNotebook } from '../../services/notebooks/handoff.js';
import { cameraReports } from '../../services/notebooks/camera.js';
import { preparePackage } from '../../services/notebooks/package.js';
import { readerLocale } from '../../services/notify/outbox.js';
import { renderPackagePdf } from '../../services/notebooks/pdf.js';
import { packageZip } from '../../services/notebooks/zip.js';
import { execute } from '../idempotency.js';
import { act } from '../act.js';
import { answers } from '../responses.js';
import { member } from '../types.js';

const binary = (description: string, types: string[]) => ({ description, content: Object.fromEntries(types.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])) });

/** A file name for a header: ASCII as is, anything else percent-encoded (RFC 6266, RFC 8187). */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const uploadProblem = (status: number, detail: string) =>
  new ProblemError({ status, title: status === 413 ? 'Request too large' : status === 415 ? 'Unsupported media type' : 'Invalid request', detail, ...(status === 400 ? { errors: [{ path: 'file', message: detail }] } : {}) });

export const notebookRoutes =
  (deps: ServiceDeps, maxAttachmentBytes: number): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['notebooks'];
    const read = member('notebooks.read');
    const write = member('notebooks.write');
    // Only the attachment route reads multipart bodies; other routes of this file refuse them as they refuse any non-JSON body.
    await app.register(multipart, { limits: { fileSize: maxAttachmentBytes, files: 1, fields: 10, parts: 11, fieldSize: 1000 } });
    const uploads = new WeakMap<FastifyRequest, Upload>();

    app.post(
      '/api/productions/:pid/notebooks',
      // 404: the head is not on the production; 409: the department has one; 422: a department head naming someone else (ROLES).
      { config: { access: member('notebooks.create') }, schema: { tags, params: productionParams, body: createNotebookBody, response: answers({ 201: notebookCreated }, 404, 409, 422) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createNotebook, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/notebooks',
      { config: { access: read }, schema: { tags, params: productionParams, response: answers({ 200: notebooksAnswer }) } },
      async (request) => listNotebooks(deps, request.params.pid, { userId: request.user!.id, roles: request.membership!.roles }),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid',
      { config: { access: read }, schema: { tags, params: notebookParams, response: answers({ 200: z.object({ notebook }).describe('The notebook') }) } },
      async (request) => getNotebook(deps, request.params.pid, request.params.nid, request.user!.id),
    );

    app.put(
      '/api/productions/:pid/notebooks/:nid/members',
      // 403: only the head decides; 404: someone who is not on the production.
      { config: { access: write, idempotent: true }, schema: { tags, params: notebookParams, body: membersBody, response: answers({ 200: membersAnswer }, 404) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, setNotebookMembers, act(request, { notebookId: request.params.nid, ...request.body }))),
    );

    app.post(
      '/api/productions/:pid/notebooks/:nid/entries',
      // 403: only the head chooses who reads an entry; 404: a scene, location or entry it names that is not found.
      { config: { access: write }, schema: { tags, params: notebookParams, body: entryBody, response: answers({ 201: entryAnswer }, 404) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, writeEntry, act(request, { notebookId: request.params.nid, ...request.body }))),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid/entries',
      { config: { access: read }, schema: { tags, params: notebookParams, querystring: entriesQuery, response: answers({ 200: entriesAnswer }) } },
      async (request) => listEntries(deps, request.params.pid, request.params.nid, request.user!.id, request.query),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid/entries/:eid',
      { config: { access: read }, schema: { tags, params: entryParams, response: answers({ 200: entryAnswer }) } },
      async (request) => getEntry(deps, request.params.pid, request.params.nid, request.params.eid, request.user!.id),
    );

    app.patch(
      '/api/productions/:pid/notebooks/:nid/entries/:eid',
      // 409: the entry changed after the version the edit was made on, or was removed.
      { config: { access: write, idempotent: true }, schema: { tags, params: entryParams, body: entryPatch, response: answers({ 200: entryAnswer }, 404, 409) } },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) => run(d, editEntry, act(request, { notebookId: request.params.nid, entryId: request.params.eid, ...request.body }))),
    );

    app.delete(
      '/api/productions/:pid/notebooks/:nid/entries/:eid',
      // 409: the entry changed after the version being removed, or was removed already.
      { config: { access: write, idempotent: true }, schema: { tags, params: entryParams, querystring: removeQuery, response: answers({ 200: entryAnswer }, 409) } },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) =>
          run(d, removeEntry, act(request, { notebookId: request.params.nid, entryId: request.params.eid, version: request.query.version })),
        ),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid/entries/:eid/history',
      { config: { access: read }, schema: { tags, params: entryParams, response: answers({ 200: historyAnswer }) } },
      async (request) => entryHistory(deps, request.params.pid, request.params.nid, request.params.eid, request.user!.id),
    );

    app.post(
      '/api/productions/:pid/notebooks/:nid/entries/:eid/attachments',
      {
        config: { access: write },
        schema: {
          tags,
          params: entryParams,
          consumes: ['multipart/form-data'],
          description: `A photo (JPEG, PNG, WebP, HEIC) or a PDF as \`multipart/form-data\`, one file; at most ${Math.round(maxAttachmentBytes / 1024 / 1024)} MB. Its type is read from its bytes.`,
          // 409: the entry was removed.
          response: answers({ 201: attachmentAnswer }, 409),
        },
        // The notebook and entry first, so whoever may not see them learns nothing; then the file, before the idempotency check reads what was sent.
        preValidation: async (request) => {
          const { pid, nid, eid } = request.params as { pid: string; nid: string; eid: string };
          await mayAttach(deps, pid, nid, eid, request.user!.id);
          if (!request.isMultipart()) throw uploadProblem(415, 'Send the photo or PDF as multipart/form-data.');
          let bytes: Buffer;
          let filename: string;
          try {
            const part = await request.file();
            if (!part) throw uploadProblem(400, 'The form holds no file.');
            filename = part.filename;
            bytes = await part.toBuffer();
          } catch (error) {
            if (error instanceof ProblemError) throw error;
            if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw uploadProblem(413, `A photo or PDF may be at most ${Math.round(maxAttachmentBytes / 1024 / 1024)} MB.`);
            }
            throw uploadProblem(400, 'The upload could not be read as a form with one file.');
          }
          const upload = await examine(bytes, filename);
          uploads.set(request, upload);
          // What the idempotency record compares: the file by its hash, not its bytes.
          request.body = { sha256: upload.sha256, bytes: upload.bytes.length, filename: upload.filename };
        },
      },
      (request, reply) =>
        execute(request, reply, deps, 201, async (d) =>
          run(d, attachFile, act(request, { notebookId: request.params.nid, entryId: request.params.eid, upload: await keepUpload(d, uploads.get(request)!) })),
        ),
    );

    const file = (thumbnail: boolean) => async (request: FastifyRequest<{ Params: z.infer<typeof attachmentParams> }>, reply: FastifyReply) => {
      const { pid, nid, eid, aid } = request.params;
      const found = await attachmentFile(deps, { productionId: pid, notebookId: nid, entryId: eid, attachmentId: aid, userId: request.user!.id }, thumbnail);
      const name = thumbnail ? `thumbnail-${found.sha256.slice(0, 12)}.jpg` : (found.filename ?? found.sha256);
      return reply
        .type(found.contentType)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', `"${found.sha256}"`)
        .header('content-disposition', disposition('inline', name))
        .send(found.bytes);
    };

    app.get(
      '/api/productions/:pid/notebooks/:nid/entries/:eid/attachments/:aid',
      {
        config: { access: read },
        schema: { tags, params: attachmentParams, response: answers({ 200: binary('The photo or PDF as it was sent', ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf']) }) },
      },
      file(false),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid/entries/:eid/attachments/:aid/thumbnail',
      { config: { access: read }, schema: { tags, params: attachmentParams, response: answers({ 200: binary('A small JPEG of the photo, without its EXIF', ['image/jpeg']) }) } },
      file(true),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid/camera-reports.csv',
      { config: { access: read }, schema: { tags, params: notebookParams, response: answers({ 200: csvAnswer }) } },
      async (request, reply) => {
        const csv = await cameraReports(deps, request.params.pid, request.params.nid, request.user!.id);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', disposition('attachment', 'camera-reports.csv')).send(csv);
      },
    );

    app.post(
      '/api/productions/:pid/notebooks/:nid/handoff',
      // 404: the notebook, the successor or a confirmer is not found; 422: refused (ROLES, PIN) and recorded.
      { config: { access: member('notebooks.handoff') }, schema: { tags, params: notebookParams, body: handoffBody, response: answers({ 201: handoffAnswer }, 404, 422) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, handOffNotebook, act(request, { notebookId: request.params.nid, ...request.body }))),
    );

    app.get(
      '/api/productions/:pid/notebooks/:nid/package',
      {
        config: { access: read },
        schema: {
          tags,
          params: notebookParams,
          querystring: packageQuery,
          // 403: a member who is not the head.
          response: answers(
            {
            200: {
              description: 'The start-here package: JSON, a PDF to read, or a zip (JSON, the PDF, every entry with its history and the attachments) to keep',
              content: {
                'application/json': { schema: packageAnswer },
                'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
                'application/zip': { schema: z.string().meta({ format: 'binary' }) },
              },
            },
            },
            403,
          ),
        },
      },
      async (request, reply) => {
        const pkg = await preparePackage(deps, request.params.pid, request.params.nid, request.user!.id);
        const name = `${pkg.startHere.department.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase() || 'notebook'}-start-here`;
        if (request.query.format === 'json') {
          const { content: _content, ...answer } = pkg;
          return reply.header('x-content-hash', pkg.startHere.contentHash).send(answer);
        }
        const pdf = await renderPackagePdf(pkg, { locale: readerLocale(request.user!.locale) });
        if (request.query.format === 'pdf') return reply.type('application/pdf').header('content-disposition', disposition('inline', `${name}.pdf`)).send(pdf);
        return reply
          .type('application/zip')
          .header('x-content-hash', pkg.startHere.contentHash)
          .header('content-disposition', disposition('attachment', `${name}.zip`))
          .send(packageZip(pkg, pdf, deps.blobs));
      },
    );
  };
