import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../core/knowledge-base';
import { validPackFiles, writePack } from '../core/test-support/packs';
import { tempDir } from '../core/test-support/temp-dir';
import { createDispatch } from '../shared/dispatch';
import { contentSecurityPolicy, createWebHost, maxBodyBytes } from './web-host';

const token = 'jeton-de-test-0123456789';
let kb: KnowledgeBase;
let server: http.Server;
let port: number;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request, so that Host and Origin can be forged as an attacker would. */
function request(method: string, pathname: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: pathname, headers: { Host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request('POST', `/api/${method}`, {
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(input),
  });
}

beforeEach(async () => {
  kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: '1.2.3', bundledContentDir: writePack(validPackFiles()) });
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kits ESS</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  server = createWebHost({ dispatch: createDispatch(kb.handlers(), () => {}), rendererDir, token });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  kb.close();
});

describe('web host API', () => {
  it('answers every method of the API with the launch token', async () => {
    const kits = await api('listKits', {});
    expect(kits.status).toBe(200);
    expect(JSON.parse(kits.body)).toMatchObject({ ok: true, value: [{ slug: 'essai', ficheCount: 2 }] });
    const fiche = JSON.parse((await api('getFiche', { kit: 'essai', number: 2 })).body);
    expect(fiche.value).toMatchObject({ title: 'Deuxième fiche', bodyMd: '## L’essentiel\n\nLa commande publique responsable.' });
    const info = JSON.parse((await api('getAppInfo', {})).body);
    expect(info.value).toMatchObject({ version: '1.2.3', contentEdition: '2026-01-01' });
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    expect((await api('listKits', {}, { Authorization: '' })).status).toBe(401);
    const wrong = await api('listKits', {}, { Authorization: 'Bearer jeton-de-test-0123456780' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.message).toMatch(/Jeton d’accès absent ou invalide/);
  });

  it('refuses another Host or Origin (DNS rebinding, other sites)', async () => {
    expect((await api('listKits', {}, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await api('listKits', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await request('GET', '/', { headers: { Host: 'evil.example' } })).status).toBe(403);
    expect((await api('listKits', {}, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).status).toBe(200);
  });

  it('validates every input and answers in French, never crashing', async () => {
    const invalid = await api('getFiche', { kit: '../etc', number: 'un' });
    expect(invalid.status).toBe(400);
    const body = JSON.parse(invalid.body);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.join('\n')).toMatch(/kit : Identifiant de kit invalide/);
    expect(body.error.details.join('\n')).toMatch(/number : /);
    expect((await api('getFiche', { kit: 'essai', number: 2, extra: 1 })).status).toBe(400);
    // A single invalid value is the message itself, as a person can read it.
    const zero = JSON.parse((await api('getFiche', { kit: 'essai', number: 0 })).body);
    expect(zero.error).toEqual({ code: 'invalid_input', message: 'Le numéro de fiche commence à 1.', details: [] });
    expect(JSON.parse((await api('getFiche', { kit: 'essai', number: 9 })).body).error.message).toBe(
      'La fiche n° 9 n’existe pas dans le kit « essai ».',
    );
    expect((await api('constructor', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    const notJson = await request('POST', '/api/listKits', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{"kit":',
    });
    expect(notJson.status).toBe(400);
    expect((await request('GET', '/api/listKits', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(405);
  });

  it('says plainly that printing to PDF is the desktop app’s, and how to do it in a browser', async () => {
    const reply = await api('savePagePdf', { suggestedName: 'Dossier légumerie.pdf' });
    expect(reply.status).toBe(501);
    expect(JSON.parse(reply.body).error.message).toMatch(/Imprimer.*Enregistrer au format PDF/);
    expect((await api('savePagePdf', { suggestedName: '../../etc/passwd' })).status).toBe(400);
  });

  it('imports a document sent as base64, followed by polling its job', async () => {
    const base64 = Buffer.from('Note sur les tiers-lieux du Champsaur.').toString('base64');
    const started = JSON.parse((await api('importDocument', { fileName: 'note.txt', base64 })).body);
    expect(started).toMatchObject({ ok: true, value: { state: 'running', fileName: 'note.txt' } });
    let job = started.value;
    while (job.state === 'running') job = JSON.parse((await api('getImportJob', { jobId: job.jobId })).body).value;
    expect(job).toMatchObject({ state: 'done', result: { document: { title: 'note', pageCount: 1 } } });
    const found = JSON.parse((await api('search', { query: 'champsaur ' })).body);
    expect(found.value.hits[0]).toMatchObject({ type: 'document', page: 1, id: job.result.document.id });
  });

  it('never reads a file of this computer for a page: the API takes a document’s bytes, not a path', async () => {
    const reply = await api('importDocument', { path: '/etc/hostname' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).ok).toBe(false);
  });

  it('lets a document through past the general cap, up to the library’s own limit', async () => {
    // 48 MB that are not a PDF: past 60 MB once in base64, so it reaches core, which refuses it for what it is.
    const base64 = Buffer.alloc(48 * 1024 * 1024, 0x41).toString('base64');
    expect(base64.length).toBeGreaterThan(maxBodyBytes);
    const reply = await api('importDocument', { fileName: 'gros.pdf', base64 });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toContain('« gros.pdf » n’est pas un fichier PDF valide');
  });

  it('refuses bodies over the size cap', async () => {
    const huge = JSON.stringify({ kit: 'x'.repeat(maxBodyBytes) });
    const reply = await request('POST', '/api/listFiches', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: huge,
    });
    expect(reply.status).toBe(413);
  });
});

describe('web host static files', () => {
  it('serves the renderer with a strict CSP and no script from elsewhere', async () => {
    const page = await request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Kits ESS</title>');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toMatch(/script-src 'self'(;|$)/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await request('GET', '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('never serves a file outside the renderer folder', async () => {
    expect((await request('GET', '/../../../../etc/passwd')).status).toBe(404);
    expect((await request('GET', '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await request('GET', '/assets/../../package.json')).status).toBe(404);
  });

  it('answers a malformed percent-encoding with 400 and a French message, not a server error', async () => {
    const auth = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    for (const reply of [
      await request('GET', '/%E0%A4%A'),
      await request('GET', '/assets/%'),
      await request('POST', '/api/list%ZZKits', { headers: auth, body: '{}' }),
      await request('POST', '/api/%C0%AF', { headers: auth, body: '{}' }),
    ]) {
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error.message).toBe('Adresse mal formée.');
    }
  });
});
