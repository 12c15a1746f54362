// The first import of kafka-tracing.fixture.ts, as `src/tracing.ts` is an app's: dd-trace
// starts before anything it instruments (kafkajs among them) is loaded.
import { initTracing } from '@platform/monitor';

/** Instrumented libraries already loaded when initTracing ran; must stay empty. */
export const loadedBeforeInit = Object.keys(require.cache).filter((file) =>
  /node_modules\/(express|pg|kafkajs|ioredis|typeorm|graphql|@grpc|@nestjs\/core)\//.test(file),
);
export const settings = initTracing('fixture-app');
