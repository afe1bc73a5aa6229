import { maxTeamDocumentBytes } from '../../shared/limits';
import type { DocumentFormat } from '../../shared/document-schemas';
import type { Db } from '../db/open-database';
import { KbError } from '../../shared/errors';
import { formatSize } from '../../shared/french-format';
import { readOriginal } from '../documents/original-files';
import { mimeTypes } from '../documents/document-format';
import { basicAuth, classifyFailure, request, TeamServerError, type Credentials } from './team-connection';
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
 * only if it did not change meanwhile (a share undone and done again). A file that cannot be
 * sent (its original lost or damaged here, or refused by the server) keeps its row with the
 * reason, shown beside the share, and is tried again at the next round: the others go on.
 */
export async function transferDocumentFiles(db: Db, dataDir: string, credentials: Credentials): Promise<void> {
  const rows = db.prepare('SELECT sha256, action FROM team_document_files ORDER BY sha256').all() as { sha256: string; action: 'upload' | 'remove' }[];
  for (const { sha256, action } of rows) {
    try {
      await transferDocumentFile(db, dataDir, credentials, sha256, action);
      db.prepare('DELETE FROM team_document_files WHERE sha256 = ? AND action = ?').run(sha256, action);
    } catch (error) {
      const reason = transferFailureReason(error);
      if (reason === null) throw error;
      db.prepare('UPDATE team_document_files SET failure = ? WHERE sha256 = ? AND action = ?').run(reason, sha256, action);
    }
  }
}

async function transferDocumentFile(db: Db, dataDir: string, credentials: Credentials, sha256: string, action: 'upload' | 'remove'): Promise<void> {
  const stub = await fileStub(credentials, sha256);
  if (action === 'remove') {
    if (stub) {
      const removed = await call(credentials, fileUrl(credentials, sha256, `?rev=${encodeURIComponent(stub.rev)}`), { method: 'DELETE' });
      await removed.body?.cancel();
    }
    return;
  }
  const shared = db.prepare('SELECT format, title FROM team_documents WHERE sha256 = ?').get(sha256) as { format: DocumentFormat; title: string } | undefined;
  // No longer shared, or already there (a teammate shared the same file).
  if (!shared || stub?.length != null) return;
  const rev = stub ? `?rev=${encodeURIComponent(stub.rev)}` : '';
  const put = await call(credentials, fileUrl(credentials, sha256, `/${originalAttachment}${rev}`), {
    method: 'PUT',
    headers: { 'content-type': mimeTypes[shared.format] },
    // Checked against its SHA-256: a damaged original is never sent as the team's copy.
    body: readOriginal(dataDir, sha256, shared.title),
  });
  await put.body?.cancel();
}

/**
 * The French reason a file was not sent, or null when the whole round must fail (no answer
 * from the server, or credentials refused: the status says so and the password is asked again).
 */
function transferFailureReason(error: unknown): string | null {
  if (error instanceof KbError) return error.message;
  if (!(error instanceof TeamServerError) || error.status === undefined || error.status === 401) return null;
  if (error.status === 413) {
    return `Ce fichier dépasse la taille que le serveur de l’équipe accepte : demandez à votre service informatique de l’autoriser jusqu’à ${formatSize(maxTeamDocumentBytes)} (réglages max_http_request_size et max_attachment_size de CouchDB). Nouvel essai à chaque synchronisation.`;
  }
  if (error.status === 403) return 'Le serveur de l’équipe refuse cet envoi à votre compte : demandez à la personne qui administre l’espace d’équipe de vérifier vos droits.';
  return `Le serveur de l’équipe a refusé l’envoi (erreur ${error.status}) : nouvel essai à la prochaine synchronisation.`;
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
