/** PEM text of one block (the provider checks the armour and that the body looks like base64, not the DER inside). */
export function pem(label: string, body: string): string {
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
