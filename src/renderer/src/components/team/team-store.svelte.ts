import type { TeamStatus } from '../../../../shared/team-schemas';
import { call, errorMessage } from '../../lib/api';

/** How often the status is asked while this computer is in a team (live sync runs every few seconds in core). */
const pollMs = 5000;

/** The team workspace's status, shared by the top bar, the « Espace d’équipe » page and the authors shown on notes. */
class TeamStore {
  status: TeamStatus | null = $state(null);
  /** The status could not be read (the local host stopped…). */
  error: string | null = $state(null);
  /** The team login of this computer, to tell one's own notes from teammates'. */
  readonly myLogin = $derived(this.status?.connection?.login ?? null);
  /** Grows when teammates' changes were applied here: pages listing annotations or projects read them again. */
  readonly changesReceived = $derived(this.status?.changesReceived ?? 0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private watching = false;

  async refresh(): Promise<void> {
    try {
      this.set(await call('getTeamStatus', {}));
    } catch (caught) {
      this.error = errorMessage(caught);
      this.schedule();
    }
  }

  /** Keeps the status fresh while the returned function is not called; it is asked again only while connected. */
  watch(): () => void {
    this.watching = true;
    void this.refresh();
    return () => {
      this.watching = false;
      this.clearTimer();
    };
  }

  /** After an action that returns the new status (connect, sync, leave, resolve). */
  set(status: TeamStatus): void {
    this.status = status;
    this.error = null;
    this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    const connected = this.status !== null && this.status.state !== 'non-connecte';
    if (this.watching && connected) this.timer = setTimeout(() => void this.refresh(), pollMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const teamStore = new TeamStore();
