import { z } from 'zod';

/** Result ids sort in time order as plain strings: 20261124T220323-123Z-k3f9. */
export const ResultId = z.string().regex(/^\d{8}T\d{6}-\d{3}Z-[a-z0-9]{4}$/, 'is not a result id');

export function newResultId(at: Date = new Date(), random: () => number = Math.random): string {
  const iso = at.toISOString(); // 2026-11-24T22:03:23.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}Z`;
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)];
  return `${stamp}-${suffix}`;
}

/** The creation time encoded in an id. */
export function idTime(id: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})-(\d{3})Z/.exec(id);
  if (!m) throw new Error(`not a result id: ${id}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
}
