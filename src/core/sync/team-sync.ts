import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KbError } from '../../shared/errors';
import {
  connectTeamSchema,
  type ConnectTeamInput,
  type SyncRound,
  type TeamConflict,
  type TeamConnection,
  type TeamStatus,
  resolveTeamConflictSchema,
} from '../../shared/team-schemas';
import type { z } from 'zod';
import { AnnotationService } from '../annotations/annotation-service';
import { enqueueEverythingShared } from '../db/migrations/006-team-sync';
import { enqueueRoadmapItems } from '../db/migrations/008-roadmap';
import type { Db } from '../db/open-database';
import { getSetting, setSetting, teamLoginKey } from '../settings';
import { withCachedStatements } from './cached-statements';
import { PouchDB, type PouchChange, type PouchDatabase, type PouchDoc } from './pouchdb';
import {
  checkCredentials,
  checkServerUrl,
  classifyFailure,
  TeamServerError,
  type Credentials,
} from './team-connection';
import { transferDocumentFiles } from './team-document-files';
import {
  deleteDocumentRow,
  setAsideDocument,
  documentFields,
  documentFilePrefix,
  parseDocument,
  parseDocumentId,
  readDocumentBody,
  writeDocument,
  type DocumentKind,
  type ParsedDocument,
  type ReanchorTarget,
} from './team-documents';

/**
 * Where the team password lives while the app runs. Kept in memory by default; the desktop app
 * can give a store backed by Electron's safeStorage. It never goes to the database, logs,
 * exports or backups.
 */
export interface PasswordStore {
  get(): string | null;
  set(password: string): void;
  clear(): void;
}

export function memoryPasswordStore(): PasswordStore {
  let password: string | null = null;
  return {
    get: () => password,
    set: (value) => {
      password = value;
    },
    clear: () => {
      password = null;
    },
  };
}

export interface TeamSyncOptions {
  dataDir: string;
  /** The knowledge base's connection now (it is replaced when a backup is restored). */
  db: () => Db;
  nativeBinding?: string;
  passwords?: PasswordStore;
  /** Pause between two rounds of live sync while online. */
  intervalMs?: number;
  now?: () => Date;
}

const settingKeys = {
  server: 'team.server',
  database: 'team.database',
  login: teamLoginKey,
  displayName: 'team.displayName',
  /** The replica the sync state belongs to: another team starts from scratch. */
  replica: 'team.replica',
  lastSyncAt: 'team.lastSyncAt',
} as const;

/** Pulled documents are applied in this order, so that a link finds its project and an annotation its shared document. */
const applyOrder: Record<DocumentKind, number> = { territory: 0, project: 1, document: 1, annotation: 2, project_link: 3, roadmap_item: 4 };
const batchSize = 500;
/**
 * Documents per replication request. Each batch also writes a checkpoint on both sides, so a
 * first sync of thousands of documents goes faster in few large batches (about 1 MB each).
 */
const replicationBatch = { batch_size: 1000, batches_limit: 4 };
/**
 * What a pull takes from the server: everything but the originals of shared documents (up to
 * 25 Mo each), which would hold up the notes behind them; each is downloaded on demand. A filter
 * run here (PouchDB reads the feed with its documents, attachments as stubs): the server-side
 * `_selector` filter of CouchDB is not implemented by express-pouchdb, the test server.
 */
const pullFilter = (doc: PouchDoc) => !doc._id.startsWith(documentFilePrefix);
/** The session is checked again at this interval during live sync (live replication hides 401s: PouchDB #9122). */
const sessionRecheckMs = 60_000;
const maxBackoffMs = 60_000;
/** Between live rounds, how often the outbox is looked at (one indexed read), so a local change leaves at once. */
const outboxCheckMs = 200;
/** How long the server holds a « tell me when something changes » request (CouchDB longpoll). */
const longpollMs = 60_000;

