// The review page's typed-count check: the confirm button stays disabled until the admin has typed exactly the
// number of users the review froze.

/** The typed text as a whole number, or null if it is not one (no signs, decimals or separators). */
export function parseTypedCount(text) {
  const trimmed = String(text ?? '').trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  return Number.parseInt(trimmed, 10);
}

export function countMatches(text, count) {
  const typed = parseTypedCount(text);
  return typed !== null && Number.isInteger(count) && typed === count;
}

/** What to tell the admin under the box while the button is disabled ('' when nothing needs saying). */
export function countHint(text, count) {
  if (String(text ?? '').trim() === '') return '';
  if (parseTypedCount(text) === null) return 'Type the number in digits only.';
  return countMatches(text, count) ? '' : `That is not the number of users shown (${count}).`;
}
