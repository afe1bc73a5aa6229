import type { FicheSummary, GlossaryEntry, Kit } from '../../../shared/schemas';
import { call, errorMessage } from './api';

/** Kits, their fiche lists and the glossary: loaded once, shared by the sidebar and pages. */
class KitsStore {
  kits: Kit[] = $state([]);
  fichesByKit: Record<string, FicheSummary[]> = $state({});
  glossary: GlossaryEntry[] = $state([]);
  loading = $state(true);
  error: string | null = $state(null);

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const kits = await call('listKits', {});
      const lists = await Promise.all(kits.map((kit) => call('listFiches', { kit: kit.slug })));
      this.fichesByKit = Object.fromEntries(kits.map((kit, index) => [kit.slug, lists[index] ?? []]));
      this.glossary = await call('listGlossary', {});
      this.kits = kits;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  kit(slug: string): Kit | undefined {
    return this.kits.find((kit) => kit.slug === slug);
  }

  /** A fiche's kit and fiche titles, to name it as people know it rather than by its slug. */
  titles(slug: string, number: number): { kitTitle: string | null; ficheTitle: string | null } {
    return {
      kitTitle: this.kit(slug)?.title ?? null,
      ficheTitle: this.fichesByKit[slug]?.find((fiche) => fiche.number === number)?.title ?? null,
    };
  }
}

export const kitsStore = new KitsStore();
