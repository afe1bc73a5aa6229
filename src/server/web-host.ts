import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Dispatch } from '../shared/dispatch';
import { maxDocumentBytes } from '../shared/document-limits';
import type { ApiResult, ErrorCode } from '../shared/errors';
import { contentSecurityPolicy, mimeTypes } from '../shared/web-security';

export { contentSecurityPolicy };

/** Bodies are small JSON, except a user-data export being merged (up to 50 MB of text, escaped). */
export const maxBodyBytes = 60 * 1024 * 1024;

/** A document brought into the library: up to maxDocumentBytes as base64 (4 characters for 3 bytes), in its JSON. */
export const maxImportBodyBytes = Math.ceil(maxDocumentBytes / 3) * 4 + 1024 * 1024;

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_content: 400,
  unknown_method: 404,
  not_found: 404,
  database_too_new: 409,
  database_unreadable: 409,
  unsupported: 501,
  internal: 500,
};

export interface WebHostOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Secret created at each launch; every API call must carry it. */
  token: string;
}

/**
 * The web host: serves the built renderer and `POST /api/<method>`. It is meant to listen on
 * 127.0.0.1 only; requests naming another host or coming from another origin are refused,
 * which defeats DNS rebinding, and the API requires the launch token.
 */
export function createWebHost(options: WebHostOptions): http.Server {
  const server = http.createServer((request, response) => {
    const port = (server.address() as { port: number } | null)?.port ?? 0;
    handle(request, response, port, options).catch(() => {
      if (!response.headersSent) sendJson(response, 500, failure('internal', 'Erreur interne du serveur.'));
      else response.destroy();
    });
  });
  return server;
}

async function handle(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  port: number,
  options: WebHostOptions,
): Promise<void> {
  if (!isOwnHost(request.headers.host, port) || !isOwnOrigin(request.headers.origin, port)) {
    sendJson(response, 403, failure('invalid_input', 'Requête refusée : elle ne vient pas de Kits ESS.'));
    return;
  }
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    // A « % » not followed by two hexadecimal digits, or bytes that are not UTF-8.
    sendJson(response, 400, failure('invalid_input', 'Adresse mal formée.'));
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    await handleApi(request, response, pathname.slice(5), options);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendJson(response, 405, failure('invalid_input', 'Méthode non autorisée.'));
    return;
  }
  serveStatic(response, pathname, options.rendererDir, request.method === 'HEAD');
}

async function handleApi(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  method: string,
  options: WebHostOptions,
): Promise<void> {
  if (request.method !== 'POST') {
    sendJson(response, 405, failure('invalid_input', 'Les appels à l’API se font en POST.'));
    return;
  }
  if (!hasToken(request.headers.authorization, options.token)) {
    sendJson(response, 401, failure('invalid_input', 'Jeton d’accès absent ou invalide : ouvrez l’adresse affichée au lancement.'));
    return;
  }
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(response, 415, failure('invalid_input', 'Le corps de la requête doit être du JSON.'));
    return;
  }
  const body = await readBody(request, method === 'importDocument' ? maxImportBodyBytes : maxBodyBytes);
  if (body === null) {
    sendJson(response, 413, failure('invalid_input', 'Requête trop volumineuse.'));
    request.destroy();
    return;
  }
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    sendJson(response, 400, failure('invalid_input', 'Le corps de la requête n’est pas du JSON valide.'));
    return;
  }
  const result = await options.dispatch(method, input);
  sendJson(response, result.ok ? 200 : statusByCode[result.error.code], result);
}

function serveStatic(response: http.ServerResponse, pathname: string, root: string, headOnly: boolean): void {
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Introuvable');
    return;
  }
  const type = mimeTypes[path.extname(file)] ?? 'application/octet-stream';
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': type,
    'Cache-Control': relative === 'index.html' ? 'no-store' : 'max-age=3600',
  });
  if (headOnly) response.end();
  else fs.createReadStream(file).pipe(response);
}

export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function hasToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Resolves with the body, or null as soon as it grows past `limit` bytes. */
function readBody(request: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function failure(code: ErrorCode, message: string): ApiResult<never> {
  return { ok: false, error: { code, message, details: [] } };
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}
