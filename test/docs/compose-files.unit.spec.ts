/**
 * The compose files, read as Docker Compose would (YAML, then `${…}` interpolation), since there is no
 * Docker engine here to run them: the production ones are secure by default, the insecure one says so
 * in its name and reaches no further than this machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// How the client itself reads a connection string (several hosts are no WHATWG URL).
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
// A YAML parser already in node_modules (through Jest); merge keys (`<<:`) included.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

interface Service {
  image?: string;
  environment?: Record<string, string>;
  ports?: (string | { host_ip?: string; published?: string | number })[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

interface ComposeFile {
  services: Record<string, Service>;
}

/** Interpolation as Compose does it with no variable set: defaults apply, required variables become `<NAME>`. */
function interpolate(text: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}/g, (_whole, name: string, kind?: string, value?: string) =>
    kind === '-' ? (value ?? '') : `<${name}>`,
  );
}

function composeFile(name: string): ComposeFile {
  const text = readFileSync(join(__dirname, '../..', name), 'utf8');
  return yaml.safeLoad(interpolate(text.replace(/\$\$/g, '$'))) as ComposeFile;
}

/** Each published port with the host address it binds (`*` for every interface). */
function publishedPorts(service: Service): { hostIp: string; port: string }[] {
  return (service.ports ?? []).map((entry) => {
    if (typeof entry !== 'string') return { hostIp: entry.host_ip ?? '*', port: String(entry.published) };
    const parts = entry.split(':');
    return parts.length === 3 ? { hostIp: parts[0], port: parts[1] } : { hostIp: '*', port: parts[0] };
  });
}

function isKurrentDb(service: Service): boolean {
  return service.image?.includes('kurrentdb') ?? false;
}

const HINDSIGHT_SERVICES = ['api', 'projector'];

describe.each(['docker-compose.yml', 'docker-compose.cluster.yml'])('the production compose file %s', (file) => {
  const { services } = composeFile(file);
  const stores = Object.values(services).filter(isKurrentDb);

  it('runs every KurrentDB node secure, with its own certificate and a password of the operator’s', () => {
    expect(stores.length).toBeGreaterThan(0);
    for (const store of stores) {
      const environment = store.environment ?? {};
      expect(Object.keys(environment).filter((key) => /INSECURE/i.test(key))).toEqual([]);
      expect(environment).toMatchObject({
        KURRENTDB_CERTIFICATE_FILE: expect.stringMatching(/\.crt$/),
        KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE: expect.stringMatching(/\.key$/),
        KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH: expect.any(String),
        KURRENTDB_DEFAULT_ADMIN_PASSWORD: '<KURRENTDB_ADMIN_PASSWORD>',
      });
      expect(store.depends_on?.certs).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('connects Hindsight over TLS, trusting the generated CA, with credentials that are not a default', () => {
    for (const name of HINDSIGHT_SERVICES) {
      const connection = parseConnectionString(services[name].environment!.EVENTSTORE_CONNECTION_STRING);
      expect(connection).toMatchObject({ tls: true, defaultCredentials: { username: 'admin', password: '<KURRENTDB_ADMIN_PASSWORD>' } });
      const caFile = connection.tlsCAFile!;
      const caMount = services[name].volumes!.find((volume) => caFile.startsWith(`${volume.split(':')[1]}/`));
      expect(caMount).toMatch(/:ro$/);
      // The volume mounted there is the one the certs service copies the CA certificate into, alone.
      expect(services.certs.volumes).toContain(`${caMount!.split(':')[0]}:/ca`);
    }
  });

  it('keeps the CA’s private key in a volume only the certs service mounts', () => {
    const keyVolume = services.certs.volumes!.find((volume) => volume.endsWith(':/ca-key'))!.split(':')[0];
    const mountedBy = Object.entries(services).filter(([, service]) => service.volumes?.some((volume) => volume.startsWith(`${keyVolume}:`)));

    expect(mountedBy.map(([name]) => name)).toEqual(['certs']);
  });

  it('has PostgreSQL ask for a password of the operator’s', () => {
    expect(services.postgres.environment!.POSTGRES_PASSWORD).toBe('<POSTGRES_PASSWORD>');
    for (const name of HINDSIGHT_SERVICES) expect(services[name].environment!.DATABASE_URL).toContain(':<POSTGRES_PASSWORD>@');
  });

  it('publishes the API alone, on 127.0.0.1 unless the operator says otherwise', () => {
    const published = Object.entries(services).flatMap(([name, service]) => publishedPorts(service).map((port) => ({ name, ...port })));

    expect(published).toEqual([{ name: 'api', hostIp: '127.0.0.1', port: '3000' }]);
  });
});

describe('the insecure compose file', () => {
  const { services } = composeFile('docker-compose.insecure.yml');

  it('reaches nothing beyond this machine', () => {
    const published = Object.values(services).flatMap(publishedPorts);

    expect(published.length).toBeGreaterThan(0);
    expect(published.filter(({ hostIp }) => hostIp !== '127.0.0.1')).toEqual([]);
  });
});
