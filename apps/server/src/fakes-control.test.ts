import { networkInterfaces } from 'node:os';
import { type FakeBtcpay, type FakeStripe, startFakeBtcpay, startFakeStripe } from '@coppertone/stand-ins/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The payment stand-ins of demo mode (and the test stack) can be told to mark a checkout paid
// through /_control/*: only from the machine they run on, never from the network.
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let stripe: FakeStripe;
let btcpay: FakeBtcpay;
let stackBtcpay: FakeBtcpay;
const TOKEN = 'a-token-made-for-this-run-0123456789';
beforeAll(async () => {
  // Every address, as in the container stack, so the network can try.
  stripe = await startFakeStripe({ host: '0.0.0.0' });
  btcpay = await startFakeBtcpay({ host: '0.0.0.0' });
  stackBtcpay = await startFakeBtcpay({ host: '0.0.0.0', controlToken: TOKEN });
});
afterAll(async () => {
  await stripe?.close();
  await btcpay?.close();
  await stackBtcpay?.close();
});

const port = (fake: { url: string }) => new URL(fake.url).port;
const control = (host: string, fake: { url: string }, path: string, token?: string) =>
  fetch(`http://${host}:${port(fake)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-control-token': token } : {}) },
    body: JSON.stringify({ failures: 0 }),
  });

describe('the payment stand-ins’ test controls', () => {
  it('answer a client on this machine', async () => {
    expect((await control('127.0.0.1', stripe, '/_control/delivery')).status).toBe(200);
    expect((await control('127.0.0.1', btcpay, '/_control/delivery')).status).toBe(200);
  });

  it.runIf(lanAddress)('refuse a client on the network, and pay nothing for it', async () => {
    for (const [fake, path] of [
      [stripe, '/_control/delivery'],
      [stripe, '/_control/sessions/cs_test_x/pay'],
      [btcpay, '/_control/delivery'],
      [btcpay, '/_control/invoices/inv_x/settle'],
    ] as const) {
      const res = await control(lanAddress as string, fake, path);
      expect(res.status, path).toBe(403);
    }
  });

  it.runIf(lanAddress)(
    'answer the network only with the run’s token, when one is set (the container stack)',
    async () => {
      const lan = lanAddress as string;
      expect((await control(lan, stackBtcpay, '/_control/delivery', TOKEN)).status).toBe(200);
      expect((await control(lan, stackBtcpay, '/_control/delivery', `${TOKEN.slice(0, -1)}x`)).status).toBe(403);
      expect((await control(lan, stackBtcpay, '/_control/delivery')).status).toBe(403);
      // A stand-in without a token takes none.
      expect((await control(lan, btcpay, '/_control/delivery', TOKEN)).status).toBe(403);
    },
  );
});
