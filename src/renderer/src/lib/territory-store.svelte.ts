import type { Territory } from '../../../shared/schemas';
import { call, errorMessage } from './api';

/** The territory chosen by the user, shared by the top bar, the sidebar and the pages. */
class TerritoryStore {
  current: Territory | null = $state(null);
  loaded = $state(false);
  error: string | null = $state(null);

  async load(): Promise<void> {
    try {
      this.current = await call('getTerritory', {});
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loaded = true;
    }
  }

  async choose(choice: { scale: Territory['scale']; code: string } | null): Promise<void> {
    this.current = await call('setTerritory', { territory: choice });
  }
}

export const territoryStore = new TerritoryStore();