/** The revision written for a local change: derived from its parent and content, so a replayed write is the same write. */
function nextRevision(parent: string | undefined, doc: PouchDoc): { rev: string; revisions: { start: number; ids: string[] } } {
  const [generation = '0', parentHash] = parent ? parent.split('-') : [];
  const start = Number(generation) + 1;
  const hash = createHash('md5').update(JSON.stringify([parent ?? null, doc])).digest('hex');
  return { rev: `${start}-${hash}`, revisions: { start, ids: parentHash ? [hash, parentHash] : [hash] } };
}

function replicaNameFor(server: string, database: string): string {
  const hash = createHash('sha256').update(`${server}/${database}`).digest('hex').slice(0, 10);
  return `${database.replace(/[^a-z0-9_-]/g, '_')}-${hash}`;
}

function versionContent(document: ParsedDocument): NonNullable<TeamConflict['versions'][number]['content']> {
  switch (document.kind) {
    case 'annotation':
      return { kind: 'annotation', annotation: document.body };
    case 'project':
      return { kind: 'project', project: document.body };
    case 'project_link':
      return { kind: 'project_link', link: document.body };
    case 'territory':
      return { kind: 'territory', territory: document.body };
    case 'roadmap_item':
      return { kind: 'roadmap_item', item: document.body };
    case 'document':
      return { kind: 'document', document: document.body };
  }
}

function labelOf(document: ParsedDocument): string {
  switch (document.kind) {
    case 'annotation':
      return (document.body.selector?.exact || document.body.note).slice(0, 80);
    case 'project':
      return document.body.title;
    case 'project_link':
      return document.body.reason;
    case 'territory':
      return document.body.name;
    case 'roadmap_item':
      return document.body.leverId;
    case 'document':
      return document.body.title;
  }
}

/**
 * The team workspace engine. kits-ess.sqlite stays the source of truth; a local PouchDB replica
 * (a separate SQLite file of the data folder) replicates with the team's CouchDB database.
 * A round: outbox -> replica (each write derived from the last known revision), replica <->
 * server, then the replica's changes -> this base in one transaction per batch with the new
 * checkpoint. Every step can be replayed after a crash without losing or duplicating anything.
 */
export class TeamSync {
  private readonly passwords: PasswordStore;
  private readonly intervalMs: number;
  private readonly now: () => Date;
  /**
   * The open replica. `uploaded`: a replica sequence up to which everything is known to be on the
   * server (sent, or pulled from it), and whether the upload checkpoint already stands there. It
   * spares an upload when nothing changed here, and the offering back of what was just pulled.
   */
  private replicaDb: { name: string; db: PouchDatabase; uploaded: { seq: number; checkpointed: boolean } | null } | null = null;
  /** Rounds and resolutions run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private inRound = false;
  private live = false;
  private timer: NodeJS.Timeout | null = null;
  /** Ends the watch for changes between two live rounds. */
  private watching: AbortController | null = null;
  /** The server's sequence reached by the last pull (where the watch for teammates' changes starts). */
  private pulledRemoteSeq: number | string | null = null;
  private failures = 0;
  private failure: TeamServerError | null = null;
  private lastRound: SyncRound | null = null;
  /** Teammates' changes applied since this process started: the UI reloads its lists when it grows. */
  private receivedTotal = 0;
  private sessionCheckedAt = 0;

  constructor(private readonly options: TeamSyncOptions) {
    this.passwords = options.passwords ?? memoryPasswordStore();
    this.intervalMs = options.intervalMs ?? 2000;
    this.now = options.now ?? (() => new Date());
  }

  private get db(): Db {
    return withCachedStatements(this.options.db());
  }

  connection(): TeamConnection | null {
    const server = getSetting(this.db, settingKeys.server);
    const database = getSetting(this.db, settingKeys.database);
    const login = getSetting(this.db, settingKeys.login);
    if (!server || !database || !login) return null;
    return { server, database, login, displayName: getSetting(this.db, settingKeys.displayName) || login };
  }

  /** Gives the password of the configured connection (web host: KITS_ESS_PASSWORD; desktop: its store). */
  usePassword(password: string): void {
    this.passwords.set(password);
    this.failure = null;
  }

