/**
 * One session, two gateway instances sharing Redis (sessions and the refresh lock), and 50 concurrent requests
 * arriving just as the access token is due for refresh: HMRC's token endpoint is called exactly once, every
 * request succeeds, and every HMRC call after the refresh carries the new token. The simulator takes 200 ms per
 * refresh and answers a second, overlapping refresh of the grant with HMRC's "Refresh operation is already in
 * progress" (which would fail a request), so a missing lock could not go unnoticed.
 */
import { manualClock, signInMobile } from '../helpers/browser';
import type { SharedRedis } from '../helpers/redis';
import { describeRedis, sharedRedis } from '../helpers/redis';
import type { RunningGateway } from '../helpers/stack';
import { startGateway } from '../helpers/stack';
import type { Simulator } from '../../src/simulator/server';
import { createSimulator } from '../../src/simulator/server';
import { CLIENT_ID, CLIENT_SECRET } from '../helpers/stack';

const APP = 'com.example.taxapp:/oauth/done';
const HOUR = 3_600_000;
const QUERY = /* GraphQL */ `
  {
    taxpayer(nino: "AA123456A") {
      taxYear(taxYear: "2023-24") {
        pensionCharges {
          submittedOn
        }
      }
    }
  }
`;

describeRedis('token refresh across two gateway instances sharing Redis', () => {
  const clock = manualClock(Date.parse('2026-03-01T08:00:00Z'));
  let redis: SharedRedis;
  let simulator: Simulator;
  let gateways: RunningGateway[] = [];

  beforeAll(async () => {
    redis = await sharedRedis();
    simulator = createSimulator({
      now: () => clock.now(),
      oauth: { clients: { [CLIENT_ID]: CLIENT_SECRET }, refreshDelayMs: 200 },
    });
    const upstream = await simulator.listen(0);
    const options = { clock, oauth: { redisUrl: redis.url, mobileRedirectUris: [APP] } };
    gateways = [await startGateway(upstream, options), await startGateway(upstream, options)];
    await Promise.all(gateways.map((g) => g.redisReady()));
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await simulator?.close();
    await redis?.stop();
  });

  it('makes exactly one token call for 50 concurrent requests, and none of them fails', async () => {
    const { sessionToken } = await signInMobile(gateways[0]!.origin, APP);
    const headers = { authorization: `Session ${sessionToken}` };
    // The session works on the other instance too (it lives in Redis).
    expect((await gateways[1]!.gql(QUERY, {}, headers)).body.errors).toBeUndefined();
    const before = simulator.requests.at(-1)!.authorization;

    clock.advance(4 * HOUR - 60_000); // one minute left: due for refresh
    simulator.requests.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => gateways[i % 2]!.gql(QUERY, {}, headers)),
    );

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
    }
    expect(simulator.oauth.tokenCalls.filter((c) => c.grantType === 'refresh_token')).toEqual([
      { grantType: 'refresh_token', status: 200 },
    ]);
    // Every call HMRC saw carried the one new token. (Identical reads of one caller in flight at once share one
    // call within a gateway instance, so the two instances make at least one call each and at most one per
    // request.)
    const sent = new Set(simulator.requests.map((r) => r.authorization));
    expect(simulator.requests.length).toBeGreaterThanOrEqual(2);
    expect(simulator.requests.length).toBeLessThanOrEqual(50);
    expect(sent.size).toBe(1);
    expect(sent.has(before)).toBe(false);
  });
});
