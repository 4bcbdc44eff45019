/**
 * Memoises what depends only on an item (the key object): computed once per item, not once per question.
 * Entries go when the item does (a WeakMap).
 */
export function perItem<Key extends object, Value>(compute: (key: Key) => Value): (key: Key) => Value {
  const cache = new WeakMap<Key, Value>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
