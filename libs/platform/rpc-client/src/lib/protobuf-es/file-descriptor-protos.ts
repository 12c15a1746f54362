import { toBinary, type DescFile, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';

/**
 * The serialized `FileDescriptorProto`s that define the given services, with every file they
 * import (transitively), dependencies first: what server reflection hands to `grpcurl` and
 * friends. Built from the generated code's embedded descriptors, so no `.proto` file is read.
 */
export function fileDescriptorProtos(services: readonly DescService[]): Buffer[] {
  const ordered: DescFile[] = [];
  const seen = new Set<string>();
  const visit = (file: DescFile): void => {
    if (seen.has(file.proto.name)) return;
    seen.add(file.proto.name);
    file.dependencies.forEach(visit);
    ordered.push(file);
  };
  services.forEach((service) => visit(service.file));
  return ordered.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)));
}
