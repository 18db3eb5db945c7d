import { WriterLog, writtenByTwoAtOnce } from './writers.js';

const MC = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters';

function write(log: WriterLog, replica: string, path: string, method = 'PUT'): void {
  log.record({
    method,
    path,
    userAgent: `aks-lifecycle-operator replica/${replica} azsdk-js/1`,
    status: 200,
  });
}

describe('WriterLog', () => {
  it("records a cluster's writes, its pools' included, as runs of one replica each", () => {
    const log = new WriterLog();
    write(log, 'a', `${MC}/one`);
    write(log, 'a', `${MC}/one/agentPools/user`);
    write(log, 'b', `${MC}/one/agentPools/user`, 'DELETE');
    const runs = log.snapshot()[`${MC}/one`.toLowerCase()]!;
    expect(runs.map((r) => [r.replica, r.writes])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('leaves out reads, refused writes, credential listings and requests of no replica', () => {
    const log = new WriterLog();
    write(log, 'a', `${MC}/one`, 'GET');
    write(log, 'a', `${MC}/one/listClusterUserCredential`, 'POST');
    log.record({
      method: 'PUT',
      path: `${MC}/one`,
      userAgent: 'aks-lifecycle-operator replica/a',
      status: 409,
    });
    log.record({ method: 'PUT', path: `${MC}/one`, userAgent: 'curl/8', status: 200 });
    expect(log.snapshot()).toEqual({});
  });

  it('names a cluster whose writes came back to a replica after another wrote, not a handover', () => {
    const log = new WriterLog();
    write(log, 'a', `${MC}/handover`);
    write(log, 'b', `${MC}/handover`);
    write(log, 'a', `${MC}/both`);
    write(log, 'b', `${MC}/both`);
    write(log, 'a', `${MC}/both`);
    expect(writtenByTwoAtOnce(log.snapshot())).toEqual([`${MC}/both`.toLowerCase()]);
  });
});