  /**
   * Checks the credentials with the server (POST /_session, then access to the team database),
   * then records the connection and starts live sync. Joining another team than before starts
   * its sync state afresh: everything this computer holds is sent to the new team.
   */
  async connect(input: ConnectTeamInput, { live = true }: { live?: boolean } = {}): Promise<TeamStatus> {
    const { database, login, password, displayName } = connectTeamSchema.parse(input);
    const server = checkServerUrl(input.server);
    try {
      await checkCredentials({ server, database, login, password });
    } catch (error) {
      if (error instanceof TeamServerError) throw new KbError('invalid_input', error.message);
      throw error;
    }
    await this.stop();
    const replica = replicaNameFor(server, database);
    const db = this.db;
    db.transaction(() => {
      if (getSetting(db, settingKeys.replica) !== replica) {
        this.resetSyncState(db);
        setSetting(db, settingKeys.replica, replica);
      }
      setSetting(db, settingKeys.server, server);
      setSetting(db, settingKeys.database, database);
      setSetting(db, settingKeys.login, login);
      setSetting(db, settingKeys.displayName, displayName || login);
    })();
    this.usePassword(password);
    this.sessionCheckedAt = Date.now();
    if (live) this.start();
    return this.status();
  }

  /** Leaves the workspace: sync stops, the password is forgotten, every local record stays. */
  async disconnect(): Promise<TeamStatus> {
    await this.stop();
    this.passwords.clear();
    this.failure = null;
    this.lastRound = null;
    const db = this.db;
    db.transaction(() => {
      for (const key of [settingKeys.server, settingKeys.database, settingKeys.login, settingKeys.displayName]) {
        db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      }
    })();
    return this.status();
  }

  /** Starts live sync when a connection and its password are known (rounds every few seconds, backoff when failing). */
  start(): void {
    if (!this.connection() || !this.passwords.get()) return;
    this.live = true;
    this.schedule(0);
  }

  /** Stops live sync at once, without waiting (the database is about to close). */
  halt(): void {
    this.live = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watching?.abort();
    this.watching = null;
  }

  /** Stops live sync and waits for a round under way; the replica is closed. */
  async stop(): Promise<void> {
    this.halt();
    await this.queue.catch(() => undefined);
    this.pulledRemoteSeq = null;
    if (this.replicaDb) {
      const { db } = this.replicaDb;
      this.replicaDb = null;
      await db.close();
    }
  }

  /** Where and as whom to reach the team server now, or null when not connected or without the password. */
  credentials(): Credentials | null {
    const connection = this.connection();
    const password = this.passwords.get();
    return connection && password ? { server: connection.server, database: connection.database, login: connection.login, password } : null;
  }

  /** One round now (« Synchroniser maintenant », the command line, tests). */
  syncOnce(): Promise<SyncRound> {
    return this.exclusive(() => this.round());
  }

  status(): TeamStatus {
    const db = this.db;
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const connection = this.connection();
    const pending = count('sync_outbox');
    const lastSyncAt = getSetting(db, settingKeys.lastSyncAt);
    const base = { connection, lastSyncAt, pending, conflicts: count('sync_conflicts'), ignored: count('sync_ignored'), lastRound: this.lastRound, changesReceived: this.receivedTotal };
    const team = connection ? `« ${connection.database} »` : '';
    if (!connection) {
      return {
        ...base,
        state: 'non-connecte',
        message: 'Ce poste n’est relié à aucun espace d’équipe. Indiquez l’adresse du serveur, le nom de l’équipe, votre identifiant et votre mot de passe pour partager vos annotations et vos projets.',
      };
    }
    if (!this.passwords.get()) {
      return {
        ...base,
        state: 'mot-de-passe-requis',
        message: `Saisissez votre mot de passe pour reprendre la synchronisation avec l’équipe ${team}. En attendant, vos modifications sont gardées sur ce poste.`,
      };
    }
    // A quiet round of live sync does not turn an up-to-date status into « en cours ».
    if (this.inRound && (pending > 0 || this.failure || !lastSyncAt)) {
      return { ...base, state: 'en-cours', message: `Synchronisation en cours avec l’équipe ${team} : ${pending} modification(s) locale(s) à envoyer.` };
    }
    if (this.failure) return { ...base, state: this.failure.state, message: this.failure.message };
    if (!lastSyncAt) return { ...base, state: 'en-cours', message: `Première synchronisation avec l’équipe ${team}…` };
    return { ...base, state: 'a-jour', message: `Vos annotations et vos projets sont à jour avec l’équipe ${team}.` };
  }

