/** One action at a time on a page: its buttons wait while it runs, and its failure is kept to be shown. */
export class BusyTask {
  busy = $state(false);
  error: unknown = $state(null);

  async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (e) {
      this.error = e;
    } finally {
      this.busy = false;
    }
  }
}
