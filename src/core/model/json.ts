// Reading fields of API objects we do not trust: real objects have odd or missing fields, and a wrong guess must
// give an empty value, never a crash.

export type Obj = Record<string, unknown>;

/** The value as an object, or an empty one. */
export const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** The value as an array, or an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value as text ('' when absent); numbers are written out, since the API writes some numbers as either. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Like `str`, but `undefined` when absent or empty, for optional fields. */
export const optStr = (v: unknown): string | undefined => str(v) || undefined;
