import { z } from 'zod';

/**
 * The kinds of threshold a policy slice is made of, with the bounds that keep an
 * authority's POLICY_FILE sensible (a typo of 2800 days is refused, not obeyed).
 */
export const days = (max = 3660) => z.int().min(1).max(max);
export const perFteLimit = z.number().gt(0).max(1000);
export const workingDays = z.int().min(1).max(260);
export const weeks = z.int().min(1).max(104);
export const months = z.int().min(1).max(120);
export const age = z.int().min(1).max(25);
