import { StandardSchemaValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { schemaError, type Issue } from './issues.js';

/** A schema's issues, on their way from the pipe's exception factory to the pipe that knows where they came from. */
class SchemaIssues extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super('schema issues');
  }
}

const ROOTS: Partial<Record<ArgumentMetadata['type'], string>> = { body: '(body)', query: '(query)', param: '(path)' };

/** Nest's Standard Schema pipe, with errors that say whether the body, the query or the path was wrong. */
export class SchemaValidationPipe extends StandardSchemaValidationPipe {
  constructor() {
    super({ exceptionFactory: (issues) => new SchemaIssues(issues) });
  }

  override async transform<T = unknown>(value: T, metadata: ArgumentMetadata): Promise<T> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      throw error instanceof SchemaIssues ? schemaError(error.issues, ROOTS[metadata.type]) : error;
    }
  }
}
