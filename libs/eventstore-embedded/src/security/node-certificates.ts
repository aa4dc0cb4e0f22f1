/**
 * The secure store's TLS certificates, made at its first start and kept in its data directory, the
 * way `es-gencert-cli` lays them out for EventStoreDB: a certificate authority (`ca.crt`, `ca.key`)
 * and a node certificate it signed (`node.crt`, `node.key`) for the names clients connect to.
 * Clients trust `ca.crt` (`tlsCAFile=`). The directory is owner-only (0700) and so are the private
 * keys (0600), tightened again at every start. A node certificate that expires within 30 days, or
 * that does not name a host the store now serves, is issued again by the same authority, so clients
 * keep trusting the same `ca.crt` (a new authority makes every node certificate fail to verify, so
 * they are issued again too).
 */
import { webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface NodeCertificates {
  readonly caFile: string;
  readonly caCertificate: Buffer;
  readonly certificate: Buffer;
  readonly privateKey: Buffer;
}

const CA_CERTIFICATE = 'ca.crt';
const CA_KEY = 'ca.key';
const NODE_CERTIFICATE = 'node.crt';
const NODE_KEY = 'node.key';
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALID_DAYS = 5 * 365;
const NODE_VALID_DAYS = 365;
const RENEW_WITHIN_DAYS = 30;
/** EventStoreDB's reserved node common name, which `es-gencert-cli` also uses. */
const NODE_COMMON_NAME = 'eventstoredb-node';
const SIGNING = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The names a node certificate must carry for clients that connect to `host`. */
export function certificateHostsFor(host: string): string[] {
  const hosts = new Set(['127.0.0.1', '::1', 'localhost']);
  if (host === '0.0.0.0' || host === '::') hosts.add(hostname());
  else hosts.add(host);
  return [...hosts];
}

export async function ensureNodeCertificates(directory: string, hosts: readonly string[], log?: (message: string) => void): Promise<NodeCertificates> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  const path = (name: string) => join(directory, name);
  const x509 = await loadX509();

  let caCertificate = readIfExists(path(CA_CERTIFICATE));
  let caKey = readIfExists(path(CA_KEY));
  if (!caCertificate || !caKey || expiresWithin(caCertificate, 0)) {
    if (caCertificate) log?.(`the certificate authority in ${directory} has expired: making a new one; clients must trust the new ${CA_CERTIFICATE}`);
    const keys = await generateKeys();
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serialNumber(),
      name: 'CN=Hindsight event store CA',
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + CA_VALID_DAYS * DAY_MS),
      signingAlgorithm: SIGNING,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caKey = await privateKeyPem(keys.privateKey);
    caCertificate = Buffer.from(ca.toString('pem'));
    writePrivate(path(CA_KEY), caKey);
    writePublic(path(CA_CERTIFICATE), caCertificate);
  }
  chmodSync(path(CA_KEY), 0o600);

  let certificate = readIfExists(path(NODE_CERTIFICATE));
  let privateKey = readIfExists(path(NODE_KEY));
  if (!certificate || !privateKey || !nodeCertificateFits(certificate, caCertificate, hosts)) {
    const keys = await generateKeys();
    const caKeyObject = await webcrypto.subtle.importKey('pkcs8', pemBody(caKey), SIGNING, false, ['sign']);
    const ca = new x509.X509Certificate(caCertificate.toString('utf8'));
    const node = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject: `CN=${NODE_COMMON_NAME}`,
      issuer: ca.subject,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Math.min(Date.now() + NODE_VALID_DAYS * DAY_MS, ca.notAfter.getTime())),
      signingAlgorithm: SIGNING,
      publicKey: keys.publicKey,
      signingKey: caKeyObject,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host }))),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(ca),
      ],
    });
    privateKey = await privateKeyPem(keys.privateKey);
    certificate = Buffer.from(node.toString('pem'));
    writePrivate(path(NODE_KEY), privateKey);
    writePublic(path(NODE_CERTIFICATE), certificate);
    log?.(`issued a node certificate for ${hosts.join(', ')} in ${directory}`);
  }
  chmodSync(path(NODE_KEY), 0o600);
  return { caFile: path(CA_CERTIFICATE), caCertificate, certificate, privateKey };
}

/**
 * `@peculiar/x509` resolves its classes through tsyringe, which needs the Reflect metadata polyfill;
 * loaded here, on first use, so a store that serves no TLS loads neither.
 */
async function loadX509(): Promise<typeof import('@peculiar/x509')> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  return x509;
}

function nodeCertificateFits(certificate: Buffer, caCertificate: Buffer, hosts: readonly string[]): boolean {
  const node = new X509Certificate(certificate);
  if (!node.verify(new X509Certificate(caCertificate).publicKey) || expiresWithin(certificate, RENEW_WITHIN_DAYS)) return false;
  return hosts.every((host) => (isIP(host) ? node.checkIP(host) : node.checkHost(host)) !== undefined);
}

function expiresWithin(certificate: Buffer, days: number): boolean {
  return new Date(new X509Certificate(certificate).validTo).getTime() - Date.now() < days * DAY_MS;
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(SIGNING, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<Buffer> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return Buffer.from(`-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`);
}

function pemBody(pem: Buffer): Buffer {
  return Buffer.from(pem.toString('utf8').replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // a positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

/** Written beside, then renamed into place: a crash never leaves half a key, and the file is 0600 from its first byte. */
function writePrivate(file: string, contents: Buffer): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, contents, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

function writePublic(file: string, contents: Buffer): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, contents, { mode: 0o644 });
  renameSync(temporary, file);
}

function readIfExists(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}
