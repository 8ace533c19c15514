import type { Locator } from '@playwright/test';

/**
 * The words inside `scope` that the browser drew on more than one line ("Attemp / ts"): each word's
 * text range is measured, and a word whose boxes sit at two heights was broken inside. A hyphen is
 * a place a line may end, as in print, so "api-token" counts as two words.
 */
export async function brokenWords(scope: Locator): Promise<string[]> {
  return scope.evaluateAll((elements) => {
    const broken: string[] = [];
    for (const element of elements) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/[^\s-]+-?/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set(
            Array.from(range.getClientRects())
              .filter((r) => r.width > 0)
              .map((r) => Math.round(r.top)),
          );
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
}
