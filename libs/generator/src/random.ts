/** Two hex digits per byte value: UUIDs are built for every event, so this is on the hot path. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (n: number): string => HEX[n >>> 24] + HEX[(n >>> 16) & 0xff] + HEX[(n >>> 8) & 0xff] + HEX[n & 0xff];

/**
 * A small seeded PRNG (sfc32, its state filled by splitmix32 from the seed). Our own,
 * not Math.random, so the same seed gives the same history on every run and machine.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = Math.trunc(seed) >>> 0;
    const splitmix = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32(); // sfc32's recommended warm-up
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t;
    this.c |= 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** One of the entries, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = this.float() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Exponentially distributed with this mean: waiting times of memoryless events (leaving a job). */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** A Poisson count: how many independent arrivals in a day. Normal approximation for large means keeps it O(1). */
  poisson(mean: number): number {
    if (mean > 30) {
      const normal = Math.sqrt(-2 * Math.log(1 - this.float())) * Math.cos(2 * Math.PI * this.float());
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
    }
    const limit = Math.exp(-mean);
    let count = 0;
    for (let p = this.float(); p > limit; p *= this.float()) count++;
    return count;
  }

  /** A version 4 UUID (RFC 9562 variant) made from this generator, so event ids are reproducible too. */
  uuid(): string {
    const w1 = hex8(this.uint32());
    const w2 = hex8(((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0);
    const w3 = hex8(((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0);
    const w4 = hex8(this.uint32());
    return `${w1}-${w2.slice(0, 4)}-${w2.slice(4)}-${w3.slice(0, 4)}-${w3.slice(4)}${w4}`;
  }
}
