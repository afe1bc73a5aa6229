import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import { PouchDB, type PouchDatabase } from '../core/sync/pouchdb';

/**
 * A CouchDB-protocol server for tests and demos (never shipped in the app): express-pouchdb on
 * a LevelDB backend in a folder. The memory backend is avoided on purpose: its _changes feed
 * answered empty right after another client's write (see shared notes on team sync).
 */
export interface TeamServerOptions {
  /** Folder of the LevelDB databases and the server's configuration (created if needed). */
  dir: string;
  /** 0 picks a free port. */
  port?: number;
  admin: { user: string; password: string };
  /** Like CouchDB's `max_http_request_size`: a bigger request is answered 413 (unlimited when absent). */
  maxRequestBytes?: number;
}

export interface TeamServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const constructorEvents = ['created', 'destroyed', 'ref', 'unref'] as const;

export const defaultAdmin = { user: 'admin', password: 'admin-kits-ess' };

/** Starts the server on 127.0.0.1 only, with an admin (CouchDB's admin party is closed). */
export async function startTeamServer({ dir, port = 0, admin, maxRequestBytes }: TeamServerOptions): Promise<TeamServer> {
  fs.mkdirSync(dir, { recursive: true });
  PouchDB.plugin(leveldbAdapter);
  // The adapter is named: the app's SQLite adapter is registered on the same PouchDB class.
  const ServerPouch = PouchDB.defaults({ prefix: `${path.resolve(dir)}${path.sep}`, adapter: 'leveldb' });
  // PouchDB classes share one event emitter: what express-pouchdb listens to (its list of
  // databases among others) is removed at stop, or a restarted server would get the old listeners.
  const listenersBefore = new Map(constructorEvents.map((event) => [event, ServerPouch.listeners(event)]));
  // Every database the server opens, so that stop() can release the LevelDB locks.
  const open = new Set<PouchDatabase>();
  ServerPouch.on('ref', (db: PouchDatabase) => {
    if (db.adapter === 'leveldb') open.add(db);
  });
  ServerPouch.on('unref', (db: PouchDatabase) => open.delete(db));
  const pouchApp = expressPouchDB(ServerPouch, {
    configPath: path.join(dir, 'config.json'),
    logPath: path.join(dir, 'log.txt'),
    inMemoryConfig: false,
    overrideMode: { exclude: ['routes/fauxton'] },
  });
  await new Promise<void>((resolve) => pouchApp.couchConfig.set('admins', admin.user, admin.password, () => resolve()));
  const app = express();
  if (maxRequestBytes !== undefined) {
    app.use((request, response, next) => {
      if (Number(request.headers['content-length'] ?? 0) > maxRequestBytes) response.status(413).json({ error: 'too_large', reason: 'the request entity is too large' });
      else next();
    });
  }
  app.use(pouchApp);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The LevelDB files stay locked until every database is closed; the list of databases
      // (pouchdb-all-dbs) is written by a queue that must drain first.
      await (ServerPouch as unknown as { allDbs(): Promise<string[]> }).allDbs().catch(() => undefined);
      await Promise.all([...open].map((db) => db.close().catch(() => undefined)));
      for (const [event, before] of listenersBefore) {
        for (const listener of ServerPouch.listeners(event)) {
          if (!before.includes(listener)) ServerPouch.removeListener(event, listener);
        }
      }
    },
  };
}
