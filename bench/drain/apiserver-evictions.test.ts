import { parseMetrics } from '../fleet/prometheus-text.js';
import { describeEvictions, evictionCountsOf, evictionsBetween } from './apiserver-evictions.js';

const scrape = (evicted: number, refused: number): string =>
  [
    '# TYPE apiserver_request_total counter',
    `apiserver_request_total{code="201",component="apiserver",dry_run="",group="policy",resource="pods",scope="resource",subresource="eviction",verb="POST",version="v1"} ${evicted}`,
    `apiserver_request_total{code="429",component="apiserver",dry_run="",group="policy",resource="pods",scope="resource",subresource="eviction",verb="POST",version="v1"} ${refused}`,
    'apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="binding",verb="POST",version="v1"} 900',
    'apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 40',
  ].join('\n');

describe('eviction requests counted by the API server', () => {
  it('counts only requests to the eviction subresource of pods, refused ones being the 429s', () => {
    expect(evictionCountsOf(parseMetrics(scrape(12, 5)))).toEqual({
      sent: 17,
      refused: 5,
      byCode: { '201': 12, '429': 5 },
    });
  });

  it('takes what was sent between two scrapes', () => {
    const before = evictionCountsOf(parseMetrics(scrape(12, 5)));
    const after = evictionCountsOf(parseMetrics(scrape(212, 35)));
    expect(evictionsBetween(before, after)).toEqual({
      sent: 230,
      refused: 30,
      byCode: { '201': 200, '429': 30 },
    });
  });

  it('names answers other than accepted and refused by their code', () => {
    expect(describeEvictions({ sent: 9, refused: 3, byCode: { '201': 5, '429': 3, '404': 1 } })).toBe(
      '9 sent, 3 refused (429), 1 answered 404',
    );
  });
});
