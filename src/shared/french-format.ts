/** A size as people read it in France: « 1,5 Mo », « 820 ko ». */
export function formatSize(bytes: number): string {
  const oneDecimal = (value: number): string => value.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  if (bytes >= 1024 ** 3) return `${oneDecimal(bytes / 1024 ** 3)} Go`;
  if (bytes >= 1024 ** 2) return `${oneDecimal(bytes / 1024 ** 2)} Mo`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('fr-FR')} ko`;
  return `${bytes} octet${bytes > 1 ? 's' : ''}`;
}

/** A size over a limit, never written as the limit itself: « plus de 25 Mo » where rounding would say « 25 Mo ». */
export function sizeOverLimit(bytes: number, limit: number): string {
  const size = formatSize(bytes);
  return size === formatSize(limit) ? `plus de ${size}` : size;
}

/** « 0 annotation », « 1 projet », « 3 liens »: in French, zero and one take the singular. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('fr-FR')} ${count > 1 ? plural : singular}`;
}
