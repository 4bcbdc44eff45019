import { createRequire } from "node:module";
import { jieba } from "../zh/segment.js";
import { ALTERNATIVE_WEIGHT, type Concept } from "./understand.js";

/** pinyin-pro's dictionaries take ~80 ms to load: loaded by the first question with a word no report holds. */
let pinyin: typeof import("pinyin-pro").pinyin | undefined;

/**
 * Whether `term` cuts into words of two or more characters (jieba's search cut: 普通高中 → 普通|高中) whose
 * first characters, from the first word on, spell `short`.
 */
function abbreviatesStrictly(short: string, term: string): boolean {
  const words = new Set(
    jieba()
      .cutForSearch(term, false)
      .filter((word) => word.length >= 2 && word !== term),
  );
  const reach = (from: number, k: number): boolean => {
    if (from === term.length) return k >= short.length;
    for (let end = from + 2; end <= term.length; end++) {
      if (!words.has(term.slice(from, end))) continue;
      if (k < short.length && term[from] !== short[k]) continue;
      if (reach(end, k + 1)) return true;
    }
    return false;
  };
  return reach(0, 0);
}

/** What spelling correction needs of the index: its words and how many items hold each. */
export interface Vocabulary {
  /** Changes whenever the vocabulary may have changed. */
  readonly generation: number;
  vocabulary(): Iterable<string>;
  termDocumentFrequency(term: string): number;
}

const CJK_WORD = /^[\u3400-\u9fff]{2,6}$/;

function soundOf(word: string): string {
  pinyin ??= (createRequire(import.meta.url)("pinyin-pro") as typeof import("pinyin-pro")).pinyin;
  return pinyin(word, { toneType: "none", type: "array" }).join(" ");
}

/**
 * Chinese typos are mostly homophones typed through a pinyin keyboard (招路 for 招录, 论岗 for 轮岗):
 * a word no report contains is looked up by its toneless pinyin among the words reports do contain.
 */
export class HomophoneFinder {
  private readonly bySound = new Map<string, string[]>();
  private readonly known = new Set<string>();
  private readonly sounded = new Set<string>();
  /** Words of four to eight characters by their first character, for abbreviations. */
  private readonly byFirstChar = new Map<string, string[]>();
  private seenGeneration = -1;
  private soundedGeneration = -1;
  /** Expansions found per word, until the vocabulary changes (the scan reads every word of its first character). */
  private readonly expanded = new Map<string, string[]>();

  constructor(private readonly source: Vocabulary) {}

  /** Takes in words added since the last call (adding reports grows the vocabulary), by first character. */
  private refresh(): void {
    if (this.seenGeneration === this.source.generation) return;
    this.seenGeneration = this.source.generation;
    this.expanded.clear();
    for (const term of this.source.vocabulary()) {
      if (this.known.has(term) || !CJK_WORD.test(term)) continue;
      this.known.add(term);
      if (term.length >= 4 && term.length <= 8) {
        const first = this.byFirstChar.get(term[0]!);
        if (first) first.push(term);
        else this.byFirstChar.set(term[0]!, [term]);
      }
    }
  }

  /**
   * The same words by sound, only once a homophone is looked for: the pinyin of a whole vocabulary costs
   * ~100 ms, which a question whose words all occur in the reports never pays.
   */
  private refreshSounds(): void {
    this.refresh();
    if (this.soundedGeneration === this.source.generation) return;
    this.soundedGeneration = this.source.generation;
    for (const term of this.known) {
      if (this.sounded.has(term)) continue;
      this.sounded.add(term);
      const sound = soundOf(term);
      const list = this.bySound.get(sound);
      if (list) list.push(term);
      else this.bySound.set(sound, [term]);
    }
  }

