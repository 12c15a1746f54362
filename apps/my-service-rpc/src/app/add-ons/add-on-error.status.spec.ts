import { status } from '@grpc/grpc-js';
import { AddOnError } from '@my-service/domain';
import { RpcMetadataKey } from '@platform/rpc-client';
import { addOnStatusError, valueOrThrow } from './add-on-error.status';

describe('addOnStatusError', () => {
  it.each([
    [AddOnError.notFound('p', 'x'), status.NOT_FOUND],
    [AddOnError.alreadyEnabled('p', 'x'), status.FAILED_PRECONDITION],
    [AddOnError.alreadyDisabled('p', 'x'), status.FAILED_PRECONDITION],
    [AddOnError.invalidInput({ code: 'bad' }), status.INVALID_ARGUMENT],
  ])('maps %s', (error, code) => {
    expect(addOnStatusError(error).code).toBe(code);
  });

  it('names invalid fields as the proto does, in the details and in the x-field-violations trailer', () => {
    const error = addOnStatusError(
      AddOnError.invalidInput({ providerId: 'must be a UUID', actorId: 'must not be empty' }),
    );
    expect(error.details).toBe('Invalid input: provider_id: must be a UUID; actor_id: must not be empty');
    expect(JSON.parse(error.metadata.get(RpcMetadataKey.fieldViolations)[0] as string)).toEqual({
      provider_id: 'must be a UUID',
      actor_id: 'must not be empty',
    });
  });

  it('unwraps ok results and throws the others as statuses', () => {
    expect(valueOrThrow({ ok: true, value: 1 })).toBe(1);
    expect(() => valueOrThrow({ ok: false, error: AddOnError.notFound('p', 'x') })).toThrow(
      expect.objectContaining({ code: status.NOT_FOUND }),
    );
  });
});
