/**
 * The access check, before anything runs: every field a request selects (through fragments too) is
 * held to the rule it declares (access-rule.decorator.ts). A request is refused whole, or runs
 * whole: nothing of a refused request reaches a resolver, so it leaves no trace in the store.
 *
 * Pure: the schema, the document and who is asking in; the errors to answer with out.
 */
import {
  GraphQLError,
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Role } from '@hindsight/access';
import { ACCESS_EXTENSION, type AccessRule } from './access-rule.decorator';
import type { Authentication } from './principal';

export interface AccessPolicyOptions {
  /** `__schema` and `__type`; refused with INTROSPECTION_DISABLED when false. */
  readonly introspection: boolean;
}

interface SelectedField {
  readonly node: FieldNode;
  readonly definition: GraphQLField<unknown, unknown>;
  readonly root: boolean;
  readonly path: readonly string[];
}

export function accessErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  authentication: Authentication,
  options: AccessPolicyOptions,
): GraphQLError[] {
  if (authentication.status === 'refused') return [unauthenticated(authentication.reason)];
  const errors: GraphQLError[] = [];
  let needsCredential = false;
  for (const field of selectedFields(schema, document)) {
    const name = field.definition.name;
    if (field.definition === SchemaMetaFieldDef || field.definition === TypeMetaFieldDef) {
      if (!options.introspection) {
        errors.push(new GraphQLError('Introspection is disabled on this API (HINDSIGHT_ALLOW_INTROSPECTION)', {
          nodes: field.node,
          path: field.path,
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }));
      }
      continue;
    }
    const rule = field.definition.extensions[ACCESS_EXTENSION] as AccessRule | undefined;
    if (!rule) {
      if (field.root) errors.push(forbidden(field, `Nobody may use ${name}: it declares no access rule`));
      continue;
    }
    if ('anyone' in rule) continue;
    if (authentication.status === 'anonymous') {
      needsCredential = true;
      continue;
    }
    const { principal } = authentication;
    if (mayUse(authentication, rule.roles)) continue;
    const held = principal.roles.length ? `holds ${principal.roles.join(', ')}` : 'holds no Hindsight role';
    errors.push(forbidden(field, `${name} is for ${[...rule.roles, 'admin'].join(', ')}; ${principal.description} ${held}`));
  }
  if (needsCredential) {
    return [unauthenticated('This request needs a credential: send "Authorization: Bearer <API key or token>"')];
  }
  return errors;
}

/** Whether the caller holds one of `roles`, or is admin, who may use everything that declares a rule. */
export function mayUse(authentication: Authentication, roles: readonly Role[]): boolean {
  if (authentication.status !== 'authenticated') return false;
  const held = authentication.principal.roles;
  return held.includes('admin') || roles.some((role) => held.includes(role));
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

function forbidden(field: SelectedField, message: string): GraphQLError {
  return new GraphQLError(message, { nodes: field.node, path: field.path, extensions: { code: 'FORBIDDEN' } });
}

/** Every field of every operation in the document, with its definition and its response path. */
function selectedFields(schema: GraphQLSchema, document: DocumentNode): SelectedField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const found: SelectedField[] = [];
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, path: readonly string[], root: boolean, spread: ReadonlySet<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const definition = fieldDefinition(schema, parent, selection.name.value);
        if (!definition) continue; // __typename (harmless anywhere), or a field validation has already refused
        const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
        found.push({ node: selection, definition, root, path: fieldPath });
        const type = getNamedType(definition.type);
        if (selection.selectionSet && isCompositeType(type)) walk(selection.selectionSet, type, fieldPath, false, spread);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type, path, root, spread);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        // Validation refuses cyclic spreads; the guard keeps this walk finite regardless.
        if (fragment && type && isCompositeType(type) && !spread.has(name)) walk(fragment.selectionSet, type, path, root, new Set([...spread, name]));
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const rootType = schema.getRootType(definition.operation);
    if (rootType) walk(definition.selectionSet, rootType, [], true, new Set());
  }
  return found;
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parent === schema.getQueryType() && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (parent === schema.getQueryType() && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}