  /**
   * Words of the corpus that `word` abbreviates the way Chinese abbreviates (普高 → 普通高中, 中职 →
   * 中等职业学校): its characters in order, the first one at the start, in a word at least twice as long.
   */
  expansions(word: string): string[] {
    if (!/^[\u3400-\u9fff]{2,3}$/.test(word)) return [];
    this.refresh();
    const known = this.expanded.get(word);
    if (known) return known;
    const found = this.findExpansions(word);
    if (this.expanded.size >= 5000) this.expanded.clear();
    this.expanded.set(word, found);
    return found;
  }

  private findExpansions(word: string): string[] {
    const [first, ...rest] = [...word];
    const pattern = new RegExp(`^${first}[\\u3400-\\u9fff]*${rest.join("[\\u3400-\\u9fff]*")}`);
    return (this.byFirstChar.get(first!) ?? [])
      .filter((term) => term.length >= 2 * word.length && pattern.test(term))
      .sort((a, b) => this.source.termDocumentFrequency(b) - this.source.termDocumentFrequency(a))
      .slice(0, 3);
  }

  /**
   * Words of the corpus that a word reports also use abbreviates by the strict rule: each of its characters
   * begins one of the expansion's words, in order from the first (中职 → 中等|职业|学校, 普高 → 普通|高中;
   * not 学生 → 学校|卫生). Reports print both forms, so a question's 中职 must also find 中等职业学校.
   */
  strictExpansions(word: string): string[] {
    if (!/^[\u3400-\u9fff]{2}$/.test(word)) return [];
    this.refresh();
    const key = `=${word}`;
    const known = this.expanded.get(key);
    if (known) return known;
    const found = this.findExpansions(word).filter((term) => abbreviatesStrictly(word, term));
    if (this.expanded.size >= 5000) this.expanded.clear();
    this.expanded.set(key, found);
    return found;
  }

  /** Words of the corpus that sound exactly like `word`, most frequent first. */
  homophones(word: string): string[] {
    if (!CJK_WORD.test(word)) return [];
    this.refreshSounds();
    return (this.bySound.get(soundOf(word)) ?? [])
      .filter((term) => term !== word && this.source.termDocumentFrequency(term) > 0)
      .sort((a, b) => this.source.termDocumentFrequency(b) - this.source.termDocumentFrequency(a))
      .slice(0, 3);
  }

  /** A word reports hold, plus the longer words it abbreviates that reports hold too. */
  private withExpansions(concept: Concept): Concept {
    const terms = this.strictExpansions(concept.word).filter(
      (term) => !concept.alternatives.some((alt) => alt.term === term),
    );
    if (terms.length === 0) return concept;
    const weight = ALTERNATIVE_WEIGHT.synonym;
    return {
      ...concept,
      alternatives: [
        ...concept.alternatives,
        ...terms.map((term) => ({ term, weight, kind: "synonym" as const })),
      ],
    };
  }

  /**
   * Concepts whose words no report contains get the homophones that reports do contain as
   * alternatives, a little below an exact match.
   */
  correct(concepts: readonly Concept[]): Concept[] {
    const known = (concept: Concept) =>
      concept.alternatives.some(({ term }) => this.source.termDocumentFrequency(term) > 0);
    // A guess needs company: with nothing else of the question in the reports, a sound-alike is noise.
    if (!concepts.some(known)) return [...concepts];
    return concepts.map((concept) => {
      if (!concept.correctable) return concept;
      if (known(concept)) return this.withExpansions(concept);
      // A sound-alike first (招路 → 招录); failing that, what the word abbreviates (普高 → 普通高中).
      const fixes = this.homophones(concept.word);
      const [terms, kind] =
        fixes.length > 0
          ? [fixes, "homophone" as const]
          : [this.expansions(concept.word), "synonym" as const];
      if (terms.length === 0) return concept;
      const weight = ALTERNATIVE_WEIGHT[kind];
      return {
        ...concept,
        alternatives: [...concept.alternatives, ...terms.map((term) => ({ term, weight, kind }))],
      };
    });
  }
}
