import { readFileSync } from 'node:fs';

/**
 * Self-signed X.509 certificates for UploadSigningCertificate (node cannot self-sign): made once with
 * `openssl req -x509 -newkey rsa:2048 -nodes -days 3650`, private keys thrown away.
 */
export function signingCertificatePem(which: 1 | 2 = 1): string {
  const name = which === 1 ? 'signing-certificate.pem' : 'signing-certificate-2.pem';
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}
