export interface ConsumerGeneratorSchema {
  name: string;
  topic: string;
  idempotency?: 'redis' | 'none';
}
