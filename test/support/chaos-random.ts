// Seeded randomness for chaos runs: every random choice of a run derives from one printed seed, so a
// failing run's schedule (kills, faults, order of operations) can be replayed with CHAOS_SEED=<seed>.

export const CHAOS_SEED_ENV = 'CHAOS_SEED';

/** The seed from CHAOS_SEED, or a fresh one; throws on a value that is not a non-negative integer. */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[CHAOS_SEED_ENV];
  if (raw === undefined || raw === '') return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`${CHAOS_SEED_ENV} must be an integer >= 0`);
  return seed >>> 0;
}

/** mulberry32: small, fast and good enough to spread test choices; not for anything secret. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** An independent stream, so one consumer's draws do not shift another's. */
  fork(): SeededRandom {
    return new SeededRandom(Math.floor(this.next() * 2 ** 32));
  }
}
