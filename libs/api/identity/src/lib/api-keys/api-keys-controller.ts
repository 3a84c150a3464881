import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { ApiKey, CreatedApiKey, Page } from '@kap/shared/contracts';
import {
  Ctx,
  PageQuery,
  type RequestContext,
  Roles,
  UuidParam,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import { CreateApiKeyBody } from './api-key-requests';
import { ApiKeysService } from './api-keys-service';
import { ApiKeyPage, ApiKeyResponse, CreatedApiKeyResponse } from './api-key-responses';

/** A medical team's coordinator manages the keys of the team's systems (decision 0008). */
@Controller('api-keys')
@Roles('care_coordinator')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyPage })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<ApiKey>> {
    return this.keys.list(ctx, query);
  }

  @IdempotencyKeyHeader()
  @Post()
  @ApiExtraModels(CreatedApiKeyResponse, ApiKeyResponse)
  @ApiCreatedResponse({
    description:
      'With the key, shown this once; a replay of the same Idempotency-Key answers the key without it.',
    schema: {
      anyOf: [{ $ref: getSchemaPath(CreatedApiKeyResponse) }, { $ref: getSchemaPath(ApiKeyResponse) }],
    },
  })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateApiKeyBody): Promise<CreatedApiKey | ApiKey> {
    return this.keys.create(ctx, body);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyResponse })
  revoke(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<ApiKey> {
    return this.keys.revoke(ctx, id);
  }
}
