import { createRequire } from 'node:module';

/**
 * PouchDB with the plugins Kits ESS uses, registered once: pouchdb-core is one shared class and
 * registering replication twice throws. The local replica uses better-sqlite3 (adapter
 * 'sqlite3'; its plugin is the module's `.default` and it appends `.sqlite` to the name).
 *
 * Loaded through require with the few types below: @types/pouchdb-core pulls the DOM library
 * into the whole Node program (its Buffer types then clash with Node's).
 */
const require = createRequire(import.meta.url);

export interface PouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  _revisions?: { start: number; ids: string[] };
  [field: string]: unknown;
}

export interface PouchChange {
  id: string;
  seq: number | string;
  deleted?: boolean;
  doc?: PouchDoc;
  changes: { rev: string }[];
}

export interface PouchBulkResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  error?: string | boolean;
  status?: number;
  reason?: string;
  message?: string;
}

export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
  last_seq: number | string;
}

export interface ReplicationOptions {
  batch_size?: number;
  batches_limit?: number;
  /** Starts after this source sequence, and records it as the checkpoint first. */
  since?: number;
  /** Only the documents this function keeps (run by the replicating client on the source's feed). */
  filter?: (doc: PouchDoc) => boolean;
}

export interface PouchDatabase {
  readonly name: string;
  readonly adapter: string;
  get(id: string, options?: { rev?: string; conflicts?: boolean; revs?: boolean; open_revs?: 'all' | string[] }): Promise<PouchDoc>;
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: PouchDoc[], options?: { new_edits?: boolean }): Promise<PouchBulkResult[]>;
  changes(options: {
    since?: number | string;
    include_docs?: boolean;
    conflicts?: boolean;
    style?: 'all_docs' | 'main_only';
    limit?: number;
  }): Promise<{ results: PouchChange[]; last_seq: number | string }>;
  allDocs(options?: { include_docs?: boolean; keys?: string[] }): Promise<{ rows: { id: string; value: { rev: string; deleted?: boolean }; doc?: PouchDoc }[] }>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  replicate: {
    to(target: PouchDatabase, options?: ReplicationOptions): Promise<ReplicationResult>;
    from(source: PouchDatabase, options?: ReplicationOptions): Promise<ReplicationResult>;
  };
  close(): Promise<void>;
}

export interface PouchEvents {
  on(event: string, listener: (...args: never[]) => void): unknown;
  listeners(event: string): ((...args: unknown[]) => void)[];
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface PouchStatic extends PouchEvents {
  new (name: string, options?: Record<string, unknown>): PouchDatabase;
  plugin(plugin: unknown): PouchStatic;
  defaults(options: Record<string, unknown>): PouchStatic;
}

const PouchDB = require('pouchdb-core') as PouchStatic;
const sqliteAdapter = require('pouchdb-adapter-node-sqlite') as { default: unknown };
PouchDB.plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-replication')).plugin(sqliteAdapter.default);

export { PouchDB };
