import type { Vocabulary } from '../../../shared/schemas';
import { call } from './api';

/** The content vocabulary (themes, competences by scale), loaded once for the project forms. */
class VocabularyStore {
  value: Vocabulary | null = $state(null);
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.loading ??= call('getVocabulary', {}).then((vocabulary) => {
      this.value = vocabulary;
    });
    return this.loading;
  }
}

export const vocabularyStore = new VocabularyStore();