  /** Documents in conflict, with every version readable side by side. */
  async conflicts(): Promise<TeamConflict[]> {
    const rows = this.db.prepare('SELECT doc_id, detected_at FROM sync_conflicts ORDER BY detected_at, doc_id').all() as { doc_id: string; detected_at: string }[];
    if (rows.length === 0) return [];
    const replica = this.replica();
    const list: TeamConflict[] = [];
    for (const row of rows) {
      const target = parseDocumentId(row.doc_id);
      if (!target) continue;
      const winner = await replica.get(row.doc_id, { conflicts: true }).catch(() => null);
      if (!winner?._rev) continue;
      const revs = [winner._rev, ...(winner._conflicts ?? [])];
      let label = '';
      const versions: TeamConflict['versions'] = [];
      for (const rev of revs) {
        const doc = await replica.get(row.doc_id, { rev });
        const parsed = doc._deleted ? null : parseDocument(doc);
        const content = parsed?.ok ? versionContent(parsed.document) : null;
        if (parsed?.ok && !label) label = labelOf(parsed.document);
        versions.push({ rev, winner: rev === winner._rev, deleted: doc._deleted === true, content });
      }
      list.push({ docId: row.doc_id, kind: target.kind, label, detectedAt: row.detected_at, versions });
    }
    return list;
  }

  /**
   * Keeps one version (or a merge of it edited by the person): written once on top of the
   * winning revision, with the deletion of every other revision, in one bulkDocs. Sent to the
   * team at once when online, applied here in any case.
   */
  async resolveConflict(input: z.input<typeof resolveTeamConflictSchema>): Promise<{ docId: string; rev: string }> {
    const { docId, keep, merged } = resolveTeamConflictSchema.parse(input);
    const target = parseDocumentId(docId);
    if (!target) throw new KbError('invalid_input', 'Document d’équipe inconnu.');
    const result = await this.exclusive(async () => {
      const replica = this.replica();
      const winner = await replica.get(docId, { conflicts: true }).catch(() => null);
      const leaves = winner?._rev ? [winner._rev, ...(winner._conflicts ?? [])] : [];
      if (!winner?._rev || !leaves.includes(keep)) {
        throw new KbError('not_found', 'Cette version n’existe plus : le conflit a déjà été résolu ou a changé. Rouvrez la liste des conflits.');
      }
      const chosen = await replica.get(docId, { rev: keep });
      let fields = documentFields(chosen);
      if (merged) {
        const parsed = parseDocument({ ...merged, _id: docId, kind: target.kind });
        if (!parsed.ok) throw new KbError('invalid_input', `La version fusionnée n’est pas valide : ${parsed.reason}`);
        fields = { ...parsed.document.body, updatedAt: this.now().toISOString() };
      }
      const kept: PouchDoc = chosen._deleted ? { _id: docId, _rev: winner._rev, _deleted: true } : { ...fields, _id: docId, _rev: winner._rev, kind: target.kind };
      const losers = leaves.filter((rev) => rev !== winner._rev).map((rev): PouchDoc => ({ _id: docId, _rev: rev, _deleted: true }));
      const results = await replica.bulkDocs([kept, ...losers]);
      const failed = results.find((r) => r.error);
      if (failed) throw new KbError('invalid_input', 'La résolution n’a pas pu être enregistrée : le document a changé entre-temps. Rouvrez la liste des conflits.');
      await this.applyChanges(replica);
      return { docId, rev: results[0]?.rev ?? '' };
    });
    // Sent to the team now if possible; otherwise the next round does it.
    if (this.connection() && this.passwords.get()) await this.syncOnce().catch(() => undefined);
    return result;
  }

