import { Module } from '@nestjs/common';
import { AddOnsModule } from '@my-service/domain';
import { AddOnsRpc } from './add-ons.rpc';

/** The add-ons gRPC service; the app's GrpcServer finds it through `@GrpcService`. */
@Module({ imports: [AddOnsModule], providers: [AddOnsRpc] })
export class AddOnsRpcModule {}
