const includeNotesKey = 'kits-ess:print-include-notes';

/**
 * What a printed fiche holds, kept between sessions: printing from the menu (Ctrl+P) or the
 * browser prints the same thing as the « Imprimer » dialog last chose.
 */
class PrintChoices {
  includeNotes = $state(localStorage.getItem(includeNotesKey) === 'oui');

  setIncludeNotes(value: boolean): void {
    this.includeNotes = value;
    localStorage.setItem(includeNotesKey, value ? 'oui' : 'non');
  }
}

export const printChoices = new PrintChoices();
