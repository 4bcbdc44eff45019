/**
 * The shape every converter hands to the parser: one paragraph per line, no blank lines, no trailing
 * spaces. Inner spaces are kept (NBSP and full-width spaces included) because the parser normalises them.
 */
export function joinLines(lines: Iterable<string>): string {
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, "");
    if (trimmed) kept.push(trimmed);
  }
  return kept.join("\n");
}

/** Counts the characters that carry meaning (not whitespace): "is there any text at all?" */
export function visibleLength(text: string): number {
  return text.replace(/[\s\u3000\u00a0]/gu, "").length;
}
