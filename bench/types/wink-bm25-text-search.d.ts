/** The part of wink-bm25-text-search's API the benchmark baseline uses (the package ships no types). */
declare module "wink-bm25-text-search" {
  interface Bm25Engine {
    defineConfig(config: {
      fldWeights: Record<string, number>;
      bm25Params?: Record<string, number>;
    }): boolean;
    definePrepTasks(tasks: ((text: string) => string[])[], field?: string): number;
    addDoc(doc: Record<string, string>, id: number | string): number;
    consolidate(fp?: number): boolean;
    // biome-ignore lint/suspicious/noExplicitAny: the package's ids are whatever addDoc was given
    search(text: string, limit?: number): [any, number][];
  }
  export default function bm25(): Bm25Engine;
}
