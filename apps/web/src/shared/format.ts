const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const isoDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Times as the city reads them (Asia/Shanghai), whatever the browser's zone. */
export const formatTime = (iso?: string): string => (iso ? dateTime.format(new Date(iso)) : '');
export const formatDate = (iso?: string): string => (iso ? dateOnly.format(new Date(iso)) : '');
/** Today in Shanghai as YYYY-MM-DD. */
export const todayInShanghai = (now = new Date()): string => isoDay.format(now);
export const percent = (rate?: number | null): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
