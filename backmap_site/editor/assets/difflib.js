// Python's difflib.get_close_matches, as `diagnostics.did_you_mean` uses it, so that the editor suggests
// exactly the id the validator suggests. Strings are compared by code point, as Python compares them.

function ratio(matches, length) {
  return length ? (2.0 * matches) / length : 1.0;
}

class SequenceMatcher {
  constructor(b) {
    this.b = b;
    this.b2j = new Map();
    b.forEach((element, j) => {
      if (!this.b2j.has(element)) this.b2j.set(element, []);
      this.b2j.get(element).push(j);
    });
    if (b.length >= 200) { // difflib's autojunk: elements in more than 1% of a long b are ignored
      const most = Math.floor(b.length / 100) + 1;
      for (const [element, indices] of [...this.b2j]) if (indices.length > most) this.b2j.delete(element);
    }
    this.counts = new Map();
    for (const element of b) this.counts.set(element, (this.counts.get(element) || 0) + 1);
  }

  longestMatch(a, alo, ahi, blo, bhi) {
    const b = this.b;
    let [besti, bestj, bestsize] = [alo, blo, 0];
    let lengths = new Map();
    for (let i = alo; i < ahi; i++) {
      const next = new Map();
      for (const j of this.b2j.get(a[i]) || []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (lengths.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
      }
      lengths = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1];
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  }

  matches(a) {
    let total = 0;
    const queue = [[0, a.length, 0, this.b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = this.longestMatch(a, alo, ahi, blo, bhi);
      if (!k) continue;
      total += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    return total;
  }

  quickMatches(a) {
    const available = new Map();
    let matches = 0;
    for (const element of a) {
      const count = available.has(element) ? available.get(element) : this.counts.get(element) || 0;
      available.set(element, count - 1);
      if (count > 0) matches++;
    }
    return matches;
  }
}

function byCodePoint(x, y) {
  const [a, b] = [Array.from(x), Array.from(y)];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = a[i].codePointAt(0) - b[i].codePointAt(0);
    if (difference) return difference;
  }
  return a.length - b.length;
}

/** The possibilities close to `word`, best first: difflib.get_close_matches(word, possibilities, n, cutoff). */
export function closeMatches(word, possibilities, n = 3, cutoff = 0.6) {
  const matcher = new SequenceMatcher(Array.from(word));
  const found = [];
  for (const possibility of possibilities) {
    const a = Array.from(possibility);
    const length = a.length + matcher.b.length;
    if (ratio(Math.min(a.length, matcher.b.length), length) < cutoff) continue;
    if (ratio(matcher.quickMatches(a), length) < cutoff) continue;
    const score = ratio(matcher.matches(a), length);
    if (score >= cutoff) found.push([score, possibility]);
  }
  found.sort((x, y) => y[0] - x[0] || byCodePoint(y[1], x[1]));
  return found.slice(0, n).map(([, possibility]) => possibility);
}

/** diagnostics.closest: the known name a slip most likely meant, or undefined. */
export function closest(value, known) {
  // First the same id in another framework of standards (`data` → `spl-2011/data`), then the closest spelling.
  return known.find((name) => name.endsWith(`/${value}`)) ?? closeMatches(String(value), known, 1)[0];
}
