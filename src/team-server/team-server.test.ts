import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-support/temp-dir';
import { startTeamServer, type TeamServer } from './team-server';

const admin = { user: 'admin', password: 'secret-admin' };
const asAdmin = { authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}` };

describe('test team server', () => {
  let server: TeamServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('listens on loopback, closes a database to anonymous readers and keeps it on disk across restarts', async () => {
    const dir = tempDir();
    server = await startTeamServer({ dir, admin });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/equipe`, { method: 'PUT', headers: asAdmin })).status).toBe(201);
    const security = { admins: { names: [], roles: [] }, members: { names: [], roles: ['equipe'] } };
    await fetch(`${server.url}/equipe/_security`, { method: 'PUT', headers: { ...asAdmin, 'content-type': 'application/json' }, body: JSON.stringify(security) });
    expect((await fetch(`${server.url}/equipe`)).status).toBe(401);
    // LevelDB, never the app's SQLite adapter registered on the same PouchDB class (nor memory).
    expect(await (await fetch(`${server.url}/equipe`, { headers: asAdmin })).json()).toMatchObject({ adapter: 'leveldb' });
    const doc = await fetch(`${server.url}/equipe/note`, { method: 'PUT', headers: { ...asAdmin, 'content-type': 'application/json' }, body: '{"text":"gardé"}' });
    expect(doc.status).toBe(201);
    await server.stop();

    server = await startTeamServer({ dir, admin });
    const again = await fetch(`${server.url}/equipe/note`, { headers: asAdmin });
    expect(await again.json()).toMatchObject({ text: 'gardé' });
  });
});
