/**
 * Which side panels the person folded away, kept while the app runs: the list of kits and fiches,
 * and the panel of notes beside a fiche (for every fiche, as one reads on from one to the next).
 */
class LayoutStore {
  kitListHidden = $state(false);
  notesHidden = $state(false);
}

export const layout = new LayoutStore();
