/** Base64 of a file's bytes, built in slices: one String.fromCharCode call per byte would overflow the stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  const slice = 0x8000;
  const parts: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += slice) {
    parts.push(String.fromCharCode(...bytes.subarray(offset, offset + slice)));
  }
  return btoa(parts.join(''));
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
