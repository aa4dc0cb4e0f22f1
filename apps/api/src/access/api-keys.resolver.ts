import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { ApiKey } from '@hindsight/access';
import { idProblem, textProblem } from '@hindsight/domain';
import { ApiError } from '../graphql/api-error';
import { Allow } from './access-rule.decorator';
import { ApiKeyModel, CreatedApiKey, RoleValue } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import type { AccessContext } from './principal';

const MAX_NAME_LENGTH = 200;

@Resolver()
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Allow('admin')
  @Query(() => [ApiKeyModel], { description: 'Every API key, revoked ones included, oldest first; never their secrets' })
  async apiKeys(): Promise<ApiKeyModel[]> {
    return (await this.keys.list()).map(toModel);
  }

  @Allow('admin')
  @Mutation(() => CreatedApiKey, { description: 'Creates an API key with one role; the answer holds its secret, shown this once' })
  async createApiKey(
    @Args('name') name: string,
    @Args('role', { type: () => RoleValue }) role: RoleValue,
    @Context() { authentication }: AccessContext,
  ): Promise<CreatedApiKey> {
    if (name.trim() === '' || name.length > MAX_NAME_LENGTH) {
      throw new ApiError('API_KEY.INVALID_NAME', `A key's name must be 1 to ${MAX_NAME_LENGTH} characters`, 'name');
    }
    const unstorable = textProblem(name);
    if (unstorable) throw new ApiError('API_KEY.INVALID_NAME', `A key's name ${unstorable}`, 'name');
    const createdBy = authentication.status === 'authenticated' ? authentication.principal.description : 'unknown';
    const { key, secret } = await this.keys.create(name.trim(), role, createdBy);
    return { key: toModel(key), secret };
  }

  @Allow('admin')
  @Mutation(() => ApiKeyModel, { description: 'Revokes an API key for good: it is refused from now on. Revoking it again changes nothing' })
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKeyModel> {
    const notAnId = idProblem(id);
    if (notAnId) throw new ApiError('INVALID_ID', `A key's id ${notAnId}`, 'id');
    const key = await this.keys.revoke(id);
    if (!key) throw new ApiError('API_KEY.NOT_FOUND', `No API key has the id "${id}"`, 'id');
    return toModel(key);
  }
}

function toModel(key: ApiKey): ApiKeyModel {
  return { ...key, role: key.role as RoleValue, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null };
}
