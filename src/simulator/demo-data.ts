/**
 * The documented demo taxpayer, so that a newcomer's first query against the simulator shows something. Every
 * caller sees the same starting data and then their own writes on top of it. What the demo taxpayer holds of each
 * NINO + tax year resource (HMRC's own example responses) is declared in the resource's file under
 * `src/resources/` (`simulation.demo`); the Self Assessment account's is in `sa-demo.ts`.
 */

/** The demo taxpayer's National Insurance number. */
export const DEMO_NINO = 'AA123456A';
