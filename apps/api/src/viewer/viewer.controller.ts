/**
 * Serves the journey viewer: one HTML page for every `/viewer/<journeyId>`, its script modules and
 * its stylesheet. The page itself knows nothing the public GraphQL API does not tell it: it reads the
 * journey id from its own address and fetches POST /graphql with the API key the user gives it
 * (asked for on the page, or in the address's fragment, which never reaches this server).
 *
 * The files sit in `public/` next to this file, both in the sources (tests) and in `dist/` (the
 * build compiles only TypeScript and copies them as they are with `--copy-files`). They are read
 * once, on first use. Only the `.js` and `.css` files the folder held when first asked are ever
 * served, by their exact names, so no path from a request reaches the file system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export const VIEWER_ASSETS_DIR = join(__dirname, 'public');

/** What is served, by extension: the page's modules and its stylesheet (not its tsconfig.json). */
const contentTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page draws with DOM calls only (no inline script or style), so it can forbid everything else. */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

@Controller('viewer')
export class ViewerController {
  private readonly cache = new Map<string, string>();
  private assets: ReadonlyMap<string, string> | undefined;

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const type = this.assetTypes().get(file);
    if (!type) throw new NotFoundException(`No viewer asset ${file}`);
    reply.header('content-type', type);
    reply.header('cache-control', 'no-cache');
    reply.header('x-content-type-options', 'nosniff');
    return this.read(file);
  }

  @Get(':journeyId')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @Header('content-security-policy', contentSecurityPolicy)
  @Header('x-content-type-options', 'nosniff')
  @Header('referrer-policy', 'no-referrer')
  page(@Param('journeyId') _journeyId: string): string {
    return this.read('index.html');
  }

  /** The names of `public/` that are served, with their content types. */
  private assetTypes(): ReadonlyMap<string, string> {
    this.assets ??= new Map(
      readdirSync(VIEWER_ASSETS_DIR)
        .filter((file) => Object.hasOwn(contentTypes, extname(file)))
        .map((file) => [file, contentTypes[extname(file)]]),
    );
    return this.assets;
  }

  private read(file: string): string {
    let text = this.cache.get(file);
    if (text === undefined) {
      text = readFileSync(join(VIEWER_ASSETS_DIR, file), 'utf8');
      this.cache.set(file, text);
    }
    return text;
  }
}