  ignored(): { docId: string; rev: string; reason: string; receivedAt: string }[] {
    return this.db.prepare('SELECT doc_id AS docId, rev, reason, received_at AS receivedAt FROM sync_ignored ORDER BY received_at, doc_id').all() as {
      docId: string;
      rev: string;
      reason: string;
      receivedAt: string;
    }[];
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(task);
    this.queue = run;
    return run;
  }

  private schedule(delay: number): void {
    if (!this.live) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.watching?.abort();
    this.watching = null;
    try {
      await this.syncOnce();
      this.failures = 0;
      this.schedule(this.intervalMs);
      this.watchForChanges();
    } catch {
      // Refused credentials stop live sync until the person gives the password again.
      if (this.failure?.state === 'identifiants-refuses') {
        this.live = false;
        return;
      }
      this.failures += 1;
      this.schedule(Math.min(maxBackoffMs, this.intervalMs * 2 ** this.failures));
    }
  }

  /**
   * Until the next live round: a local change (in the outbox) or a teammate's change reaching
   * the server starts it at once, instead of waiting for the interval.
   */
  private watchForChanges(): void {
    const connection = this.connection();
    const password = this.passwords.get();
    if (!this.live || !connection || !password) return;
    const watch = new AbortController();
    this.watching = watch;
    const wake = () => {
      if (this.watching === watch && this.live) this.schedule(0);
    };
    const outbox = setInterval(() => {
      try {
        if (this.db.prepare('SELECT 1 FROM sync_outbox LIMIT 1').get()) wake();
      } catch {
        // The base was closed without halt(): nothing left to watch.
        watch.abort();
      }
    }, outboxCheckMs);
    outbox.unref();
    watch.signal.addEventListener('abort', () => clearInterval(outbox));
    if (this.pulledRemoteSeq === null) return;
    const url = `${connection.server}/${encodeURIComponent(connection.database)}/_changes?feed=longpoll&limit=1&timeout=${longpollMs}&since=${encodeURIComponent(String(this.pulledRemoteSeq))}`;
    const authorization = `Basic ${Buffer.from(`${connection.login}:${password}`).toString('base64')}`;
    // A failed watch changes nothing: the next round, at the interval, reports what is wrong.
    void fetch(url, { headers: { authorization }, signal: watch.signal })
      .then(async (response) => (response.ok ? ((await response.json()) as { results?: unknown[] }) : null))
      .then((feed) => {
        if (feed?.results?.length) wake();
      })
      .catch(() => undefined);
  }

  private replica(): PouchDatabase {
    const name = getSetting(this.db, settingKeys.replica);
    if (!name) throw new KbError('not_found', 'Ce poste n’a encore rejoint aucun espace d’équipe.');
    if (this.replicaDb?.name !== name) {
      const dir = path.join(this.options.dataDir, 'equipe');
      fs.mkdirSync(dir, { recursive: true });
      const options: Record<string, unknown> = { adapter: 'sqlite3' };
      if (this.options.nativeBinding) options.nativeBinding = this.options.nativeBinding;
      // The adapter appends « .sqlite » to the name.
      this.replicaDb = { name, db: new PouchDB(path.join(dir, name), options), uploaded: null };
    }
    return this.replicaDb.db;
  }

