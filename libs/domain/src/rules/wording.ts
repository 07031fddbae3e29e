const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "23 November 2026" from 2026-11-23 (or a date-time): how dates are written on pages and in exports. */
export const longDate = (iso: string): string => (iso ? LONG_DATE.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '');

/** Catalogue codes whose words are not the code with its underscores as spaces. */
const WORDS: Record<string, string> = { plo: 'entering the PLO', section_47: 'section 47', assessment_outcome: 'assessment outcome' };

/** A catalogue code in words ("child_and_family" is "child and family"); a list of them ("a, b") as "a and b". */
export function inWords(codes: string): string {
  const words = codes.split(', ').map((code) => WORDS[code] ?? code.replaceAll('_', ' '));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
}

/** "1 session", "3 sessions". */
export const count = (n: number | string | undefined, one: string, many = `${one}s`): string => `${n} ${Number(n) === 1 ? one : many}`;

/** A figure with at most two decimals, as people write it ("20.5", not "20.50"). */
export const figure = (n: number | string | undefined): string => (typeof n === 'number' ? String(Math.round(n * 100) / 100) : String(n));

/** The first letter capitalised, for words that open a sentence. */
export const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
