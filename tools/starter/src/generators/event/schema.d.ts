export interface EventGeneratorSchema {
  name: string;
  topic?: string;
  partitionKey?: string;
  skipProtoGeneration?: boolean;
}
