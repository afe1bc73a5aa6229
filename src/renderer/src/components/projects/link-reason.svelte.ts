import { linkReasons } from '../../../../shared/constants';

/** The reason being chosen for a link: one of the list, or « Autre » with the person's own words. */
export class LinkReason {
  choice: string = $state(linkReasons[0]);
  other = $state('');

  get value(): string {
    return this.choice === otherReason ? this.other : this.choice;
  }
}

export const otherReason = 'autre';
