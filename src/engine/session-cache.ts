// Opens a runner's sessions for one pack (or model file) once and keeps them: the one place
// runners cache what `ctx.sessions.create` made, drop it when the pack changes, and release it.

export interface SessionCacheOptions<M> {
  /** Releases what `load` made (its sessions). */
  release(loaded: M): Promise<void>;
  /** Entries kept at once; loading one more releases the oldest (default 1: a new pack replaces the old). */
  max?: number;
}

export class SessionCache<M> {
  private readonly entries = new Map<string, Promise<M>>();
  private readonly max: number;

  constructor(private readonly opts: SessionCacheOptions<M>) {
    this.max = opts.max ?? 1;
  }

  /** What `load` made for `key` (a pack folder or model path), loading it on first use; a failed load is not kept. */
  async get(key: string, load: () => Promise<M>): Promise<M> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    while (this.entries.size >= this.max) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Promise<M>];
      this.entries.delete(oldest);
      await this.releaseEntry(entry);
    }
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    return loading;
  }

  /** Releases every entry (the runner's dispose). */
  async dispose(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((e) => this.releaseEntry(e)));
  }

  private async releaseEntry(entry: Promise<M>): Promise<void> {
    const loaded = await entry.catch(() => undefined);
    if (loaded !== undefined) await this.opts.release(loaded);
  }
}
