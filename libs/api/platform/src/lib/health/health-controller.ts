import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { HealthResponse } from '@kap/shared/contracts';
import { Public } from '../http/auth-decorators';
import { HealthStatusResponse } from './health-responses';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthStatusResponse })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable.', type: HealthStatusResponse })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('database check timed out')), 2000).unref(),
        ),
      ]);
      return { status: 'ok', database: 'ok' };
    } catch {
      reply.status(503);
      return { status: 'degraded', database: 'down' };
    }
  }
}
