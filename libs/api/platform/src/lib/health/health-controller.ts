import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { HealthResponse } from '@kap/shared/contracts';
import { Public } from '../http/auth-decorators';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Get()
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
