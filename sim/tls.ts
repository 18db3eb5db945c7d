// Self-signed certificate authority and a server certificate for the simulator's HTTPS endpoint.
// The real SDK refuses bearer tokens over plain http, so the simulator speaks TLS and hands out its CA.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const DAY_MS = 24 * 3600 * 1000;

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  privatePem: string;
}

// Keys come from Node's native generator (fast); forge only assembles and signs the certificates.
function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privatePem: privateKey,
  };
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive: leading byte 0x01
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  return cert;
}

function altName(host: string): { type: number; value?: string; ip?: string } {
  return /^[\d.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host };
}

/** Creates a CA and a server certificate (signed by it) for the given host names and IP addresses. */
export function createTlsMaterial(hosts: string[] = ['localhost', '127.0.0.1', '::1']): TlsMaterial {
  const caKeys = newKeyPair();
  const ca = baseCertificate(caKeys.publicKey);
  const caName = [{ name: 'commonName', value: 'AKS simulator local CA' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = newKeyPair();
  const server = baseCertificate(serverKeys.publicKey);
  server.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  server.setIssuer(caName);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map(altName) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(server),
    keyPem: serverKeys.privatePem,
  };
}

/** Writes ca.pem into the directory so clients in other processes can trust the simulator. */
export async function writeCaPem(dir: string, caPem: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'ca.pem');
  await writeFile(path, caPem);
  return path;
}
