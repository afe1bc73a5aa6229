import { KbError } from '../../shared/errors';
import type { DocumentSummary } from '../../shared/document-schemas';
import { formatSize, sizeOverLimit } from '../../shared/french-format';
import { maxTeamDocumentBytes } from '../../shared/limits';
import type { TeamSharedDocument } from '../../shared/team-schemas';
import type { Db } from '../db/open-database';
import type { DocumentImports } from '../documents/document-imports';
import type { DocumentLibrary } from '../documents/document-library';
import { documentFormatOf } from '../documents/document-format';
import { hasOriginal, originalIsSound, sha256Of } from '../documents/original-files';
import { TeamServerError } from './team-connection';
import { downloadOriginal, RefusedFile } from './team-document-files';
import { documentId, saveTeamDocument, setAsideDocument, teamDocumentFields } from './team-documents';
import type { TeamSync } from './team-sync';

type TeamDocumentListRow = Parameters<typeof teamDocumentFields>[0] & { in_library: number; set_aside_reason: string | null; send_failure: string | null };

/**
 * Library documents shared with the team. Sharing records the document in `team_documents`
 * (the outbox sends its metadata, the next round uploads its original); unsharing removes it
 * from the team and the server, while every copy already fetched stays in its library. A
 * teammate's computer lists the shared documents and fetches an original on demand: it is
 * checked (SHA-256, size, type) and read by the same worker as a local import, or set aside.
 */
export class TeamLibrary {
  constructor(
    private readonly options: {
      db: () => Db;
      library: () => DocumentLibrary;
      imports: DocumentImports;
      team: TeamSync;
      now?: () => Date;
    },
  ) {}

  private get db(): Db {
    return this.options.db();
  }

  list(): TeamSharedDocument[] {
    const rows = this.db
      .prepare(
        `SELECT t.*, d.sha256 IS NOT NULL AS in_library, i.reason AS set_aside_reason, f.failure AS send_failure
         FROM team_documents t
         LEFT JOIN documents d ON d.sha256 = t.sha256
         LEFT JOIN sync_ignored i ON i.doc_id = 'document:' || t.sha256
         LEFT JOIN team_document_files f ON f.sha256 = t.sha256 AND f.action = 'upload'
         ORDER BY t.shared_at DESC, t.sha256`,
      )
      .all() as TeamDocumentListRow[];
    return rows.map((row) => ({ ...teamDocumentFields(row), inLibrary: row.in_library === 1, setAsideReason: row.set_aside_reason, sendFailure: row.send_failure }));
  }

  share(sha256: string): TeamSharedDocument {
    const connection = this.options.team.connection();
    if (!connection) throw new KbError('invalid_input', 'Ce poste n’est relié à aucun espace d’équipe : connectez-vous d’abord (page « Espace d’équipe ») pour partager un document.');
    const library = this.options.library();
    const document = library.summary(sha256);
    // Only a sound original can become the team's copy: an absent one would never be sent.
    if (!originalIsSound(library.dataDir, sha256)) {
      const state = hasOriginal(library.dataDir, sha256) ? 'a été modifié ou endommagé sur le disque' : 'est absent du dossier de données';
      throw new KbError(
        'invalid_input',
        `Le fichier d’origine de « ${document.title} » ${state} : il ne peut pas être partagé. Importez de nouveau le document d’origine, puis partagez-le.`,
      );
    }
    if (document.size > maxTeamDocumentBytes) {
      throw new KbError(
        'invalid_input',
        `« ${document.title} » pèse ${sizeOverLimit(document.size, maxTeamDocumentBytes)} : l’équipe accepte des documents jusqu’à ${formatSize(maxTeamDocumentBytes)}. Il reste dans votre bibliothèque, sans être partagé.`,
      );
    }
    saveTeamDocument(this.db, { ...document, sharedAt: this.now(), authorLogin: connection.login, authorName: connection.displayName }, 'keep');
    return this.get(sha256);
  }

