import { z } from 'zod';

const expectedLabels: Partial<Record<string, string>> = {
  array: 'Liste attendue.',
  string: 'Texte attendu.',
  number: 'Nombre attendu.',
  int: 'Nombre entier attendu.',
  boolean: 'Valeur vrai ou faux attendue.',
  object: 'Ensemble de champs attendu.',
};

const frenchLocale = z.locales.fr().localeError;

/**
 * Zod's French messages, in the words of a person rather than of a type system where they
 * differ: « identifiant invalide » (not « UUID invalide »), « liste attendue » for a list sent
 * as text. A message given in a schema always wins over these.
 */
export const personMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'Valeur manquante.';
    const label = expectedLabels[issue.expected];
    if (label) return label;
  }
  if (issue.code === 'invalid_format' && (issue.format === 'uuid' || issue.format === 'guid')) return 'Identifiant invalide.';
  if (issue.code === 'invalid_value' && issue.values.length > 1) return `Valeur non reconnue (valeurs possibles : ${issue.values.map(String).join(', ')}).`;
  return frenchLocale?.(issue);
};

z.config({ localeError: personMessages });
