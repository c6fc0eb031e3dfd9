/** "2026-11-23 05:16:07 UTC": rendered on the server, so there is no locale or time-zone mismatch. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "05:16 UTC" for a time on the same UTC day as `reference`, else the full formatUtc without seconds. */
export function formatUtcShort(date: Date, reference: Date): string {
  const iso = date.toISOString();
  return iso.slice(0, 10) === reference.toISOString().slice(0, 10) ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