  /** Stops sharing: the team and the server forget the document; copies already fetched stay where they are. */
  unshare(sha256: string): { id: string } {
    const { changes } = this.db.prepare('DELETE FROM team_documents WHERE sha256 = ?').run(sha256);
    if (changes === 0) throw new KbError('not_found', 'Ce document n’est pas partagé avec l’équipe.');
    return { id: sha256 };
  }

  /**
   * « Récupérer le document »: downloads the original from the team server, checks it as hostile
   * input, and imports it with the team's title, author and date. Anything refused is set aside
   * (« Documents ignorés ») and nothing is written to the library.
   */
  async fetch(sha256: string): Promise<DocumentSummary> {
    const library = this.options.library();
    if (library.has(sha256)) return library.summary(sha256);
    const shared = this.list().find((d) => d.id === sha256);
    if (!shared) {
      throw new KbError('not_found', 'Ce document n’est pas (ou plus) partagé avec l’équipe : il ne peut pas être récupéré. Demandez-le à la personne qui l’a partagé.');
    }
    const team = this.options.team;
    const credentials = team.credentials();
    if (!credentials) {
      throw new KbError(
        'invalid_input',
        team.connection()
          ? 'Saisissez le mot de passe de l’équipe (page « Espace d’équipe ») pour récupérer ce document.'
          : 'Ce poste n’est relié à aucun espace d’équipe : le document ne peut pas être récupéré.',
      );
    }
    let bytes: Uint8Array | null;
    try {
      bytes = await downloadOriginal(credentials, sha256);
    } catch (error) {
      if (error instanceof RefusedFile) throw this.setAside(shared, error.message);
      if (error instanceof TeamServerError) throw new KbError('invalid_input', error.message);
      throw error;
    }
    if (!bytes) {
      throw new KbError(
        'not_found',
        `L’original de « ${shared.title} » n’est pas sur le serveur de l’équipe : il n’y est plus partagé, ou la personne qui l’a partagé ne l’a pas encore envoyé. Synchronisez puis réessayez.`,
      );
    }
    if (sha256Of(bytes) !== sha256) {
      throw this.setAside(shared, 'Le fichier reçu ne correspond pas à son empreinte SHA-256 : il a été altéré.');
    }
    let format: DocumentSummary['format'];
    try {
      format = documentFormatOf(shared.fileName, bytes);
    } catch (error) {
      throw this.setAside(shared, error instanceof KbError ? error.message : 'Format de fichier non reconnu.');
    }
    if (format !== shared.format) throw this.setAside(shared, 'Le type du fichier reçu ne correspond pas à celui annoncé par l’équipe.');

    const imports = this.options.imports;
    const started = imports.start({ fileName: shared.fileName, bytes, metadata: { title: shared.title, author: shared.author, date: shared.date } });
    const job = await imports.wait(started.jobId);
    if (job.state !== 'done' || !job.result) throw this.setAside(shared, job.error ?? 'Le document n’a pas pu être lu.');
    this.db.prepare('DELETE FROM sync_ignored WHERE doc_id = ?').run(documentId('document', sha256));
    return job.result.document;
  }

  private get(sha256: string): TeamSharedDocument {
    const document = this.list().find((d) => d.id === sha256);
    if (!document) throw new KbError('not_found', 'Ce document n’est pas partagé avec l’équipe.');
    return document;
  }

  /** Records a refused original in « Documents ignorés » and returns the error to show. */
  private setAside(shared: TeamSharedDocument, reason: string): KbError {
    const docId = documentId('document', shared.id);
    const rev = (this.db.prepare('SELECT rev FROM sync_revisions WHERE doc_id = ?').get(docId) as { rev: string } | undefined)?.rev ?? '';
    setAsideDocument(this.db, docId, rev, reason, this.now());
    return new KbError('invalid_input', `« ${shared.title} » n’a pas été récupéré : ${reason} Il figure parmi les « Documents ignorés ». Rien n’a été ajouté à la bibliothèque.`);
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}
