import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationFailed, type FieldProblem } from '@kap/shared/domain';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses NUL characters and lone UTF-16 surrogates anywhere in a body or query (keys included).
 * PostgreSQL cannot store them, and they are never part of clinical text.
 */
@Injectable()
export class UnsafeTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const problems: FieldProblem[] = [];
    findUnsafeText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), problems, 0);
    if (problems.length > 0) throw new ValidationFailed(problems);
    return value;
  }
}

function findUnsafeText(value: unknown, path: string, problems: FieldProblem[], depth: number): void {
  if (problems.length >= 10) return;
  if (depth > 32) {
    problems.push({ field: path || '(body)', problem: 'is nested too deeply' });
    return;
  }
  if (typeof value === 'string') {
    if (isUnsafe(value))
      problems.push({ field: path || '(value)', problem: 'contains a NUL character or broken Unicode' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => findUnsafeText(item, `${path}[${index}]`, problems, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (isUnsafe(key))
        problems.push({ field: JSON.stringify(key), problem: 'is not an allowed field name' });
      else findUnsafeText(item, field, problems, depth + 1);
    }
  }
}

function isUnsafe(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}
