import { afterEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../knowledge-base';
import { dataDirWithKits, openKb, serverDocuments, startTestTeam, syncUntilQuiet, team, type TestTeam } from '../test-support/team';

let opened: KnowledgeBase[] = [];
let testTeam: TestTeam | null = null;
afterEach(async () => {
  for (const kb of opened) await kb.shutdown();
  opened = [];
  await testTeam?.server.stop();
  testTeam = null;
});

async function member(login: 'alice' | 'bob'): Promise<KnowledgeBase> {
  const kb = openKb(dataDirWithKits());
  opened.push(kb);
  await kb.team.connect({ server: testTeam!.server.url, database: team, login, password: testTeam!.passwords[login]!, displayName: login }, { live: false });
  return kb;
}

describe('roadmap in the team workspace', () => {
  it('travels as one document per item, with its projects; status changes and removals follow', async () => {
    testTeam = await startTestTeam();
    const alice = await member('alice');
    const bob = await member('bob');
    const project = alice.projects.create({ title: 'Légumerie', description: '', status: 'etude', themes: [], competences: [], partners: [], lead: '', budget: null, startDate: null, endDate: null });
    const [lever] = alice.roadmap.levers({ kit: 'departementaless', number: 7 });
    if (!lever) throw new Error('levers');
    const item = alice.roadmap.add({ leverId: lever.id, official: 'Marie Durand', target: '2027-T2', projectIds: [project.id] });
    await syncUntilQuiet(alice, bob);

    const docs = await serverDocuments(testTeam.server.url);
    expect(docs.find((d) => d.id === `roadmap_item:${item.id}`)?.doc).toMatchObject({ kind: 'roadmap_item', leverId: lever.id, projectIds: [project.id] });
    expect(bob.roadmap.list()).toEqual(alice.roadmap.list());
    expect(bob.handlers().listProjectRoadmapItems({ id: project.id }).map((i) => i.id)).toEqual([item.id]);

    bob.roadmap.update({ id: item.id, status: 'engage' });
    await syncUntilQuiet(bob, alice);
    expect(alice.roadmap.get(item.id).status).toBe('engage');

    alice.roadmap.remove(item.id);
    await syncUntilQuiet(alice, bob);
    expect(bob.roadmap.list()).toEqual([]);
  });
});
