/**
 * Text that stays text. Every cell text the host writes (plan text, link text, registry rows, and so every string
 * that came from a user's cell) goes through {@link textInput}, into a cell whose number format is already `@`.
 *
 * Excel parses a string written to `Range.values` or `Range.formulas` as typed input: `=…`, `+…`, `-…`, `@…` become
 * formulas, `12.5` and `1/2` numbers and dates, `#N/A` an error. The text format `@`, set on the cell first (in the
 * same request, before the value), makes Excel keep the string as it is, with one exception: a leading apostrophe is
 * still taken as the quote prefix and dropped. So a text that starts with `'` gets one more in front.
 */
export function textInput(text: string): string {
  return text.startsWith("'") ? `'${text}` : text;
}

/** The number format that keeps a cell text (built-in format 49). */
export const TEXT_FORMAT = '@';

/** UTF-8 length of a string (for request sizes) without allocating; a surrogate pair counts 4. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes of a value's JSON, as it travels in a request or a response. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}
