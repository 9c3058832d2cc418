/**
 * The exit codes of `inpaint`, and how a command's action reports its own.
 */

/** 0 all succeeded, 1 some work failed, 2 bad usage (unknown flag, bad value, missing argument). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** How a command's action sets the exit code. */
export type SetExit = (code: number) => void;
