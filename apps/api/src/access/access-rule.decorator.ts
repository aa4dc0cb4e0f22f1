/**
 * Who may use a field, declared on the field itself and kept in the schema (the field's
 * `extensions.access`), where the access check reads it. Every Query, Mutation and Subscription
 * field must declare one: a root field without a rule is refused to everyone, admin included, and a
 * test walks the schema so that a new field cannot ship without one. A nested field may declare a
 * narrower rule (`Journey.findings`); without one it is open to whoever may reach it.
 *
 * `admin` may use every field that declares a rule, whatever roles it names.
 */
import { Extensions } from '@nestjs/graphql';
import type { Role } from '@hindsight/access';

export type AccessRule = { readonly anyone: true } | { readonly roles: readonly Role[] };

export const ACCESS_EXTENSION = 'access';

/** The roles that read the read models: journeys, metrics, reviews, live updates. */
export const READ_ROLES: readonly Role[] = ['reader', 'agent-app', 'quality'];

/**
 * The roles with the personal-data right: `Journey.customer`, and personal fields revealed wherever
 * event data leaves the API (privacy/personal-data-disclosure.ts). Everyone else gets them redacted.
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['agent-app', 'quality'];

export function Allow(...roles: Role[]): MethodDecorator & PropertyDecorator {
  return Extensions({ [ACCESS_EXTENSION]: { roles } satisfies AccessRule });
}

/** Open to every caller, credential or not: only for what is harmless to tell anyone (liveness). */
export function AllowAnyone(): MethodDecorator & PropertyDecorator {
  return Extensions({ [ACCESS_EXTENSION]: { anyone: true } satisfies AccessRule });
}
