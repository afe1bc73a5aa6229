/** What a benchmark query exercises. */
export type QueryKind =
  | 'common'
  | 'rare'
  | 'prefix'
  | 'phrase'
  | 'multi'
  | 'accent-free'
  | 'accented'
  | 'stem'
  | 'exclusion'
  | 'or'
  | 'no-hit';

export interface BenchQuery {
  text: string;
  kind: QueryKind;
}

/**
 * The fixed queries of the benchmark, as a person would type them in the search box.
 * Words come from the generated corpus (see corpus.ts): common ones rank in the first few
 * hundred, rare ones beyond 8,000; prefixes are what the box sends while a word is typed.
 */
export const queries: readonly BenchQuery[] = [
  // Single common words
  { text: 'économie', kind: 'common' },
  { text: 'sociale', kind: 'common' },
  { text: 'territoire', kind: 'common' },
  { text: 'collectivités', kind: 'common' },
  { text: 'emploi', kind: 'common' },
  { text: 'développement', kind: 'common' },
  { text: 'acteurs', kind: 'common' },
  { text: 'projets', kind: 'common' },
  // Rare words (a few fiches in 1,000)
  { text: 'ressourcerie', kind: 'rare' },
  { text: 'essaimage', kind: 'rare' },
  { text: 'légumerie', kind: 'rare' },
  { text: 'microcrédit', kind: 'rare' },
  { text: 'pollinisation', kind: 'rare' },
  { text: 'covoiturage', kind: 'rare' },
  // Prefixes, as the box searches while a word is being typed
  { text: 'coop', kind: 'prefix' },
  { text: 'collectiv', kind: 'prefix' },
  { text: 'publ', kind: 'prefix' },
  { text: 'écon', kind: 'prefix' },
  { text: 'mobi', kind: 'prefix' },
  { text: 'alim', kind: 'prefix' },
  { text: 'co', kind: 'prefix' },
  { text: 'commande pub', kind: 'prefix' },
  { text: 'fonds europ', kind: 'prefix' },
  // Phrases
  { text: '"commande publique"', kind: 'phrase' },
  { text: '"économie sociale et solidaire"', kind: 'phrase' },
  { text: '"fonds européens"', kind: 'phrase' },
  { text: '"mise en œuvre"', kind: 'phrase' },
  { text: '"insertion par l’activité économique"', kind: 'phrase' },
  { text: '"circuits courts"', kind: 'phrase' },
  // Several words
  { text: 'commande publique', kind: 'multi' },
  { text: 'coopératives agricoles', kind: 'multi' },
  { text: 'alimentation durable territoire', kind: 'multi' },
  { text: 'mobilité solidaire rurale', kind: 'multi' },
  { text: 'économie sociale solidaire emploi insertion', kind: 'multi' },
  { text: 'fonds européens région financement', kind: 'multi' },
  { text: 'collectivités locales insertion', kind: 'multi' },
  { text: 'ressourcerie réemploi déchets', kind: 'multi' },
  // Accent-free spellings of accented words
  { text: 'economie', kind: 'accent-free' },
  { text: 'cooperatives', kind: 'accent-free' },
  { text: 'collectivite', kind: 'accent-free' },
  { text: 'europeens', kind: 'accent-free' },
  { text: 'oeuvre', kind: 'accent-free' },
  { text: 'mobilite solidaire', kind: 'accent-free' },
  { text: 'developpement economique', kind: 'accent-free' },
  // Accents, capitals and ligatures as typed
  { text: 'Œuvre', kind: 'accented' },
  { text: 'ÉCONOMIE SOCIALE', kind: 'accented' },
  { text: 'Coopérative', kind: 'accented' },
  // Other inflections of a word (stemmed matches)
  { text: 'coopérer', kind: 'stem' },
  { text: 'financements', kind: 'stem' },
  { text: 'territoriaux', kind: 'stem' },
  { text: 'associatives', kind: 'stem' },
  // Exclusions
  { text: 'insertion -rsa', kind: 'exclusion' },
  { text: 'commande publique -marchés', kind: 'exclusion' },
  { text: 'économie -"économie circulaire"', kind: 'exclusion' },
  { text: 'coopératives -agricoles', kind: 'exclusion' },
  // Alternatives
  { text: 'alimentation OU agriculture', kind: 'or' },
  { text: 'scic OU scop', kind: 'or' },
  { text: 'mobilité OU transport OU covoiturage', kind: 'or' },
  { text: '"commande publique" OU achats', kind: 'or' },
  // Nothing matches: typos (the service then looks for close spellings to suggest)
  { text: 'cooperativz', kind: 'no-hit' },
  { text: 'économei sociale', kind: 'no-hit' },
  { text: 'xylophone', kind: 'no-hit' },
];
