import './tracing';
import 'reflect-metadata';
import { runHttpApp } from '@platform/web-helpers';
import { AppModule } from './app/app.module';

// HTTP serves /health/live and /health/ready; the gRPC server starts with the app (GrpcServer).
runHttpApp(AppModule);
