/**
 * Every distinct index term once, numbered. Items then hold small integer arrays instead of one Map of
 * strings per field (a Map costs ~100 bytes plus ~30 per entry; three per item added up to most of the
 * heap at thousands of reports).
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly documentFrequency: number[] = [];

  /** The id of a term, or -1 when no item has ever held it. */
  idOf(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.documentFrequency.length;
      this.ids.set(term, id);
      this.documentFrequency.push(0);
    }
    return id;
  }

  /** Every term ever interned, in id order (removed reports' words included: their ids stay taken). */
  list(): string[] {
    // Terms are only ever appended, so the map's insertion order is id order.
    return [...this.ids.keys()];
  }

  /** Gives an empty dictionary the ids of another one's `list()` (a snapshot restore). */
  load(terms: readonly string[]): void {
    if (this.ids.size > 0) throw new Error("a dictionary can only be loaded while empty");
    for (const term of terms) this.intern(term);
    if (this.ids.size !== terms.length) throw new Error("duplicate terms in a dictionary list");
  }

  /** How many items hold the term (in any field). */
  frequency(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.documentFrequency[id]!;
  }

  /** Terms some item holds now (a removed report's last words keep their id but are not listed). */
  *terms(): IterableIterator<string> {
    for (const [term, id] of this.ids) if (this.documentFrequency[id]! > 0) yield term;
  }

  count(id: number, delta: 1 | -1): void {
    this.documentFrequency[id]! += delta;
  }
}
