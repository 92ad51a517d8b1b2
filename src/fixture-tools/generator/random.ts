/** The generator's seeded PRNG: every region draws from its own, so each is reproducible on its own. */

/** sfc32: small, fast, and good enough for synthetic data. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(...seeds: number[]) {
    // Mix every seed part into the four state words (splitmix-style).
    let h = 0x9e3779b9;
    const words = [0, 0, 0, 0];
    for (let round = 0; round < 4; round++) {
      for (const s of seeds) h = Math.imul(h ^ (s + round), 0x85ebca6b) ^ (h >>> 13);
      words[round] = h >>> 0;
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    for (let i = 0; i < 16; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }
  id(prefix: string): string {
    return `${prefix}-0${this.hex(16)}`;
  }
}
