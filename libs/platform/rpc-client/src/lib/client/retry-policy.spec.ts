import { create } from '@bufbuild/protobuf';
import { createFileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, MethodOptions_IdempotencyLevel } from '@bufbuild/protobuf/wkt';
import { AddOnsService } from '@proto/contracts';
import { backoffMs, DEFAULT_RETRY_POLICY, isIdempotent } from './retry-policy';

/** A service declared in code, with each idempotency level the proto can state. */
function serviceWithIdempotencyLevels() {
  const registry = createFileRegistry(
    create(FileDescriptorSetSchema, {
      file: [
        {
          name: 'test/levels.proto',
          package: 'test',
          syntax: 'proto3',
          messageType: [{ name: 'Empty' }],
          service: [
            {
              name: 'Levels',
              method: [
                {
                  name: 'Read',
                  inputType: '.test.Empty',
                  outputType: '.test.Empty',
                  options: { idempotencyLevel: MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS },
                },
                {
                  name: 'Put',
                  inputType: '.test.Empty',
                  outputType: '.test.Empty',
                  options: { idempotencyLevel: MethodOptions_IdempotencyLevel.IDEMPOTENT },
                },
                { name: 'Append', inputType: '.test.Empty', outputType: '.test.Empty' },
              ],
            },
          ],
        },
      ],
    }),
  );
  const service = registry.getService('test.Levels');
  if (!service) throw new Error('test.Levels not built');
  return service;
}

describe('isIdempotent', () => {
  it('follows the proto’s idempotency_level', () => {
    const levels = serviceWithIdempotencyLevels();
    expect(levels.methods.map((m) => [m.localName, isIdempotent(m)])).toEqual([
      ['read', true],
      ['put', true],
      ['append', false],
    ]);
  });

  it('adds the methods a client lists, and nothing else', () => {
    const listed = new Set(['getAddOn']);
    expect(isIdempotent(AddOnsService.method.getAddOn, listed)).toBe(true);
    expect(isIdempotent(AddOnsService.method.enableAddOn, listed)).toBe(false);
  });
});

describe('backoffMs', () => {
  it('grows exponentially up to the cap, with at most half of it random', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialBackoffMs: 100, maxBackoffMs: 300 };
    expect([1, 2, 3, 4].map((n) => backoffMs(policy, n, () => 0))).toEqual([50, 100, 150, 150]);
    expect([1, 2, 3, 4].map((n) => backoffMs(policy, n, () => 1))).toEqual([100, 200, 300, 300]);
  });
});
