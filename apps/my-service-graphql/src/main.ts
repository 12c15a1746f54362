import './tracing';
import 'reflect-metadata';
import { runHttpApp } from '@platform/web-helpers';
import { AppModule } from './app/app.module';

runHttpApp(AppModule);
