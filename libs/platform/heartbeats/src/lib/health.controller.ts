import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { HealthReport } from './health-check';
import { HeartbeatsRegistry } from './heartbeats.registry';

/** `GET /health/live` and `GET /health/ready`: 200 when every check passes, 503 with the reasons otherwise. */
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HeartbeatsRegistry) {}

  @Get('live')
  live(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    return this.respond('liveness', res);
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    return this.respond('readiness', res);
  }

  private async respond(kind: 'liveness' | 'readiness', res: Response): Promise<HealthReport> {
    const report = await this.registry.report(kind);
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
