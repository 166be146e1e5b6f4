import { Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { EXTENSIONS, type AttachmentType } from '../../domain/notebooks/files.js';
import { canonicalize } from '../../ledger/canonical.js';
import type { BlobStore } from '../blobs.js';
import type { NotebookPackage } from './package.js';

const README = (pkg: NotebookPackage) => `${pkg.startHere.department} notebook, prepared ${pkg.startHere.preparedAt}

package.json   the start-here package: upcoming days, looks, light, equipment, vendors, people, open questions, to-dos
package.pdf    the same, to read
content.json   everything the notebook holds: every entry with every version, every attachment by the SHA-256 of its bytes
attachments/   the photos and PDFs, each named by the SHA-256 of its bytes

The content hash is the SHA-256 of content.json, which is written as canonical JSON (RFC 8785):

  sha256sum content.json
  ${pkg.startHere.contentHash}

A handoff records the content hash of that moment in the production's ledger, so anyone can later prove what was handed over.
`;

/**
 * The package to keep: JSON, the PDF, the sealed content and every
 * attachment. Streamed a file at a time: photos are stored as they are
 * (already compressed), text is deflated, and a slow reader holds back the
 * next file rather than the server's memory filling with all of them.
 */
export function packageZip(pkg: NotebookPackage, pdf: Buffer, blobs: BlobStore): Readable {
  const { content, ...answer } = pkg;
  async function* files(): AsyncGenerator<Uint8Array> {
    const out: Uint8Array[] = [];
    let failure: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else out.push(chunk);
    });
    const drain = function* () {
      if (failure) throw failure;
      yield* out.splice(0);
    };
    const text = (name: string, body: string) => {
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(new TextEncoder().encode(body), true);
    };
    text('README.txt', README(pkg));
    text('package.json', `${JSON.stringify(answer, null, 2)}\n`);
    text('content.json', canonicalize(content));
    const paper = new ZipPassThrough('package.pdf');
    zip.add(paper);
    paper.push(pdf, true);
    yield* drain();
    const seen = new Set<string>();
    for (const attachment of content.attachments) {
      if (seen.has(attachment.sha256)) continue;
      seen.add(attachment.sha256);
      const bytes = await blobs.get(attachment.sha256);
      if (!bytes) throw new Error(`blob ${attachment.sha256} is missing from the blob store`);
      const file = new ZipPassThrough(`attachments/${attachment.sha256}.${EXTENSIONS[attachment.contentType as AttachmentType] ?? 'bin'}`);
      zip.add(file);
      file.push(bytes, true);
      yield* drain();
    }
    zip.end();
    yield* drain();
  }
  return Readable.from(files(), { objectMode: false });
}
