import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import {
  Ctx,
  PageQuery,
  Roles,
  UuidParam,
  type RequestContext,
  IfMatchHeader,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type { Course, Page } from '@kap/shared/contracts';
import { CreateCourseBody, UpdateCourseBody } from './course-requests';
import { CoursesService } from './courses-service';
import { CoursePage, CourseResponse } from './course-responses';

/** Contract: docs/api.md "Treatment courses and sessions" (course rows). */
@Controller()
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get('patients/:id/courses')
  @ApiOkResponse({ type: CoursePage })
  list(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<Course>> {
    return this.courses.list(ctx, id, query);
  }

  @IdempotencyKeyHeader()
  @Post('patients/:id/courses')
  @Roles('therapist')
  @ApiCreatedResponse({ type: CourseResponse })
  create(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateCourseBody,
  ): Promise<Course> {
    return this.courses.create(ctx, id, body);
  }

  @IfMatchHeader()
  @Patch('courses/:id')
  @Roles('therapist')
  @ApiOkResponse({ type: CourseResponse })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateCourseBody,
  ): Promise<Course> {
    return this.courses.update(ctx, id, body);
  }
}
