// Imported first by main.ts: dd-trace instruments only what is loaded after it starts.
import { initTracing } from '@platform/monitor';

initTracing('my-service-graphql');
