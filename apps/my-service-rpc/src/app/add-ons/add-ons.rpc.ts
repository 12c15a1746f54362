import { Injectable } from '@nestjs/common';
import { AddOnQueries, DisableAddOnCommand, EnableAddOnCommand } from '@my-service/domain';
import type { RpcResponseInit } from '@platform/rpc-client';
import {
  AddOnsService,
  type DisableAddOnRequest,
  type EnableAddOnRequest,
  type GetAddOnRequest,
  type ListAddOnsRequest,
} from '@proto/contracts';
import type { GrpcCallContext } from '../grpc/grpc-call-context';
import { GrpcService, type GrpcServiceHandlers } from '../grpc/grpc-service-handlers';
import { valueOrThrow } from './add-on-error.status';
import { toAddOnMessage } from './add-on.message';

type Service = typeof AddOnsService;

/** Recorded as the actor when neither the request nor `x-actor-id` names one (the proto: "empty when the system does"). */
export const SYSTEM_ACTOR = 'system';

/** `AddOnsService` over the add-ons domain: requests in, domain results out as messages or statuses. */
@GrpcService(AddOnsService)
@Injectable()
export class AddOnsRpc implements GrpcServiceHandlers<Service> {
  constructor(
    private readonly enable: EnableAddOnCommand,
    private readonly disable: DisableAddOnCommand,
    private readonly queries: AddOnQueries,
  ) {}

  async listAddOns(request: ListAddOnsRequest): Promise<RpcResponseInit<Service, 'listAddOns'>> {
    return {
      addOns: valueOrThrow(await this.queries.listForProvider(request.providerId)).map(toAddOnMessage),
    };
  }

  async getAddOn(request: GetAddOnRequest): Promise<RpcResponseInit<Service, 'getAddOn'>> {
    return {
      addOn: toAddOnMessage(valueOrThrow(await this.queries.get(request.providerId, request.addOnCode))),
    };
  }

  async enableAddOn(
    request: EnableAddOnRequest,
    call: GrpcCallContext,
  ): Promise<RpcResponseInit<Service, 'enableAddOn'>> {
    call.throwIfCancelled();
    const result = await this.enable.execute({
      providerId: request.providerId,
      code: request.addOnCode,
      actorId: actorOf(request, call),
    });
    return { addOn: toAddOnMessage(valueOrThrow(result)) };
  }

  async disableAddOn(
    request: DisableAddOnRequest,
    call: GrpcCallContext,
  ): Promise<RpcResponseInit<Service, 'disableAddOn'>> {
    call.throwIfCancelled();
    const result = await this.disable.execute({
      providerId: request.providerId,
      code: request.addOnCode,
      actorId: actorOf(request, call),
    });
    return { addOn: toAddOnMessage(valueOrThrow(result)) };
  }
}

function actorOf(request: { actorId: string }, call: GrpcCallContext): string {
  return request.actorId || call.actorId || SYSTEM_ACTOR;
}
