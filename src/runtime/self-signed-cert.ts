// A self-signed serving certificate made at start, as controller-runtime's metrics server does when it
// is given none: scrapes and bearer tokens travel encrypted without a certificate manager.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface ServingCertificate {
  certPem: string;
  keyPem: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** A certificate for `hosts` (names or IP addresses), valid for a year, signed by its own key. */
export function selfSignedCertificate(hosts: string[] = ['localhost']): ServingCertificate {
  // Node's native generator is fast; forge only assembles and signs the certificate.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive: leading byte 0x01
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  const name = [{ name: 'commonName', value: `${hosts[0] ?? 'localhost'}@${Math.floor(Date.now() / 1000)}` }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}
