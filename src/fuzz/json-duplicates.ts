/**
 * Finding a member name that appears twice in one JSON object. JSON.parse keeps the last; other parsers keep
 * the first or refuse the text (RFC 8259 §4: names SHOULD be unique, behaviour otherwise unpredictable), so
 * two receivers may read two different messages from the same bytes: such an input is open, whatever the
 * reference's reading of it says.
 * @module
 */

/** The first member name that repeats within one object of `text` (well-formed JSON), if any. */
export function duplicateMember(text: string): string | undefined {
  const objects: Array<Set<string> | undefined> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      let next = end + 1;
      while (next < text.length && /\s/.test(text[next]!)) next++;
      const members = objects[objects.length - 1];
      if (members && text[next] === ':') {
        const raw = text.slice(i, end + 1);
        let name: string;
        try {
          name = JSON.parse(raw) as string;
        } catch {
          name = raw;
        }
        if (members.has(name)) return name;
        members.add(name);
      }
      i = end;
    } else if (c === 0x7b) objects.push(new Set());
    else if (c === 0x5b) objects.push(undefined);
    else if (c === 0x7d || c === 0x5d) objects.pop();
  }
  return undefined;
}
