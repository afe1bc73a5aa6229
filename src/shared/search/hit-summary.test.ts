import { describe, expect, it } from 'vitest';
import { hitSummary, resultsHeading } from './hit-summary';

describe('hitSummary', () => {
  it('names an exact phrase as an expression, without the quotes typed around it', () => {
    expect(hitSummary('"clauses sociales"', 3, -1)).toBe('3 occurrences de l’expression « clauses sociales »');
    expect(hitSummary('"clauses sociales"', 3, 1)).toBe('2 / 3 occurrences de l’expression « clauses sociales »');
  });

  it('names a word as typed, with the French singular for one', () => {
    expect(hitSummary('coopérative', 1, -1)).toBe('1 occurrence de « coopérative »');
    expect(hitSummary("l'économie", 2, -1)).toBe('2 occurrences de « l\'économie »');
    expect(hitSummary('economie sociale ', 13, 0)).toBe('1 / 13 occurrences des mots « economie sociale »');
    expect(hitSummary('"clauses sociales" insertion', 5, -1)).toBe('5 occurrences de « clauses sociales » et « insertion »');
  });

  it('says when the words are only in the title or the summary', () => {
    expect(hitSummary('coopérative', 0, -1)).toBe('« coopérative » apparaît dans le titre ou le résumé');
    expect(hitSummary('"clauses sociales"', 0, -1)).toBe('L’expression « clauses sociales » apparaît dans le titre ou le résumé');
    expect(hitSummary('SCIC SCOP', 0, -1)).toBe('Les mots « SCIC SCOP » apparaissent dans le titre ou le résumé');
  });
});

describe('resultsHeading', () => {
  it('names what was searched without nesting the query’s own quotes in guillemets', () => {
    expect(resultsHeading('"clauses sociales"', 3)).toBe('3 résultats pour l’expression « clauses sociales »');
    expect(resultsHeading('coopérative', 1)).toBe('1 résultat pour « coopérative »');
    expect(resultsHeading('economie sociale', 0)).toBe('Aucun résultat pour les mots « economie sociale »');
  });

  it('keeps what the query leaves out and its alternatives', () => {
    expect(resultsHeading('scic -scop', 2)).toBe('2 résultats pour « scic », sans « scop »');
    expect(resultsHeading('scic OU scop', 4)).toBe('4 résultats pour « scic » ou « scop »');
  });

  it('counts alone when only filters were chosen', () => {
    expect(resultsHeading('  ', 1200)).toBe('1\u202f200 résultats');
  });
});