  private async round(): Promise<SyncRound> {
    const connection = this.connection();
    const password = this.passwords.get();
    if (!connection) throw new KbError('invalid_input', 'Ce poste n’est relié à aucun espace d’équipe : connectez-vous d’abord.');
    if (!password) throw new KbError('invalid_input', 'Le mot de passe de l’équipe est nécessaire pour synchroniser.');
    this.inRound = true;
    const remote = new PouchDB(`${connection.server}/${encodeURIComponent(connection.database)}`, {
      auth: { username: connection.login, password },
      skip_setup: true,
    });
    try {
      const replica = this.replica();
      const state = this.replicaDb!;
      await this.pushOutbox(replica, connection);
      if (this.failure || Date.now() - this.sessionCheckedAt > sessionRecheckMs) {
        await checkCredentials({ ...connection, password });
        this.sessionCheckedAt = Date.now();
      }
      let sent = 0;
      const localSeq = await updateSeq(replica);
      if (localSeq === null || localSeq !== state.uploaded?.seq) {
        // `since` moves the upload checkpoint (on both sides) past what the last round pulled:
        // without it, the first round after receiving 10,000 documents offered them all back.
        const known = state.uploaded;
        state.uploaded = null;
        const upload = await replica.replicate.to(remote, known && !known.checkpointed ? { ...replicationBatch, since: known.seq } : replicationBatch);
        sent = upload.docs_written;
        if (localSeq !== null && upload.ok && upload.doc_write_failures === 0) state.uploaded = { seq: localSeq, checkpointed: true };
      }
      const beforePull = await updateSeq(replica);
      const pulled = await replica.replicate.from(remote, { ...replicationBatch, filter: pullFilter });
      this.pulledRemoteSeq = pulled.last_seq;
      const afterPull = await updateSeq(replica);
      // The replica's new sequences are exactly the pull's writes (no other process wrote
      // meanwhile): they are on the server too.
      if (state.uploaded && beforePull === state.uploaded.seq && afterPull !== null && pulled.docs_written > 0 && afterPull - beforePull === pulled.docs_written) {
        state.uploaded = { seq: afterPull, checkpointed: false };
      }
      const received = await this.applyChanges(replica);
      // Last, so that notes never wait behind an original of up to 25 Mo: until it is there, a
      // teammate who asks for the document is told it has not been sent yet.
      await transferDocumentFiles(this.db, this.options.dataDir, { ...connection, password });
      const conflicts = (this.db.prepare('SELECT count(*) AS n FROM sync_conflicts').get() as { n: number }).n;
      this.lastRound = { sent, received, conflicts };
      this.receivedTotal += received;
      this.failure = null;
      setSetting(this.db, settingKeys.lastSyncAt, this.now().toISOString());
      return this.lastRound;
    } catch (error) {
      if (error instanceof KbError) throw error;
      this.failure = classifyFailure(error, connection.server, connection.login);
      throw new KbError('invalid_input', this.failure.message);
    } finally {
      this.inRound = false;
      await remote.close().catch(() => undefined);
    }
  }

  /** Outbox -> replica. An outbox row goes only once its write is stored, and only if no newer change came meanwhile. */
  private async pushOutbox(replica: PouchDatabase, connection: TeamConnection): Promise<void> {
    for (;;) {
      const db = this.db;
      const rows = db.prepare('SELECT doc_id, change_no FROM sync_outbox ORDER BY change_no LIMIT ?').all(batchSize) as { doc_id: string; change_no: number }[];
      if (rows.length === 0) return;
      const knownRev = db.prepare('SELECT rev FROM sync_revisions WHERE doc_id = ?');
      const docs: PouchDoc[] = [];
      const written: { docId: string; changeNo: number; rev: string | null; authored: DocumentKind | null; id: string }[] = [];
      for (const row of rows) {
        const target = parseDocumentId(row.doc_id);
        let known = (knownRev.get(row.doc_id) as { rev: string } | undefined)?.rev;
        const body = target ? readDocumentBody(db, target.kind, target.id) : null;
        // Deleted here before this base ever applied the team's version (e.g. a record merged from
        // an export): the deletion goes on top of what the replica holds.
        if (target && !body && !known) known = (await replica.get(row.doc_id).catch(() => null))?._rev;
        if (!target || (!body && !known)) {
          // Never sent and already gone (or private): nothing to tell the team.
          written.push({ docId: row.doc_id, changeNo: row.change_no, rev: null, authored: null, id: '' });
          continue;
        }
        // Records made before joining the team are signed by the person who shares them (a shared
        // library document is signed when shared).
        let authored: DocumentKind | null = null;
        if (body && target.kind !== 'document' && 'authorLogin' in body && !body.authorLogin) {
          body.authorLogin = connection.login;
          body.authorName = connection.displayName;
          authored = target.kind;
        }
        const doc: PouchDoc = body ? { _id: row.doc_id, kind: target.kind, ...body } : { _id: row.doc_id, _deleted: true };
        const { rev, revisions } = nextRevision(known, doc);
        docs.push({ ...doc, _rev: rev, _revisions: revisions });
        written.push({ docId: row.doc_id, changeNo: row.change_no, rev, authored, id: target.id });
      }
      const results = docs.length > 0 ? await replica.bulkDocs(docs, { new_edits: false }) : [];
      const failed = new Set(results.filter((r) => r.error).map((r) => r.id));
      const after = this.db;
      after.transaction(() => {
        after.prepare('UPDATE sync_state SET applying = 1').run();
        for (const w of written) {
          if (failed.has(w.docId)) continue;
          if (w.rev) {
            after.prepare('INSERT INTO sync_revisions (doc_id, rev) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET rev = excluded.rev').run(w.docId, w.rev);
          }
          if (w.authored) {
            const table = w.authored === 'annotation' ? 'annotations' : 'projects';
            after.prepare(`UPDATE ${table} SET author_login = ?, author_name = ? WHERE id = ? AND author_login = ''`).run(connection.login, connection.displayName, w.id);
          }
          after.prepare('DELETE FROM sync_outbox WHERE doc_id = ? AND change_no = ?').run(w.docId, w.changeNo);
        }
        after.prepare('UPDATE sync_state SET applying = 0').run();
      })();
      if (failed.size > 0) throw new Error(`the replica refused ${failed.size} document(s)`);
    }
  }

