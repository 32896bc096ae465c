import { describe, expect, it } from 'vitest';
import { ImageStore } from './image-store.js';
import { SessionFiles } from './session-files.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function setup() {
  const store = new ImageStore({ maxBytes: 10_000, sessionBytes: 10_000, idleMs: 60_000 });
  const file = store.put({ owner: 'alice', data: PNG, name: 'sign.png', width: 4, height: 3 });
  return { store, file, alice: new SessionFiles(store, 'alice'), bob: new SessionFiles(store, 'bob') };
}

describe("SessionFiles: a browser's stored files as ImageRefs and as the page shows them", () => {
  it('a ref fetches a copy of the bytes while the store keeps the file, then fails as job_gone', async () => {
    const { store, file, alice } = setup();
    const ref = alice.ref(file);
    const bytes = await ref.fetch();
    expect(bytes).toEqual(PNG);
    expect(bytes).not.toBe(file.data);
    store.delete(file.id);
    await expect(ref.fetch()).rejects.toMatchObject({ code: 'job_gone' });
  });

  it("hydrates a journaled image from the owner's store only", async () => {
    const { file, alice, bob } = setup();
    const stored = { url: `/files/${file.id}`, name: 'sign.png' };
    expect(await alice.hydrate(stored).fetch()).toEqual(PNG);
    await expect(bob.hydrate(stored).fetch()).rejects.toMatchObject({ code: 'job_gone' });
    expect(bob.shown(stored)).toEqual([]);
    expect(alice.shown(stored)).toEqual([
      {
        id: file.id,
        url: `/files/${file.id}`,
        mime: 'image/png',
        name: 'sign.png',
        bytes: PNG.byteLength,
        width: 4,
        height: 3,
      },
    ]);
  });
});
