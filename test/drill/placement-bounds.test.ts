/** Placement of cache nodes: a written node count is listed as written, bounded (a hostile `1e9` allocates no billion nodes). */
import { placementOf } from '../../src/drill/placement';
import type { Res, World } from '../../src/drill/world';

function cache(values: Record<string, unknown>): Res {
  return { key: 's\u0000aws_elasticache_cluster.c', stack: 's', address: 'aws_elasticache_cluster.c', type: 'aws_elasticache_cluster', name: 'c', region: 'eu-west-1', values, tags: {} } as unknown as Res;
}

describe('cache node placement', () => {
  it('lists the nodes written, at most 1,000 (AWS allows 40 per cluster)', () => {
    const world = {} as World;
    expect(placementOf(world, cache({ num_cache_nodes: 3, availability_zone: 'eu-west-1a' })).nodes).toHaveLength(3);
    expect(placementOf(world, cache({ num_cache_nodes: 1e9, availability_zone: 'eu-west-1a' })).nodes).toHaveLength(1000);
    expect(placementOf(world, cache({ num_cache_nodes: -5 })).nodes).toHaveLength(0);
  });
});