  /** Replica changes -> this base, one transaction per batch with its checkpoint. Returns how many came from teammates. */
  private async applyChanges(replica: PouchDatabase): Promise<number> {
    let received = 0;
    for (;;) {
      const since = (this.db.prepare('SELECT last_seq FROM sync_state').get() as { last_seq: string }).last_seq;
      const feed = await replica.changes({ since: /^\d+$/.test(since) ? Number(since) : since, include_docs: true, conflicts: true, style: 'all_docs', limit: batchSize });
      if (feed.results.length === 0) return received;
      const db = this.db;
      const changes = [...feed.results].sort((a, b) => kindOrder(a) - kindOrder(b));
      db.transaction(() => {
        db.prepare('UPDATE sync_state SET applying = 1').run();
        const reanchor = new Map<string, ReanchorTarget>();
        for (const change of changes) {
          const outcome = this.applyChangeOrSetAside(db, change);
          if (outcome.received) received += 1;
          if (outcome.reanchor) reanchor.set(JSON.stringify(outcome.reanchor), outcome.reanchor);
        }
        // Positions come from another computer: each passage is found again in this base's fiches
        // and documents (an orphan while the document is not in this computer's library).
        const annotations = new AnnotationService(db);
        for (const target of reanchor.values()) {
          if ('document' in target) {
            const row = db
              .prepare('SELECT p.text FROM document_pages p JOIN documents d ON d.seq = p.document_seq WHERE d.sha256 = ? AND p.page_number = ?')
              .get(target.document, target.page) as { text: string } | undefined;
            annotations.reanchorDocumentPage(target.document, target.page, row?.text ?? null);
            continue;
          }
          const row = db.prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?').get(target.kit, target.number) as
            | { body_text: string }
            | undefined;
          annotations.reanchorFiche(target.kit, target.number, row?.body_text ?? null);
        }
        db.prepare('UPDATE sync_state SET applying = 0, last_seq = ?').run(String(feed.last_seq));
      })();
    }
  }

  /**
   * Applies one change inside a savepoint: a write this base refuses (a constraint, a record
   * that passed its checks but does not fit here) is undone and set aside, so that one bad record
   * never blocks the changes after it.
   */
  private applyChangeOrSetAside(db: Db, change: PouchChange): { received: boolean; reanchor?: ReanchorTarget } {
    try {
      return db.transaction(() => this.applyChange(db, change))();
    } catch {
      const rev = change.doc?._rev ?? '';
      db.prepare('INSERT INTO sync_revisions (doc_id, rev) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET rev = excluded.rev').run(change.id, rev);
      setAsideDocument(db, change.id, rev, 'Ce changement de l’équipe n’a pas pu être enregistré sur ce poste : il est mis de côté, rien n’a été modifié.', this.now().toISOString());
      return { received: true };
    }
  }

