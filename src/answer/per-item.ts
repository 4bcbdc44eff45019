/**
 * Memoises a function of an item's text per item (the key object): what depends only on the item is
 * computed once, not once per question. Entries go when the item does (a WeakMap).
 */
export function perItem<T>(compute: (text: string) => T): (key: object, text: string) => T {
  const cache = new WeakMap<object, T>();
  return (key, text) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(text);
      cache.set(key, value);
    }
    return value;
  };
}
