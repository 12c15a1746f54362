import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError } from './invalid-config.error';
import { kafkaClientConfig, kafkaProducerConfig, oauthBearerProvider } from './kafka-client.config';

const dir = mkdtempSync(join(tmpdir(), 'kafka-client-config-'));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('kafkaClientConfig', () => {
  it('plaintext: brokers only', () => {
    expect(kafkaClientConfig({ brokers: ['127.0.0.1:9092'] })).toEqual({ brokers: ['127.0.0.1:9092'] });
  });

  it('TLS with the system CAs, or with only the CA file’s', () => {
    expect(kafkaClientConfig({ brokers: ['b:9094'], tls: {} })).toEqual({ brokers: ['b:9094'], ssl: true });
    const caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, PEM);
    expect(kafkaClientConfig({ brokers: ['b:9094'], tls: { caFile } }).ssl).toEqual({ ca: [PEM] });
  });

  it('fails at boot, naming the variable, when the CA file cannot be used', () => {
    const missing = join(dir, 'nope.crt');
    expect(() => kafkaClientConfig({ brokers: ['b:9094'], tls: { caFile: missing } })).toThrow(
      new InvalidConfigError([`KAFKA_SSL_CA_FILE names a file that cannot be read: "${missing}" (ENOENT)`]),
    );
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => kafkaClientConfig({ brokers: ['b:9094'], tls: { caFile: notPem } })).toThrow(
      /KAFKA_SSL_CA_FILE names a file with no PEM certificate in it/,
    );
  });

  it('SCRAM-SHA-512 and PLAIN as kafkajs takes them', () => {
    for (const mechanism of ['scram-sha-512', 'plain'] as const) {
      expect(
        kafkaClientConfig({ brokers: ['b:9094'], tls: {}, sasl: { mechanism, username: 'u', password: 'p' } })
          .sasl,
      ).toEqual({ mechanism, username: 'u', password: 'p' });
    }
  });

  it('OAUTHBEARER with a provider', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'token-1\n');
    const { sasl } = kafkaClientConfig({
      brokers: ['b:9094'],
      tls: {},
      sasl: { mechanism: 'oauthbearer', token: { kind: 'file', file } },
    });
    expect(sasl?.mechanism).toBe('oauthbearer');
    const provider = (sasl as { oauthBearerProvider: () => Promise<{ value: string }> }).oauthBearerProvider;
    expect(await provider()).toEqual({ value: 'token-1' });
  });
});

describe('OAUTHBEARER token providers', () => {
  it('re-reads the token file on every call', async () => {
    const file = join(dir, 'rotating-token');
    writeFileSync(file, 'first');
    const provider = oauthBearerProvider({ kind: 'file', file });
    expect(await provider()).toEqual({ value: 'first' });
    writeFileSync(file, 'second\n');
    expect(await provider()).toEqual({ value: 'second' });
    writeFileSync(file, '  ');
    await expect(provider()).rejects.toThrow(`OAUTHBEARER token file ${file} is empty`);
  });

  describe('client credentials', () => {
    let server: Server;
    let url: string;
    const requests: Array<{ authorization?: string; body: string }> = [];
    let answer: { status: number; body: unknown } = { status: 200, body: {} };

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          requests.push({ authorization: req.headers.authorization, body });
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    beforeEach(() => (requests.length = 0));

    it('fetches a token with HTTP Basic client authentication and reuses it until it nearly expires', async () => {
      answer = { status: 200, body: { access_token: 'jwt-1', token_type: 'Bearer', expires_in: 3600 } };
      const provider = oauthBearerProvider({
        kind: 'client-credentials',
        tokenUrl: url,
        clientId: 'my-service',
        clientSecret: 's3cret',
        scope: 'kafka',
      });
      const [a, b] = await Promise.all([provider(), provider()]);
      expect([a, b]).toEqual([{ value: 'jwt-1' }, { value: 'jwt-1' }]);
      expect(await provider()).toEqual({ value: 'jwt-1' });
      expect(requests).toEqual([
        {
          authorization: `Basic ${Buffer.from('my-service:s3cret').toString('base64')}`,
          body: 'grant_type=client_credentials&scope=kafka',
        },
      ]);

      // A token valid for less than the renewal margin is fetched again every time.
      answer = { status: 200, body: { access_token: 'jwt-2', expires_in: 30 } };
      const shortLived = oauthBearerProvider({
        kind: 'client-credentials',
        tokenUrl: url,
        clientId: 'c',
        clientSecret: 'd',
      });
      await shortLived();
      await shortLived();
      expect(requests).toHaveLength(3);
    });

    it('fails with the endpoint and the client, not the secret', async () => {
      answer = { status: 401, body: { error: 'invalid_client' } };
      const provider = oauthBearerProvider({
        kind: 'client-credentials',
        tokenUrl: url,
        clientId: 'c',
        clientSecret: 'hidden',
      });
      const error = await provider().catch((e: Error) => e);
      expect((error as Error).message).toBe(
        `OAUTHBEARER token endpoint ${url} answered 401 for client c: {"error":"invalid_client"}`,
      );
      expect((error as Error).message).not.toContain('hidden');
    });
  });

  it('AWS MSK IAM: a token signed by aws-msk-iam-sasl-signer-js with the default credential chain', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    try {
      const provider = oauthBearerProvider({ kind: 'aws-msk-iam', region: 'eu-west-1' });
      const { value } = await provider();
      const url = new URL(Buffer.from(value, 'base64url').toString('utf8'));
      expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
      expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(
        /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\//,
      );
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      // Valid for 15 minutes: the same token is handed out meanwhile.
      expect(await provider()).toEqual({ value });
    } finally {
      process.env = saved;
    }
  });
});

describe('kafkaProducerConfig', () => {
  it('is idempotent with one request in flight, keeping other settings', () => {
    expect(kafkaProducerConfig()).toEqual({ idempotent: true, maxInFlightRequests: 1 });
    expect(kafkaProducerConfig({ allowAutoTopicCreation: false, maxInFlightRequests: 5 })).toEqual({
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
    });
  });
});
