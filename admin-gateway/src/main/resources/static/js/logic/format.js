// Numbers, plurals and dates as the page writes them.

const NUMBER = new Intl.NumberFormat('en');

export function formatNumber(n) {
  return NUMBER.format(n ?? 0);
}

/** "1 user", "2,500 users"; "1,000+ users" when {@code exact} is false (the number is a lower bound). */
export function plural(n, noun, nouns = `${noun}s`, exact = true) {
  return `${formatNumber(n)}${exact ? '' : '+'} ${n === 1 && exact ? noun : nouns}`;
}

/** An ISO instant as its UTC date (yyyy-MM-dd), or the fallback when absent. */
export function formatDate(instant, fallback = '') {
  return instant ? String(instant).slice(0, 10) : fallback;
}

/** An ISO instant as "yyyy-MM-dd HH:mm UTC". */
export function formatDateTime(instant, fallback = '') {
  if (!instant) return fallback;
  const s = String(instant);
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

export function roleLabel(role) {
  return role === 'MENTOR' ? 'Mentor' : role === 'MENTEE' ? 'Mentee' : '';
}
