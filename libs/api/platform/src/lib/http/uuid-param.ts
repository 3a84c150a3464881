import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFound } from '@kap/shared/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not even a UUID is answered exactly like an id that does not exist. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFound();
    return value.toLowerCase();
  }
}
