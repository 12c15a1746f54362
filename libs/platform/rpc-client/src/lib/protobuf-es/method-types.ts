import type { DescMethod, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';

/** The local (camelCase) names of a service's unary methods, e.g. `'enableAddOn'` for `AddOnsService`. */
export type UnaryMethodName<S extends DescService> = {
  [K in keyof S['method']]: S['method'][K]['methodKind'] extends 'unary' ? K : never;
}[keyof S['method']] &
  string;

/** The request message of method `K` as decoded (what a server handler receives). */
export type RpcRequest<S extends DescService, K extends keyof S['method']> = MessageShape<
  S['method'][K]['input']
>;

/** What a caller may pass as the request of method `K`: a message or a plain initializer. */
export type RpcRequestInit<S extends DescService, K extends keyof S['method']> = MessageInitShape<
  S['method'][K]['input']
>;

/** The response message of method `K` as decoded (what a client receives). */
export type RpcResponse<S extends DescService, K extends keyof S['method']> = MessageShape<
  S['method'][K]['output']
>;

/** What a server handler may return for method `K`: a message or a plain initializer. */
export type RpcResponseInit<S extends DescService, K extends keyof S['method']> = MessageInitShape<
  S['method'][K]['output']
>;

/** The gRPC path of a method, `/<package>.<Service>/<Method>`, as on the wire. */
export function grpcMethodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}
