export interface ServiceGeneratorSchema {
  name: string;
  protoNamespace?: string;
  skipProtoGeneration?: boolean;
}
