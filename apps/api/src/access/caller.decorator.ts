/**
 * Who is making this request, for the record: every event a request appends carries it as
 * `recordedBy` in its metadata, so the log says which key or which signed-in user wrote what.
 * The access check has already refused a request without a principal before any resolver runs.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AccessContext } from './principal';

export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const { authentication } = GqlExecutionContext.create(context).getContext<AccessContext>();
  if (authentication.status !== 'authenticated') throw new Error('A write reached its resolver without a principal');
  return authentication.principal.id;
});
