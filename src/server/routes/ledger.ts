import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { productionParams } from '../../contract/common.js';
import {
  bundleLine,
  checkpointAnswer,
  consistencyAnswer,
  consistencyQuery,
  entriesAnswer,
  entriesQuery,
  inclusionAnswer,
  inclusionQuery,
  peopleAnswer,
} from '../../contract/ledger.js';
import { reader, type ServiceDeps } from '../../services/context.js';
import { exportBundle, LedgerReader } from '../../services/ledger.js';
import { toBase64 } from '../../ledger/hash.js';
import { answers } from '../responses.js';
import { member } from '../types.js';

export const ledgerRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['ledger'];
    const ledger = () => new LedgerReader(reader(deps), deps.signer);
    const access = member('ledger.read');

    app.get(
      '/api/productions/:pid/ledger/checkpoint',
      { config: { access }, schema: { tags, params: productionParams, response: answers({ 200: checkpointAnswer }) } },
      async (request) => ledger().checkpoint(request.params.pid),
    );

    app.get(
      '/api/productions/:pid/ledger/entries',
      { config: { access }, schema: { tags, params: productionParams, querystring: entriesQuery, response: answers({ 200: entriesAnswer }) } },
      async (request, reply) => {
        const { from, to, treeSize, matched, rows } = await ledger().select(request.params.pid, request.query);
        // Stored canonical text goes out as is: `entry` is exactly the object that was hashed.
        async function* body() {
          yield `{"from":${from},"to":${to},"treeSize":${treeSize},"matched":${matched},"entries":[`;
          let first = true;
          for await (const row of rows) {
            yield `${first ? '' : ','}{"index":${row.idx},"leafHash":"${toBase64(row.leaf_hash)}","entry":${row.entry}}`;
            first = false;
          }
          yield ']}';
        }
        return reply.type('application/json; charset=utf-8').send(Readable.from(body()));
      },
    );

    app.get(
      '/api/productions/:pid/ledger/people',
      { config: { access }, schema: { tags, params: productionParams, response: answers({ 200: peopleAnswer }) } },
      async (request) => ledger().people(request.params.pid),
    );

    app.get(
      '/api/productions/:pid/ledger/proofs/inclusion',
      { config: { access }, schema: { tags, params: productionParams, querystring: inclusionQuery, response: answers({ 200: inclusionAnswer }) } },
      async (request) => ledger().inclusionProof(request.params.pid, request.query.index, request.query.treeSize),
    );

    app.get(
      '/api/productions/:pid/ledger/proofs/consistency',
      { config: { access }, schema: { tags, params: productionParams, querystring: consistencyQuery, response: answers({ 200: consistencyAnswer }) } },
      async (request) => ledger().consistencyProof(request.params.pid, request.query.from, request.query.to),
    );

    app.get(
      '/api/productions/:pid/ledger/export',
      {
        config: { access },
        schema: {
          tags,
          params: productionParams,
          response: answers({ 200: { description: 'The export bundle; `setbook verify <file>` checks it offline', content: { 'application/x-ndjson': { schema: bundleLine } } } }),
        },
      },
      async (request, reply) => {
        const lines = exportBundle(reader(deps), deps.signer, request.params.pid);
        // Pull the first line before answering so a missing log is a 404, not a broken stream.
        const first = await lines.next();
        async function* rest() {
          if (!first.done) yield first.value;
          yield* lines;
        }
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="setbook-ledger-${request.params.pid}.ndjson"`)
          .send(Readable.from(rest()));
      },
    );
  };
