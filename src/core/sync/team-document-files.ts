import fs from 'node:fs';
import { maxTeamDocumentBytes } from '../../shared/limits';
import type { DocumentFormat } from '../../shared/document-schemas';
import type { Db } from '../db/open-database';
import { originalPath } from '../documents/document-library';
import { mimeTypes } from '../documents/document-format';
import { basicAuth, classifyFailure, request, type Credentials } from './team-connection';
import { documentFilePrefix, originalAttachment } from './team-documents';

/**
 * The originals of shared documents on the team server. Each is the attachment of its own
 * document `document_file:<sha256>`, written and read with CouchDB's standalone attachment API
 * (raw bytes, no base64), never through the local replica: a pull of notes never waits for them.
 */

/** A file of up to 25 Mo on a slow line: the usual 15 s would cut it. */
const fileTimeoutMs = 10 * 60_000;

function fileUrl({ server, database }: Credentials, sha256: string, suffix = ''): string {
  return `${server}/${encodeURIComponent(database)}/${encodeURIComponent(`${documentFilePrefix}${sha256}`)}${suffix}`;
}

/** A request whose non-2xx answer (other than 404) is a failure of the round. */
async function call(credentials: Credentials, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await request(url, { ...init, headers: { authorization: basicAuth(credentials.login, credentials.password), accept: 'application/json', ...init.headers } }, credentials.server, fileTimeoutMs);
  if (!response.ok && response.status !== 404) {
    await response.body?.cancel();
    throw classifyFailure(Object.assign(new Error(`team server answered ${response.status}`), { status: response.status }), credentials.server, credentials.login);
  }
  return response;
}

/** The file document as the server holds it now: its revision and the original's declared size, or null when absent. */
export async function fileStub(credentials: Credentials, sha256: string): Promise<{ rev: string; length: number | null } | null> {
  const response = await call(credentials, fileUrl(credentials, sha256));
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  const doc = (await response.json()) as { _rev?: string; _attachments?: Record<string, { length?: number }> };
  const length = doc._attachments?.[originalAttachment]?.length;
  return { rev: doc._rev ?? '', length: typeof length === 'number' ? length : null };
}

/**
 * Uploads the originals of documents shared here and removes those no longer shared, as
 * `team_document_files` lists them. A row leaves the list only once the server has done it, and
 * only if it did not change meanwhile (a share undone and done again).
 */
export async function transferDocumentFiles(db: Db, dataDir: string, credentials: Credentials): Promise<void> {
  const rows = db.prepare('SELECT sha256, action FROM team_document_files ORDER BY sha256').all() as { sha256: string; action: 'upload' | 'remove' }[];
  for (const { sha256, action } of rows) {
    const stub = await fileStub(credentials, sha256);
    if (action === 'upload') {
      const shared = db.prepare('SELECT format FROM team_documents WHERE sha256 = ?').get(sha256) as { format: DocumentFormat } | undefined;
      const file = originalPath(dataDir, sha256);
      // Already there (a teammate shared the same file), or no longer to send (unshared, or removed from the library meanwhile).
      if (shared && stub?.length == null && fs.existsSync(file)) {
        const rev = stub ? `?rev=${encodeURIComponent(stub.rev)}` : '';
        const put = await call(credentials, fileUrl(credentials, sha256, `/${originalAttachment}${rev}`), {
          method: 'PUT',
          headers: { 'content-type': mimeTypes[shared.format] },
          body: fs.readFileSync(file),
        });
        await put.body?.cancel();
      }
    } else if (stub) {
      const removed = await call(credentials, fileUrl(credentials, sha256, `?rev=${encodeURIComponent(stub.rev)}`), { method: 'DELETE' });
      await removed.body?.cancel();
    }
    db.prepare('DELETE FROM team_document_files WHERE sha256 = ? AND action = ?').run(sha256, action);
  }
}

/** Why a downloaded original was refused (set aside with this French reason). */
export class RefusedFile extends Error {}

const tooLargeReason = `Original plus lourd que ce que l’équipe accepte (${maxTeamDocumentBytes / 1024 / 1024} Mo) : il n’a pas été téléchargé.`;

/**
 * Downloads a shared document's original, never more than the cap: the declared size is
 * checked first, and the transfer stops as soon as it goes past it. Null when the server does
 * not hold it (no longer shared, or not uploaded yet).
 */
export async function downloadOriginal(credentials: Credentials, sha256: string): Promise<Uint8Array | null> {
  const stub = await fileStub(credentials, sha256);
  if (stub?.length == null) return null;
  if (stub.length > maxTeamDocumentBytes) throw new RefusedFile(tooLargeReason);
  const response = await call(credentials, fileUrl(credentials, sha256, `/${originalAttachment}`), { headers: { accept: '*/*' } });
  if (response.status === 404 || !response.body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (error) {
      throw classifyFailure(error, credentials.server, credentials.login);
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxTeamDocumentBytes) {
      await reader.cancel();
      throw new RefusedFile(tooLargeReason);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}
