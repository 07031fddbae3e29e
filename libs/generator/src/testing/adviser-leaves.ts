import { becameLookedAfter, childRegistered, personalAdviserAllocated, supervisionHeld, timelinesOf, workerJoined, workerLeft } from '../../../domain/src/testing/index.js';

/**
 * What the generated history lacks, by hand: a looked-after 16-year-old whose personal
 * adviser leaves (NO_PERSONAL_ADVISER reads the adviser's leaving), among facts no rule
 * of theirs reads.
 */
export const adviserLeaves = timelinesOf([
  childRegistered('2024-04-01', { childId: 'C-PA', birthMonth: '2009-03' }),
  becameLookedAfter('2024-05-06', { childId: 'C-PA' }),
  workerJoined('2024-06-03', { workerId: 'W-PA', role: 'personal_adviser', caseHolding: false }),
  personalAdviserAllocated('2025-04-01', { childId: 'C-PA', workerId: 'W-PA' }),
  supervisionHeld('2025-05-01', { workerId: 'W-PA' }),
  workerLeft('2025-09-30', { workerId: 'W-PA' }),
]);
