import type { DocumentSummary } from '../../../../shared/document-schemas';
import type { TeamSharedDocument } from '../../../../shared/team-schemas';
import { call } from '../../lib/api';
import { teamStore } from '../team/team-store.svelte';
import { importQueue } from './import-queue.svelte';

/**
 * The library documents shared with the team, as the library, the reader and the annotation
 * cards show them. Read again after each action here and when teammates' changes arrive.
 */
class TeamLibraryStore {
  documents: TeamSharedDocument[] = $state([]);
  /** Shares are offered only to a computer in a team. */
  readonly connected = $derived(Boolean(teamStore.status?.connection));

  /** A read under way: every card of the library asks at once, one request answers them all. */
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    if (!this.loading) {
      const loading = this.read().finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Called inside an $effect: reads the list, and again when this computer joins a team or teammates' changes arrive. */
  follow(): void {
    void this.connected;
    void teamStore.changesReceived;
    void this.load().catch(() => undefined);
  }

  private async read(): Promise<void> {
    this.documents = this.connected ? await call('listTeamDocuments', {}) : [];
  }

  /** After a change made here: a read begun before it would miss it. */
  private async reload(): Promise<void> {
    await this.loading?.catch(() => undefined);
    await this.load();
  }

  find(id: string): TeamSharedDocument | null {
    return this.documents.find((d) => d.id === id) ?? null;
  }

  async share(id: string): Promise<TeamSharedDocument> {
    const shared = await call('shareDocument', { id });
    await this.reload();
    return shared;
  }

  async unshare(id: string): Promise<void> {
    await call('unshareDocument', { id });
    await this.reload();
  }

  /** « Récupérer le document »: the library reads its list again once the document is in. */
  async fetch(id: string): Promise<DocumentSummary> {
    const document = await call('fetchTeamDocument', { id });
    importQueue.imported += 1;
    await this.reload();
    return document;
  }
}

export const teamLibrary = new TeamLibraryStore();