  private applyChange(db: Db, change: PouchChange): { received: boolean; reanchor?: ReanchorTarget } {
    const doc = change.doc;
    if (!doc || change.id.startsWith('_design/')) return { received: false };
    // A local change not yet pushed: the next round writes it on top of what it knew, as a conflict if both changed.
    if (db.prepare('SELECT 1 FROM sync_outbox WHERE doc_id = ?').get(change.id)) return { received: false };
    const now = this.now().toISOString();
    const known = (db.prepare('SELECT rev FROM sync_revisions WHERE doc_id = ?').get(change.id) as { rev: string } | undefined)?.rev;
    const conflicts = doc._deleted ? [] : (doc._conflicts ?? []);
    if (conflicts.length > 0) {
      db.prepare(
        `INSERT INTO sync_conflicts (doc_id, winner_rev, losing_revs_json, detected_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET winner_rev = excluded.winner_rev, losing_revs_json = excluded.losing_revs_json`,
      ).run(change.id, doc._rev, JSON.stringify(conflicts), now);
    } else {
      db.prepare('DELETE FROM sync_conflicts WHERE doc_id = ?').run(change.id);
    }
    if (doc._rev === known) return { received: false };
    db.prepare('INSERT INTO sync_revisions (doc_id, rev) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET rev = excluded.rev').run(change.id, doc._rev);
    const target = parseDocumentId(change.id);
    const setAside = (reason: string) => setAsideDocument(db, change.id, doc._rev ?? '', reason, now);
    if (!target) {
      setAside('Identifiant de document inconnu de Kits ESS.');
      return { received: true };
    }
    if (doc._deleted) {
      deleteDocumentRow(db, target.kind, target.id);
      db.prepare('DELETE FROM sync_ignored WHERE doc_id = ?').run(change.id);
      return { received: true };
    }
    const parsed = parseDocument(doc);
    if (!parsed.ok) {
      setAside(parsed.reason);
      return { received: true };
    }
    const outcome = writeDocument(db, parsed.document);
    if (!outcome.written) {
      setAside(outcome.reason);
      return { received: true };
    }
    db.prepare('DELETE FROM sync_ignored WHERE doc_id = ?').run(change.id);
    return { received: true, reanchor: outcome.reanchor };
  }

  /** Forgets the state of a previous team and queues everything this computer shares. */
  private resetSyncState(db: Db): void {
    db.exec(`
      DELETE FROM sync_revisions;
      DELETE FROM sync_conflicts;
      DELETE FROM sync_ignored;
      UPDATE sync_state SET last_seq = '0';
    `);
    // The previous team's shares are that team's: nothing is shared with the new one until
    // someone shares it there (the documents themselves stay in the library).
    db.exec(`
      UPDATE sync_state SET applying = 1;
      DELETE FROM team_documents;
      UPDATE sync_state SET applying = 0;
      DELETE FROM team_document_files;`);
    db.exec(enqueueEverythingShared);
    db.exec(enqueueRoadmapItems);
    // Annotations and links on library documents stay on this computer (migration 009) until
    // their document is shared with the team (migration 010).
    db.exec(`DELETE FROM sync_outbox WHERE doc_id IN (
      SELECT 'annotation:' || id FROM annotations WHERE document_sha256 IS NOT NULL
      UNION ALL SELECT 'project_link:' || id FROM project_links WHERE document_sha256 IS NOT NULL)`);
  }
}

async function updateSeq(replica: PouchDatabase): Promise<number | null> {
  const seq = (await replica.info()).update_seq;
  return typeof seq === 'number' ? seq : null;
}

function kindOrder(change: PouchChange): number {
  const target = parseDocumentId(change.id);
  return target ? applyOrder[target.kind] : -1;
}
